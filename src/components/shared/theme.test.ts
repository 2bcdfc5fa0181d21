import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID, FIXTURE_T0 } from '../../store/testing.js';
import * as components from '../index.js';

/*
 * The dark theme as hosts set it, checked by the colours the user sees. Runs in Chromium and
 * Firefox (Firefox drops a whole rule that uses `:host-context()`, which is how the dark
 * theme used to reach the components).
 */
const LIGHT_TEXT = 'rgb(27, 31, 36)';
const DARK_TEXT = 'rgb(232, 234, 237)';
const DARK_BACKGROUND = 'rgb(21, 24, 28)';

const textColour = (el: Element) => getComputedStyle(el).color;

async function interaction(wrapper: ReturnType<typeof html>) {
  const root = await fixture<HTMLElement>(wrapper);
  const el = root.matches('chat-interaction') ? root : root.querySelector('chat-interaction')!;
  await (el as LitElement).updateComplete;
  await waitUntil(() => el.shadowRoot!.querySelector('chat-transcript') !== null, 'the window with its transcript');
  const transcript = el.shadowRoot!.querySelector('chat-transcript')!;
  const composer = el.shadowRoot!.querySelector('chat-composer')!;
  return { el, transcript, composer };
}

const store = () => createFixtureStore(fixtureState('two-agent-conference'));
const now = () => FIXTURE_T0 + 207_000;

describe('theme', () => {
  it('is light by default', async () => {
    const { el, transcript } = await interaction(html`<chat-interaction .store=${store()} session-id=${FIXTURE_SESSION_ID} .now=${now}></chat-interaction>`);
    expect(textColour(el)).to.equal(LIGHT_TEXT);
    expect(textColour(transcript)).to.equal(LIGHT_TEXT);
  });

  it('turns dark, inner parts included, under an ancestor with data-theme="dark"', async () => {
    const { el, transcript, composer } = await interaction(html`
      <main data-theme="dark"><section><chat-interaction .store=${store()} session-id=${FIXTURE_SESSION_ID} .now=${now}></chat-interaction></section></main>
    `);
    expect(textColour(el)).to.equal(DARK_TEXT);
    expect(textColour(transcript)).to.equal(DARK_TEXT);
    expect(textColour(composer)).to.equal(DARK_TEXT);
  });

  it('turns dark under an ancestor with the wc-theme-dark class or color-scheme: dark', async () => {
    const byClass = await interaction(html`<div class="wc-theme-dark"><chat-interaction .store=${store()} session-id=${FIXTURE_SESSION_ID} .now=${now}></chat-interaction></div>`);
    expect(textColour(byClass.transcript)).to.equal(DARK_TEXT);
    const byScheme = await interaction(html`<div style="color-scheme: dark"><chat-interaction .store=${store()} session-id=${FIXTURE_SESSION_ID} .now=${now}></chat-interaction></div>`);
    expect(textColour(byScheme.transcript)).to.equal(DARK_TEXT);
  });

  it('takes theme="dark" on the element to every part inside it, and theme="light" under a dark page', async () => {
    const dark = await interaction(html`<chat-interaction theme="dark" .store=${store()} session-id=${FIXTURE_SESSION_ID} .now=${now}></chat-interaction>`);
    expect(textColour(dark.transcript)).to.equal(DARK_TEXT);
    expect(dark.transcript.hasAttribute('theme'), 'no theme handed down by hand').to.equal(false);
    expect(getComputedStyle(dark.el).backgroundColor).to.equal(DARK_BACKGROUND);
    expect(getComputedStyle(dark.transcript).backgroundColor).to.equal(DARK_BACKGROUND);

    const light = await interaction(html`<div data-theme="dark"><chat-interaction theme="light" .store=${store()} session-id=${FIXTURE_SESSION_ID} .now=${now}></chat-interaction></div>`);
    expect(textColour(light.transcript)).to.equal(LIGHT_TEXT);
  });

  it("lets a host's --wc-* token win in the dark theme too", async () => {
    const { transcript } = await interaction(html`
      <div data-theme="dark" style="--wc-foreground: rgb(1, 2, 3)"><chat-interaction .store=${store()} session-id=${FIXTURE_SESSION_ID} .now=${now}></chat-interaction></div>
    `);
    expect(textColour(transcript)).to.equal('rgb(1, 2, 3)');
  });

  it('uses no :host-context() in any component stylesheet', () => {
    const classes = (Object.values(components) as unknown[]).filter(
      (value): value is typeof LitElement => typeof value === 'function' && value.prototype instanceof HTMLElement && 'elementStyles' in value,
    );
    expect(classes.length).to.be.greaterThan(6);
    for (const element of classes) {
      const text = (element.elementStyles ?? []).map((style) => ('cssText' in style ? style.cssText : '')).join('\n');
      expect(text, element.name).not.to.contain(':host-context');
    }
  });
});
