import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configureLocalization, msg } from '@lit/localize';
import { createFixtureStore, fixtureState, FIXTURE_SESSION_ID, FIXTURE_T0 } from '../../store/testing.js';
import { accessibleName, allByRole } from '../chat-interaction/test-queries.js';

/*
 * A host app that uses @lit/localize for its own UI and configures it before it loads
 * workspace-chat (each test file runs in a page of its own, so this is the page's first and
 * only configuration). Importing our components must not throw, and the host's locale must
 * reach them once the host merges our translations into its own.
 */
const hostFrench = { 'host-greeting': 'Bonjour' };
let loadOurs: ((locale: string) => Promise<{ templates: Record<string, unknown> } | undefined>) | undefined;
const host = configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['fr'],
  loadLocale: async (locale) => {
    const ours = await loadOurs!(locale);
    return { templates: { ...ours?.templates, ...hostFrench } } as never;
  },
});

describe('a host that configured @lit/localize before importing workspace-chat', () => {
  it('imports the components without an error and shows them in the host locale', async () => {
    const components = await import('../index.js');
    loadOurs = components.loadWorkspaceChatTranslations;
    const el = await fixture<HTMLElement>(html`
      <chat-interaction .store=${createFixtureStore(fixtureState('two-agent-conference'))} session-id=${FIXTURE_SESSION_ID} .now=${() => FIXTURE_T0 + 207_000}></chat-interaction>
    `);
    expect(allByRole(el, 'button').map(accessibleName)).to.include('Instant Chat Conference');

    await host.setLocale('fr');
    expect(msg('Hello', { id: 'host-greeting' }), "the host's own strings still translate").to.equal('Bonjour');
    await waitUntil(() => allByRole(el, 'button').map(accessibleName).includes('Conférence de chat instantanée'), 'the toolbar in French');
    expect(components.getLocale()).to.equal('fr');
  });

  it("refuses to configure over the host's configuration, saying what to do instead", async () => {
    const { useWorkspaceChatLocalization, LocalizationConflictError } = await import('../index.js');
    expect(() => useWorkspaceChatLocalization()).to.throw(LocalizationConflictError, /loadWorkspaceChatTranslations/);
  });
});
