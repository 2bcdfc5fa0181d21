import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createFixtureStore, fixtureState, FIXTURE_T0 } from '../../store/testing.js';
import { getLocale, matchLocale, useWorkspaceChatLocalization } from '../index.js';
import { accessibleName, allByRole } from '../chat-interaction/test-queries.js';

/* The opt-in localisation follows the page's `<html lang>`, as it changes (a page of its own). */
describe('useWorkspaceChatLocalization', () => {
  const acceptName = (el: Element) => allByRole(el, 'button').map(accessibleName).find((name) => /^Accept/.test(name));

  it('shows English and configures nothing until a host opts in', async () => {
    document.documentElement.lang = 'fr-CA';
    const el = await fixture<HTMLElement>(html`
      <interaction-preview .store=${createFixtureStore(fixtureState('ringing-invitation', { viewer: 'jim' }))} .now=${() => FIXTURE_T0 + 61_000}></interaction-preview>
    `);
    await waitUntil(() => acceptName(el) === 'Accept', 'the English Accept button');
    // Dates and numbers already follow the document's language.
    expect(getLocale()).to.equal('fr-CA');

    useWorkspaceChatLocalization();
    await waitUntil(() => acceptName(el) === 'Accepter', 'French, from <html lang="fr-CA">');
    expect(getLocale()).to.equal('fr');

    document.documentElement.lang = 'en-GB';
    await waitUntil(() => acceptName(el) === 'Accept', 'English again when <html lang> changes');
  });

  it('matches region tags to the translations it has', () => {
    expect(matchLocale('fr-CA')).to.equal('fr');
    expect(matchLocale('FR')).to.equal('fr');
    expect(matchLocale('de-DE')).to.equal('en');
  });
});
