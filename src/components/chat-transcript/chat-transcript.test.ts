import { expect, fixture, html } from '@open-wc/testing';
import type { MessageEntry, NoticeEntry, TranscriptEntry, UserRef } from '../../engine/types.js';
import { createFixtureStore, FIXTURE_SESSION_ID, fixtureState, fixtureUser, type FixtureStore } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { sendKeys } from '@web/test-runner-commands';
import './index.js';
import type { ChatTranscript } from './chat-transcript.js';
import { loadVirtualizer } from './lazy-virtualizer.js';
import { LONG_TEST_MS, until } from '../test-support/wait.js';

const SID = FIXTURE_SESSION_ID;

function transcriptOf(state: WorkspaceState): TranscriptEntry[] {
  return state.sessions[SID]!.transcript;
}

function withEntries(state: WorkspaceState, entries: TranscriptEntry[]): WorkspaceState {
  const session = state.sessions[SID]!;
  return { ...state, sessions: { ...state.sessions, [SID]: { ...session, transcript: [...session.transcript, ...entries] } } };
}

let seq = 1000;
function message(from: UserRef, text: string, extra: Partial<MessageEntry> = {}): MessageEntry {
  seq++;
  return { kind: 'message', seq, id: `t-${seq}`, at: Date.UTC(2025, 3, 7, 18, 40, seq % 60), visibility: 'all', from, text, ...extra };
}

function notice(subject: UserRef): NoticeEntry {
  seq++;
  return {
    kind: 'notice',
    seq,
    id: `t-${seq}`,
    at: Date.UTC(2025, 3, 7, 18, 41, 0),
    visibility: 'all',
    notice: 'party-joined',
    subject,
    text: `New party '${subject.name}' has joined the session`,
  };
}

/** Appends entries to the session in the store, as the reducer would. */
function append(store: FixtureStore, ...entries: TranscriptEntry[]): void {
  const next = withEntries(store.state, entries);
  store.setState({ sessions: next.sessions });
}

async function mount(state: WorkspaceState, height = 320, virtualizeFrom = 200): Promise<{ el: ChatTranscript; store: FixtureStore }> {
  const store = createFixtureStore(state);
  const expected = transcriptOf(state).length + Object.keys(state.pending).length;
  // The virtualizer's code loads on demand; have it here first, so a test that scrolls does
  // not race the log being rebuilt when it arrives (a person would not notice that switch).
  if (expected >= virtualizeFrom) await loadVirtualizer();
  const el = await fixture<ChatTranscript>(
    html`<chat-transcript
      style="block-size: ${height}px; inline-size: 520px"
      session-id=${SID}
      label="Chat with Avril Mai"
      virtualize-from=${virtualizeFrom}
      .store=${store}
    ></chat-transcript>`,
  );
  if (expected > 0) await until(() => rows(el).length > 0, 'rows rendered');
  return { el, store };
}

const root = (el: ChatTranscript) => el.shadowRoot!;
const log = (el: ChatTranscript) => root(el).querySelector<HTMLElement>('[role="log"]')!;
const rows = (el: ChatTranscript) => [...root(el).querySelectorAll<HTMLElement>('[part~="entry"]')];
const rowWith = (el: ChatTranscript, text: string) => rows(el).find((r) => r.textContent!.includes(text));
const liveRegion = (el: ChatTranscript) => root(el).querySelector<HTMLElement>('[aria-live="polite"]')!;
const button = (el: ChatTranscript, name: RegExp) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => name.test(b.getAttribute('aria-label') ?? b.textContent!.trim()));

function distanceFromEnd(el: ChatTranscript): number {
  const l = log(el);
  return l.scrollHeight - l.scrollTop - l.clientHeight;
}

/** Whether a row is inside the log's visible box (give or take the few pixels a virtualizer rounds). */
function inView(el: ChatTranscript, row: HTMLElement | undefined): boolean {
  if (!row) return false;
  const box = log(el).getBoundingClientRect();
  const r = row.getBoundingClientRect();
  return r.top >= box.top - 4 && r.bottom <= box.bottom + 4;
}

