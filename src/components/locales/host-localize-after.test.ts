import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configureLocalization } from '@lit/localize';
import { createFixtureStore, fixtureState, FIXTURE_T0 } from '../../store/testing.js';
import { getLocale, loadWorkspaceChatTranslations } from '../index.js';
import { accessibleName, allByRole } from '../chat-interaction/test-queries.js';

/*
 * A host app that loads workspace-chat first and configures @lit/localize afterwards (its
 * own page: lit-localize's configuration is one per page). Before, our import had already
 * configured it, and the host's call threw "lit-localize can only be configured once".
 */
describe('a host that configures @lit/localize after importing workspace-chat', () => {
  it('configures without an error, and the components follow its locale', async () => {
    let host: ReturnType<typeof configureLocalization> | undefined;
    expect(() => {
      host = configureLocalization({
        sourceLocale: 'en',
        targetLocales: ['fr'],
        loadLocale: async (locale) => ({ templates: { ...(await loadWorkspaceChatTranslations(locale))?.templates } }),
      });
    }).not.to.throw();
    const el = await fixture<HTMLElement>(html`
      <interaction-preview .store=${createFixtureStore(fixtureState('ringing-invitation', { viewer: 'jim' }))} .now=${() => FIXTURE_T0 + 61_000}></interaction-preview>
    `);
    await waitUntil(() => allByRole(el, 'button').map(accessibleName).includes('Accept'), 'the English Accept button');
    await host!.setLocale('fr');
    await waitUntil(() => allByRole(el, 'button').map(accessibleName).includes('Accepter'), 'the French Accept button');
    expect(getLocale()).to.equal('fr');
  });
});
