import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { SelectController } from './select-controller.js';
import { countingStore } from '../test-support/counting-store.js';
import { createFixtureStore, fixtureState, fixtureUser } from '../../store/testing.js';
import type { WorkspaceStore } from '../../store/types.js';

class UserNameProbe extends LitElement {
  static override properties = { store: { attribute: false } };
  store?: WorkspaceStore;
  renders = 0;
  readonly name = new SelectController(this, () => this.store, (s) => s.user?.name ?? 'nobody', 'nobody');
  protected override render() {
    this.renders += 1;
    return html`<p>${this.name.value}</p>`;
  }
}
customElements.define('user-name-probe', UserNameProbe);

const shown = (el: UserNameProbe) => el.shadowRoot!.querySelector('p')!.textContent;

describe('SelectController', () => {
  it('shows the selected value from the first render', async () => {
    const store = createFixtureStore(fixtureState('connected'));
    const el = await fixture<UserNameProbe>(html`<user-name-probe .store=${store}></user-name-probe>`);
    expect(shown(el)).to.equal('Kate Lewis');
  });

  it('re-renders when the selected value changes', async () => {
    const store = createFixtureStore(fixtureState('connected'));
    const el = await fixture<UserNameProbe>(html`<user-name-probe .store=${store}></user-name-probe>`);
    store.setState({ user: fixtureUser('jim') });
    await el.updateComplete;
    expect(shown(el)).to.equal('Jim Miller');
  });

  it('does not re-render for changes the selector does not see', async () => {
    const store = createFixtureStore(fixtureState('connected'));
    const el = await fixture<UserNameProbe>(html`<user-name-probe .store=${store}></user-name-probe>`);
    const before = el.renders;
    store.setState({ connection: { status: 'reconnecting' }, typing: { 'chat-1': [fixtureUser('avril')] } });
    await el.updateComplete;
    expect(el.renders).to.equal(before);
  });

  it('rebinds when its store property changes', async () => {
    const first = createFixtureStore(fixtureState('connected'));
    const second = createFixtureStore(fixtureState('connected', { viewer: 'jim' }));
    const el = await fixture<UserNameProbe>(html`<user-name-probe .store=${first}></user-name-probe>`);
    el.store = second;
    await el.updateComplete;
    expect(shown(el)).to.equal('Jim Miller');
    first.setState({ user: fixtureUser('ravi') });
    await el.updateComplete;
    expect(shown(el)).to.equal('Jim Miller');
    second.setState({ user: fixtureUser('sofia') });
    await el.updateComplete;
    expect(shown(el)).to.equal('Sofia Garcia');
  });

  it('binds once a store arrives after the element connected', async () => {
    const el = await fixture<UserNameProbe>(html`<user-name-probe></user-name-probe>`);
    expect(shown(el)).to.equal('nobody');
    el.store = createFixtureStore(fixtureState('connected', { viewer: 'avril' }));
    await el.updateComplete;
    expect(shown(el)).to.equal('Avril Mai');
  });

  it('unsubscribes on disconnect and catches up when connected again', async () => {
    const store = countingStore(createFixtureStore(fixtureState('connected')));
    const el = await fixture<UserNameProbe>(html`<user-name-probe .store=${store}></user-name-probe>`);
    expect(store.open()).to.equal(1);
    const parent = el.parentElement!;
    el.remove();
    expect(store.open()).to.equal(0);
    const before = el.renders;
    store.setState({ user: fixtureUser('jim') });
    await el.updateComplete;
    expect(el.renders).to.equal(before);
    parent.append(el);
    await el.updateComplete;
    expect(store.open()).to.equal(1);
    expect(shown(el)).to.equal('Jim Miller');
  });
});