const frames = (n = 3) => new Promise<void>((resolve) => {
  const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(n);
});

/** Waits until the virtualizer stopped measuring and correcting: the scroll box unchanged for a few frames. */
async function settled(el: ChatTranscript): Promise<void> {
  let last = '';
  let stable = 0;
  await until(async () => {
    await frames(1);
    const now = `${log(el).scrollTop}/${log(el).scrollHeight}/${rows(el).length}`;
    stable = now === last ? stable + 1 : 0;
    last = now;
    return stable >= 4;
  }, 'layout settled');
}

/** Where a row of the long-transcript fixture sits: "Message n: …" is entry n + 1. */
function fixtureIndex(row: Element): number {
  const found = /Message (\d+):/.exec(row.textContent ?? '');
  return found ? Number(found[1]) + 1 : NaN;
}

/** The entry at the top of the log's view, and how far its top is from the log's (≤ 0). */
function topEntry(el: ChatTranscript): { index: number; offset: number } {
  const top = log(el).getBoundingClientRect().top;
  const slots = rows(el)
    .map((row) => row.closest('[data-last], .slot') ?? row)
    .map((slot) => ({ slot, box: slot.getBoundingClientRect() }))
    .sort((a, b) => a.box.top - b.box.top);
  const first = slots.find(({ box }) => box.bottom > top + 0.5)!;
  return { index: fixtureIndex(first.slot), offset: first.box.top - top };
}

/**
 * Rendered heights of the fixture's rows by their place in its 10-entry pattern (own and
 * others' messages alternate, every tenth is longer), noted whenever rows are in the DOM.
 */
function noteHeights(el: ChatTranscript, heights: Map<number, number>): void {
  for (const row of rows(el)) {
    const slot = row.closest('[data-last], .slot') ?? row;
    const index = fixtureIndex(slot);
    if (Number.isFinite(index) && index > 1) heights.set(index % 10, slot.getBoundingClientRect().height);
  }
}

/** How far the content moved between two tops (positive: towards the end), from the rows' real heights. */
function contentMoved(from: { index: number; offset: number }, to: { index: number; offset: number }, heights: Map<number, number>): number {
  const height = (i: number) => {
    const h = heights.get(i % 10);
    if (h === undefined) throw new Error(`no row ${i % 10} of the pattern was rendered`);
    return h;
  };
  let between = 0;
  for (let i = Math.min(from.index, to.index); i < Math.max(from.index, to.index); i++) between += height(i);
  return (to.index >= from.index ? between : -between) + from.offset - to.offset;
}

