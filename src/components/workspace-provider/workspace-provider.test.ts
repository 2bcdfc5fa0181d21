import { expect, fixture, html } from '@open-wc/testing';
import { StoreElement } from '../shared/store-element.js';
import { createFixtureStore, fixtureState } from '../../store/testing.js';
import { selectUser } from '../../store/selectors.js';
import './index.js';
import type { WorkspaceProvider } from './index.js';

class SignedInAs extends StoreElement {
  private readonly user = this.select(selectUser, undefined);
  protected override render() {
    return html`<p>${this.user.value?.name ?? 'Not signed in'}</p>`;
  }
}
customElements.define('signed-in-as', SignedInAs);

const shown = (el: Element) => el.shadowRoot!.querySelector('p')!.textContent;

describe('workspace-provider', () => {
  it('gives its store to a component inside it', async () => {
    const store = createFixtureStore(fixtureState('connected'));
    const provider = await fixture<WorkspaceProvider>(html`
      <workspace-provider .store=${store}><div><signed-in-as></signed-in-as></div></workspace-provider>
    `);
    const child = provider.querySelector('signed-in-as')!;
    await (child as SignedInAs).updateComplete;
    expect(shown(child)).to.equal('Kate Lewis');
  });

  it('rebinds the components when its store is replaced', async () => {
    const provider = await fixture<WorkspaceProvider>(html`
      <workspace-provider .store=${createFixtureStore(fixtureState('connected'))}><signed-in-as></signed-in-as></workspace-provider>
    `);
    const child = provider.querySelector<SignedInAs>('signed-in-as')!;
    provider.store = createFixtureStore(fixtureState('connected', { viewer: 'avril' }));
    await provider.updateComplete;
    await child.updateComplete;
    expect(shown(child)).to.equal('Avril Mai');
  });

  it("lets a component's own store take precedence", async () => {
    const own = createFixtureStore(fixtureState('two-agent-conference', { viewer: 'jim' }));
    const provider = await fixture<WorkspaceProvider>(html`
      <workspace-provider .store=${createFixtureStore(fixtureState('connected'))}><signed-in-as .store=${own}></signed-in-as></workspace-provider>
    `);
    const child = provider.querySelector<SignedInAs>('signed-in-as')!;
    await child.updateComplete;
    expect(shown(child)).to.equal('Jim Miller');
  });

  it('takes no room in the layout', async () => {
    const provider = await fixture<WorkspaceProvider>(html`<workspace-provider></workspace-provider>`);
    expect(getComputedStyle(provider).display).to.equal('contents');
  });
});
