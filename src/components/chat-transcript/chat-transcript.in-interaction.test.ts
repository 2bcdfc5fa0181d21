import { expect, fixture, html } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import type { MessageEntry, TranscriptEntry } from '../../engine/types.js';
import { createFixtureStore, FIXTURE_SESSION_ID, fixtureState, type FixtureStore } from '../../store/testing.js';
import '../chat-interaction/index.js';
import { LONG_TEST_MS, until } from '../test-support/wait.js';

// The transcript as the agent desktop shows it: inside <chat-interaction>, whose layout gives
// the log its size. Found by role, whatever the elements around it are called.

function deepFind(root: ParentNode, test: (el: Element) => boolean): Element | undefined {
  for (const el of root.querySelectorAll('*')) {
    if (test(el)) return el;
    const inner = el.shadowRoot && deepFind(el.shadowRoot, test);
    if (inner) return inner;
  }
  return undefined;
}

const logOf = (el: Element) => deepFind(el.shadowRoot!, (e) => e.getAttribute('role') === 'log') as HTMLElement | undefined;

/** The message's row is inside the log's visible box (give or take the pixels a virtualizer rounds). */
function shown(el: Element, text: string): boolean {
  const log = logOf(el);
  if (!log) return false;
  const row = [...log.querySelectorAll('[part~="entry"]')].find((r) => r.textContent!.includes(text));
  if (!row) return false;
  const box = log.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  return box.height > 0 && r.top >= box.top - 4 && r.bottom <= box.bottom + 4;
}

function append(store: FixtureStore, entry: TranscriptEntry): void {
  const session = store.state.sessions[FIXTURE_SESSION_ID]!;
  store.setState({ sessions: { ...store.state.sessions, [FIXTURE_SESSION_ID]: { ...session, transcript: [...session.transcript, entry] } } });
}

describe('chat-transcript in <chat-interaction>', function () {
  this.timeout(LONG_TEST_MS);
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  for (const count of [10_000, 100_000]) {
    it(`shows the latest of ${count.toLocaleString('en')} entries and stays there as entries arrive`, async () => {
      const state = fixtureState('long-transcript', { count });
      const transcript = state.sessions[FIXTURE_SESSION_ID]!.transcript;
      const last = transcript.at(-1) as MessageEntry;
      const store = createFixtureStore(state);
      const el = await fixture(
        html`<chat-interaction style="block-size: 640px; inline-size: 720px" .store=${store} session-id=${FIXTURE_SESSION_ID}></chat-interaction>`,
      );
      await until(() => shown(el, last.text), 'latest message in view', { timeout: LONG_TEST_MS / 2 });
      // The latest entries show at once; then the virtualizer arrives and the log spans them all.
      await until(() => (logOf(el)?.scrollHeight ?? 0) > count * 20, 'the log spans the whole transcript', { timeout: LONG_TEST_MS / 2 });
      const log = logOf(el)!;
      // Pinned: at the end of the log, not short of it, with the latest message in view.
      await until(() => log.scrollHeight - log.scrollTop - log.clientHeight <= 16 && shown(el, last.text), 'log at its end, latest message in view');
      const next: MessageEntry = { ...last, seq: last.seq + 1, id: `${last.id}-next`, text: 'One more, at the very end.' };
      append(store, next);
      await until(() => shown(el, next.text), 'the new message in view');
      expect(deepFind(el.shadowRoot!, (e) => e.getAttribute('part') === 'jump-button'), 'still following, no "Jump to latest"').to.equal(undefined);
    });
  }
});