describe('chat-transcript', function () {
  // Whole lessons and 10,000s of entries: slow on a loaded machine, and every wait inside is bounded anyway.
  this.timeout(LONG_TEST_MS);
  // Benign with a virtualizer (rows resize while laid out); it would fail any test as an uncaught error.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  it('renders a named log with senders, times, texts and notices', async () => {
    const { el } = await mount(fixtureState('two-agent-conference'));
    expect(log(el).getAttribute('aria-label')).to.equal('Chat with Avril Mai');
    expect(log(el).getAttribute('tabindex')).to.equal('0');
    const hello = rowWith(el, 'Hello, how can I help you today?')!;
    expect(hello.textContent).to.include('Kate Lewis');
    const entry = transcriptOf(fixtureState('two-agent-conference')).find((e) => e.kind === 'message')!;
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(entry.at);
    expect(hello.querySelector('time')!.textContent!.trim()).to.equal(time);
    expect(time).to.match(/^\d{1,2}:\d{2}:\d{2}\s?[AP]M$/);
    const joined = rowWith(el, "New party 'Kate Lewis' has joined the session")!;
    expect(joined.getAttribute('part')).to.include('notice');
    expect(rowWith(el, 'Agent will be with you shortly')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('tells a contact about herself as "you"; agents keep the seed\'s wording', async () => {
    const avril = fixtureUser('avril');
    const left: NoticeEntry = { ...notice(avril), notice: 'party-left', text: `Party '${avril.name}' has left the session` };
    const { el, store } = await mount(fixtureState('connected', { viewer: 'avril' }));
    append(store, notice(avril), left);
    await until(() => rowWith(el, 'You left the chat') !== undefined, 'her own leaving, in her words');
    expect(rowWith(el, 'You joined the chat')).to.exist;
    expect(rowWith(el, "Party 'Avril Mai' has left the session")).to.equal(undefined);
    const agent = await mount(fixtureState('connected'));
    append(agent.store, left);
    await until(() => rowWith(agent.el, "Party 'Avril Mai' has left the session") !== undefined, 'the seed wording for agents');
  });

  it('tells own messages from others by position and in words', async () => {
    const { el } = await mount(fixtureState('connected'));
    const own = rowWith(el, 'Let me contact my associate about that.')!;
    const other = rowWith(el, 'I am having an issue making an on line purchase.')!;
    expect(own.getAttribute('part')).to.include('own');
    expect(other.getAttribute('part')).to.include('other');
    expect(own.querySelector('.visually-hidden')!.textContent).to.include('you');
    expect(other.querySelector('.visually-hidden')).to.equal(null);
    const ownBubble = own.querySelector('[part="bubble"]')!.getBoundingClientRect();
    const otherBubble = other.querySelector('[part="bubble"]')!.getBoundingClientRect();
    expect(ownBubble.right).to.be.greaterThan(otherBubble.right);
    expect(getComputedStyle(own.querySelector('[part="bubble"]')!).backgroundColor).to.not.equal(
      getComputedStyle(other.querySelector('[part="bubble"]')!).backgroundColor,
    );
  });

  it('mirrors own and others in right-to-left', async () => {
    const store = createFixtureStore(fixtureState('connected'));
    const el = await fixture<ChatTranscript>(
      html`<div dir="rtl"><chat-transcript style="block-size: 320px; inline-size: 520px" session-id=${SID} .store=${store}></chat-transcript></div>`,
    ).then((d) => d.querySelector('chat-transcript')!);
    await until(() => rows(el).length > 0);
    const own = rowWith(el, 'Let me contact my associate')!.querySelector('[part="bubble"]')!.getBoundingClientRect();
    const other = rowWith(el, 'I am having an issue')!.querySelector('[part="bubble"]')!.getBoundingClientRect();
    expect(own.left).to.be.lessThan(other.left);
    await expect(el).to.be.accessible();
  });

  it('marks agents-only entries with a visible badge', async () => {
    const jim = fixtureUser('jim');
    const state = withEntries(fixtureState('two-agent-conference'), [message(jim, 'Card was declined twice, checking the bank.', { visibility: 'agents' })]);
    const { el } = await mount(state);
    const row = rowWith(el, 'Card was declined twice')!;
    expect(row.getAttribute('part')).to.include('internal');
    expect(row.querySelector('[part="badge"]')!.textContent!.trim()).to.equal('Agents only');
    expect(rowWith(el, 'OK, I can take care of that')!.querySelector('[part="badge"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows markup in a message as text, never as HTML', async () => {
    const avril = fixtureUser('avril');
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>bold</b>';
    const { el } = await mount(withEntries(fixtureState('connected'), [message(avril, hostile)]));
    const row = rowWith(el, '<img src=x')!;
    const text = row.querySelector('[part="text"]')!;
    expect(text.textContent).to.equal(hostile);
    expect(text.querySelector('img, script, b')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('links only http, https, mailto and tel, with safe rel and target', async () => {
    const avril = fixtureUser('avril');
    const text =
      'Order page https://shop.example.com/order?id=7. Mail mailto:help@example.com or tel:+1-555-0100; not javascript:alert(1) nor data:text/html,<b>x</b> nor vbscript:msgbox(1)';
    const { el } = await mount(withEntries(fixtureState('connected'), [message(avril, text)]));
    const anchors = [...rowWith(el, 'Order page')!.querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://shop.example.com/order?id=7',
      'mailto:help@example.com',
      'tel:+1-555-0100',
    ]);
    expect(anchors[0]!.textContent).to.equal('https://shop.example.com/order?id=7');
    expect(anchors[0]!.getAttribute('target')).to.equal('_blank');
    for (const a of anchors) expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(anchors[1]!.hasAttribute('target')).to.equal(false);
    expect(anchors[2]!.hasAttribute('target')).to.equal(false);
    expect(rowWith(el, 'Order page')!.querySelector('[part="text"]')!.textContent).to.equal(text);
    await expect(el).to.be.accessible();
  });

  it('announces entries from others and notices as they arrive, not the initial load nor own messages', async () => {
    const { el, store } = await mount(fixtureState('connected'));
    await frames();
    expect(liveRegion(el).textContent!.trim()).to.equal('');
    expect(liveRegion(el).getAttribute('role')).to.equal('status');
    expect(log(el).getAttribute('aria-live')).to.equal('off');

    append(store, message(fixtureUser('kate'), 'Own words are not read back.'));
    append(store, notice(fixtureUser('jim')), message(fixtureUser('jim'), 'Hello'));
    await until(() => liveRegion(el).textContent!.includes('Jim Miller: Hello'), 'announced');
    const said = liveRegion(el).textContent!;
    expect(said).to.include("New party 'Jim Miller' has joined the session");
    expect(said).to.not.include('Own words');
    expect(said).to.not.include('How can I help');
    await expect(el).to.be.accessible();
  });

  it('summarises a burst of arrivals in one announcement', async () => {
    const { el, store } = await mount(fixtureState('connected'));
    const avril = fixtureUser('avril');
    append(store, ...Array.from({ length: 12 }, (_, i) => message(avril, `burst ${i + 1}`)));
    await until(() => liveRegion(el).textContent!.includes('burst 12'), 'announced');
    const said = liveRegion(el).textContent!;
    expect(said).to.include('12 new entries');
    expect(said).to.not.include('burst 3:');
    expect(liveRegion(el).querySelectorAll('p')).to.have.length(1);
  });

  it('shows who is typing as text', async () => {
    const { el, store } = await mount(fixtureState('connected'));
    const typing = () => root(el).querySelector('[part="typing"]')!.textContent!.trim();
    expect(typing()).to.equal('');
    store.setState({ typing: { [SID]: [fixtureUser('avril')] } });
    await el.updateComplete;
    expect(typing()).to.equal('Avril Mai is typing…');
    store.setState({ typing: { [SID]: [fixtureUser('avril'), fixtureUser('jim')] } });
    await el.updateComplete;
    expect(typing()).to.equal('Avril Mai and Jim Miller are typing…');
    await expect(el).to.be.accessible();
  });

  for (const [mode, virtualizeFrom] of [
    ['every row rendered', 1000],
    ['virtualized', 0],
  ] as const) {
    it(`${mode}: stays at the latest entry as entries arrive`, async () => {
      const { el, store } = await mount(fixtureState('long-transcript', { count: 80 }), 320, virtualizeFrom);
      await settled(el);
      expect(distanceFromEnd(el)).to.be.at.most(4);
      append(store, message(fixtureUser('avril'), 'A new question at the end'));
      await until(() => inView(el, rowWith(el, 'A new question at the end')), 'latest entry in view');
      expect(button(el, /Jump to latest/)).to.equal(undefined);
    });

    it(`${mode}: keeps the reader where they are when scrolled up, and offers a jump to the latest`, async () => {
      const { el, store } = await mount(fixtureState('long-transcript', { count: 80 }), 320, virtualizeFrom);
      await settled(el);
      log(el).focus();
      await sendKeys({ press: 'Home' });
      await until(() => button(el, /Jump to latest/) !== undefined, 'jump button shown');
      append(store, message(fixtureUser('avril'), 'Arrived while scrolled up'), message(fixtureUser('avril'), 'And another'));
      await until(() => /Jump to latest \(2 new\)/.test(button(el, /Jump to latest/)?.textContent ?? ''), 'count shown');
      await frames();
      expect(distanceFromEnd(el)).to.be.greaterThan(1000);
      expect(inView(el, rowWith(el, 'And another'))).to.equal(false);
      await expect(el).to.be.accessible();

      button(el, /Jump to latest/)!.click();
      await until(() => inView(el, rowWith(el, 'And another')), 'jumped to latest');
      expect(button(el, /Jump to latest/)).to.equal(undefined);
      expect(el.shadowRoot!.activeElement).to.equal(log(el));
    });

    it(`${mode}: does not stop following for scrolls the reader did not make`, async () => {
      const { el, store } = await mount(fixtureState('long-transcript', { count: 80 }), 320, virtualizeFrom);
      await settled(el);
      log(el).scrollTop = 0;
      append(store, message(fixtureUser('avril'), 'Still followed'));
      await until(() => inView(el, rowWith(el, 'Still followed')), 'latest entry in view');
      expect(button(el, /Jump to latest/)).to.equal(undefined);
    });

    it(`${mode}: follows again once the reader scrolls back to the end with the keyboard`, async () => {
      const { el, store } = await mount(fixtureState('long-transcript', { count: 80 }), 320, virtualizeFrom);
      await settled(el);
      log(el).focus();
      await sendKeys({ press: 'PageUp' });
      await until(() => button(el, /Jump to latest/) !== undefined, 'scrolled up');
      await sendKeys({ press: 'End' });
      await until(() => button(el, /Jump to latest/) === undefined, 'following again');
      await settled(el); // the smooth keyboard scroll has ended
      append(store, message(fixtureUser('avril'), 'Seen at once'));
      await until(() => inView(el, rowWith(el, 'Seen at once')));
    });
  }

  it('keeps every entry in the DOM below the virtualization threshold', async () => {
    const { el } = await mount(fixtureState('long-transcript', { count: 80 }));
    expect(rows(el)).to.have.length(80);
  });

  it('renders a 10,000-entry transcript as a window of rows with the latest in view', async () => {
    const state = fixtureState('long-transcript', { count: 10_000 });
    const last = transcriptOf(state).at(-1) as MessageEntry;
    const { el } = await mount(state, 400);
    await until(() => inView(el, rowWith(el, last.text)), 'latest entry visible');
    expect(rows(el).length).to.be.greaterThan(0).and.lessThan(200);
    await expect(el).to.be.accessible();
  });

  /**
   * A transcript of 10,000 entries, `height` px tall, appended to the page and left to the
   * microtasks of the task that appended it: whether an animation frame ran before they were done.
   */
  async function openBeforeAnyFrame(height: number) {
    const state = fixtureState('long-transcript', { count: 10_000 });
    const last = transcriptOf(state).at(-1) as MessageEntry;
    await loadVirtualizer();
    const el = document.createElement('chat-transcript') as ChatTranscript;
    el.setAttribute('session-id', SID);
    el.style.cssText = `display: flex; block-size: ${height}px; inline-size: 520px`;
    el.store = createFixtureStore(state);
    let framed = false;
    requestAnimationFrame(() => (framed = true));
    document.body.append(el);
    await el.updateComplete;
    for (let i = 0; i < 20; i++) await Promise.resolve();
    return { el, last, framed };
  }

  it('shows the latest of 10,000 entries in view in the task that renders it, before any frame', async () => {
    // The rows are placed, measured and placed again in microtasks of this task; no frame
    // (the first paint included) comes before the latest entry stands at the end of the view.
    const { el, last, framed } = await openBeforeAnyFrame(400);
    try {
      expect(framed, 'an animation frame ran').to.equal(false);
      expect(inView(el, rowWith(el, last.text)), 'latest entry in view').to.equal(true);
      expect(distanceFromEnd(el)).to.be.at.most(16);
    } finally {
      el.remove();
    }
  });

  it('lays out only the rows in view before the first frame, and those around it after', async () => {
    // Far shorter than the window, whose height the first placement of rows starts from.
    const { el, last, framed } = await openBeforeAnyFrame(160);
    try {
      expect(framed, 'an animation frame ran').to.equal(false);
      expect(inView(el, rowWith(el, last.text)), 'latest entry in view').to.equal(true);
      // Every row in the DOM shows (at least in part): none for the window's height, none above the view yet.
      const box = log(el).getBoundingClientRect();
      const outside = rows(el).filter((row) => {
        const r = row.getBoundingClientRect();
        return r.bottom <= box.top || r.top >= box.bottom;
      });
      expect(outside.map((row) => row.textContent!.trim().slice(0, 40)), 'rows out of view in the first frame').to.deep.equal([]);
      // After the first frame, rows above the view are there for scrolling up without blank space.
      await until(
        () =>
          rows(el).filter((row) => row.getBoundingClientRect().bottom <= log(el).getBoundingClientRect().top).length >= 5,
        'rows above the view after the first frame',
      );
      expect(inView(el, rowWith(el, last.text)), 'latest entry still in view').to.equal(true);
    } finally {
      el.remove();
    }
  });

  it('lets the reader scroll back to the very first of 10,000 entries', async () => {
    const state = fixtureState('long-transcript', { count: 10_000 });
    const first = transcriptOf(state).find((e) => e.kind === 'message') as MessageEntry;
    const { el } = await mount(state, 400);
    // Past the latest entries shown while the virtualizer loads, the whole transcript is scrollable.
    await until(() => log(el).scrollHeight > 400 * 50, 'the log spans the whole transcript');
    await settled(el);
    log(el).focus();
    await sendKeys({ press: 'Home' });
    await until(() => inView(el, rowWith(el, first.text)), 'first entry visible after Home');
    expect(rows(el).length).to.be.lessThan(200);
  });

  for (const count of [10_000, 100_000]) {
    const n = count.toLocaleString('en');
    it(`scrolls ${n} entries by what was asked (script and keyboard)`, async () => {
      const state = fixtureState('long-transcript', { count });
      const last = transcriptOf(state).at(-1) as MessageEntry;
      const { el } = await mount(state, 400);
      await until(() => inView(el, rowWith(el, last.text)), 'latest entry visible');
      await settled(el);
      const heights = new Map<number, number>();
      const top = async () => {
        await settled(el);
        noteHeights(el, heights);
        return topEntry(el);
      };
      const start = await top();
      // Off by no more than one row can shift when it is measured.
      const tolerance = Math.max(...heights.values());
      const asked = 12_000;
      // A wheel turn marks each scroll as the reader's: at the latest entry, a scroll nobody
      // asked for is undone to stay there (the second one ends at the latest entry).
      const intent = (deltaY: number) => log(el).dispatchEvent(new WheelEvent('wheel', { deltaY, bubbles: true }));
      intent(-100);
      log(el).scrollTop -= asked;
      const up = await top();
      expect(contentMoved(start, up, heights), 'scrollTop -= 12,000 from the latest entry').to.be.closeTo(-asked, tolerance);
      intent(100);
      log(el).scrollBy({ top: asked, behavior: 'instant' });
      const down = await top();
      expect(contentMoved(up, down, heights), 'then scrollBy 12,000').to.be.closeTo(asked, tolerance);
      intent(-100);
      log(el).scrollTop -= 2 * asked;
      const further = await top();
      expect(contentMoved(down, further, heights), 'then scrollTop -= 24,000').to.be.closeTo(-2 * asked, tolerance);
      log(el).focus();
      await sendKeys({ press: 'PageUp' });
      const paged = await top();
      // A page is the browser's to choose (most of the view); the rows move by that, not by what an estimate says.
      const page = -contentMoved(further, paged, heights);
      expect(page, 'PageUp').to.be.within(log(el).clientHeight / 2, log(el).clientHeight);
      expect(button(el, /Jump to latest/), 'the reader scrolled away from the latest entry').to.exist;
    });
  }

  it('keeps a scroll up the reader makes just as an entry arrives', async () => {
    const { el, store } = await mount(fixtureState('long-transcript', { count: 10_000 }), 400);
    await until(() => log(el).scrollHeight > 400 * 50, 'the log spans the whole transcript');
    await settled(el);
    for (let i = 0; i < 3; i++) {
      // The virtualizer moves the log to keep the new entry in view; the reader's scroll comes in the same frame.
      append(store, message(fixtureUser('avril'), `Arriving ${i}`));
      await el.updateComplete;
      await frames(1);
      log(el).dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
      log(el).scrollTop -= 3_000;
      await settled(el);
      expect(distanceFromEnd(el), `scroll ${i + 1} kept`).to.be.greaterThan(2_000);
      expect(button(el, /Jump to latest/)).to.exist;
      button(el, /Jump to latest/)!.click();
      await until(() => button(el, /Jump to latest/) === undefined, 'back at the latest entry');
      await settled(el);
    }
  });

  it('shows own messages being sent, and failed ones with Retry and Discard', async () => {
    const state = fixtureState('failed-send');
    state.pending = {
      ...state.pending,
      'cm-sending': { clientMessageId: 'cm-sending', sessionId: SID, text: 'On its way', visibility: 'all', at: Date.UTC(2025, 3, 7, 18, 30), status: 'sending' },
    };
    const { el, store } = await mount(state);
    const sending = rowWith(el, 'On its way')!;
    expect(sending.textContent).to.include('Sending…');
    const failed = rowWith(el, 'Could you confirm the last four digits')!;
    expect(failed.textContent).to.include('The message could not be sent because the connection is down.');
    const retry = button(el, /^Retry sending$/)!;
    const discard = button(el, /^Discard message$/)!;
    expect(retry.textContent!.trim()).to.equal('Retry');
    const described = retry.getAttribute('aria-describedby')!.split(' ').map((id) => root(el).getElementById(id)!.textContent!.trim());
    expect(described[0]).to.equal('Could you confirm the last four digits of the card?');
    await expect(el).to.be.accessible();

    retry.click();
    expect(store.dispatched).to.deep.equal([
      { type: 'send-message', sessionId: SID, text: 'Could you confirm the last four digits of the card?', visibility: 'all', clientMessageId: 'cm-failed-1' },
    ]);
    discard.click();
    await until(() => !rowWith(el, 'Could you confirm the last four digits'), 'discarded');
    expect(store.state.pending['cm-failed-1']).to.equal(undefined);
    expect(root(el).activeElement).to.equal(log(el));
  });

  it('announces a message that failed to send', async () => {
    const base = fixtureState('connected');
    const { el, store } = await mount(base);
    const pending = { clientMessageId: 'cm-9', sessionId: SID, text: 'Hi', visibility: 'all' as const, at: Date.UTC(2025, 3, 7, 18, 30), status: 'sending' as const };
    store.setState({ pending: { 'cm-9': pending } });
    await el.updateComplete;
    store.setState({ pending: { 'cm-9': { ...pending, status: 'failed', error: { code: 'not-connected', message: 'The connection is down.' } } } });
    await until(() => liveRegion(el).textContent!.includes('Message not sent: The connection is down.'));
  });

  it('says so when there are no entries', async () => {
    const state = fixtureState('connected');
    const { el } = await mount({ ...state, sessions: { [SID]: { ...state.sessions[SID]!, transcript: [] } } });
    expect(root(el).querySelector('[part="empty"]')!.textContent!.trim()).to.equal('No messages yet');
    expect(log(el).getAttribute('aria-label')).to.equal('Chat with Avril Mai');
    await expect(el).to.be.accessible();
  });

  it('names the log "Transcript" by default and follows a change of session', async () => {
    const store = createFixtureStore(fixtureState('active-consultation'));
    const el = await fixture<ChatTranscript>(html`<chat-transcript style="block-size: 300px" session-id=${SID} .store=${store}></chat-transcript>`);
    await until(() => rows(el).length > 0);
    expect(log(el).getAttribute('aria-label')).to.equal('Transcript');
    expect(rowWith(el, 'Hello Kate, how can I help?')).to.equal(undefined);
    el.sessionId = 'consult-1';
    await until(() => rowWith(el, 'Hello Kate, how can I help?') !== undefined, 'consultation shown');
    expect(rowWith(el, 'Let me contact my associate')).to.equal(undefined);
  });

  it('is accessible in the dark theme', async () => {
    const store = createFixtureStore(fixtureState('two-agent-conference'));
    const el = await fixture<ChatTranscript>(
      html`<chat-transcript theme="dark" style="block-size: 320px" session-id=${SID} .store=${store}></chat-transcript>`,
    );
    await until(() => rows(el).length > 0);
    await expect(el).to.be.accessible();
  });
});
