import { expect, fixture, html } from '@open-wc/testing';
import { StoreElement } from '../shared/store-element.js';
import { createFixtureStore, fixtureState } from '../../store/testing.js';
import { selectUser } from '../../store/selectors.js';
import './index.js';
import { WorkspaceProvider } from './index.js';

class SignedInAs extends StoreElement {
  private readonly user = this.select(selectUser, undefined);
  protected override render() {
    return html`<p>${this.user.value?.name ?? 'Not signed in'}</p>`;
  }
}
customElements.define('signed-in-as', SignedInAs);

const shown = (el: Element) => el.shadowRoot!.querySelector('p')!.textContent;

let unique = 0;
/** Fresh tag names, since a tag can be defined once per page. */
function freshTags() {
  unique += 1;
  return { provider: `late-provider-${unique}`, consumer: `late-consumer-${unique}` };
}

/** Static markup as a plain HTML page has it: parsed before any of its elements is defined. */
function staticMarkup(tags: { provider: string; consumer: string }) {
  const page = document.createElement('div');
  page.innerHTML = `<${tags.provider}><section><${tags.consumer}></${tags.consumer}></section></${tags.provider}>`;
  document.body.append(page);
  return {
    page,
    provider: page.querySelector(tags.provider) as WorkspaceProvider,
    consumer: page.querySelector(tags.consumer) as SignedInAs,
  };
}

async function settles(consumer: SignedInAs, expected: string) {
  // The provider's context reaches the consumer through events and a render; wait on the text.
  for (let i = 0; i < 50 && consumer.shadowRoot?.querySelector('p')?.textContent !== expected; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await consumer.updateComplete;
  }
  expect(shown(consumer)).to.equal(expected);
}

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

  describe('in static HTML, in any registration order', () => {
    let page: HTMLElement | undefined;
    afterEach(() => page?.remove());

    it('reaches components that were defined and upgraded before the provider', async () => {
      const tags = freshTags();
      const markup = staticMarkup(tags);
      page = markup.page;
      // The host's script sets the store on the not-yet-upgraded provider, as a page script does.
      markup.provider.store = createFixtureStore(fixtureState('connected'));
      customElements.define(tags.consumer, class extends SignedInAs {});
      await (markup.consumer as SignedInAs).updateComplete;
      expect(shown(markup.consumer)).to.equal('Not signed in');
      customElements.define(tags.provider, class extends WorkspaceProvider {});
      await settles(markup.consumer, 'Kate Lewis');
    });

    it('reaches components defined after the provider', async () => {
      const tags = freshTags();
      const markup = staticMarkup(tags);
      page = markup.page;
      customElements.define(tags.provider, class extends WorkspaceProvider {});
      markup.provider.store = createFixtureStore(fixtureState('connected', { viewer: 'avril' }));
      customElements.define(tags.consumer, class extends SignedInAs {});
      await settles(markup.consumer, 'Avril Mai');
    });

    it('reaches a component added to the page later, and follows a store set after the upgrade', async () => {
      const tags = freshTags();
      customElements.define(tags.consumer, class extends SignedInAs {});
      const markup = staticMarkup(tags);
      page = markup.page;
      customElements.define(tags.provider, class extends WorkspaceProvider {});
      markup.provider.store = createFixtureStore(fixtureState('connected'));
      await settles(markup.consumer, 'Kate Lewis');
      const later = document.createElement(tags.consumer) as SignedInAs;
      markup.provider.append(later);
      await settles(later, 'Kate Lewis');
      markup.provider.store = createFixtureStore(fixtureState('connected', { viewer: 'jim' }));
      await settles(later, 'Jim Miller');
      await settles(markup.consumer, 'Jim Miller');
    });
  });

  it('takes no room in the layout', async () => {
    const provider = await fixture<WorkspaceProvider>(html`<workspace-provider></workspace-provider>`);
    expect(getComputedStyle(provider).display).to.equal('contents');
  });
});
