import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import { localized, msg, str } from '@lit/localize';
import type { MessageEntry, NoticeEntry, UserRef } from '../../engine/types.js';
import { selectUser } from '../../store/selectors.js';
import type { PendingMessage, TranscriptItem } from '../../store/types.js';
import { noticeFor } from './notice-text.js';
import { StoreElement } from '../shared/store-element.js';
import { ArrivalTracker, summarise } from './announcements.js';
import { styles } from './chat-transcript.styles.js';
import { formatTime } from './format-time.js';
import { isLink, linkify } from './linkify.js';
import { loadVirtualizer, virtualizerIfLoaded, type LayoutHandle } from './lazy-virtualizer.js';

const NO_ITEMS: TranscriptItem[] = [];
const NO_USERS: readonly UserRef[] = [];
/** How close to the end (px) still counts as "at the latest entry". */
const AT_END_SLACK = 16;
/** While the virtualizer loads, a long transcript shows only this many latest entries. */
const WHILE_LOADING = 100;
/** Arrivals within this window are announced together. */
const ANNOUNCE_BATCH_MS = 400;
/** Scrolls this soon after the reader's wheel, touch or key are theirs (smooth scrolling included). */
const INTENT_MS = 600;
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);
/** A wheel turn or key that scrolls towards the first entry. */
const scrollsUp = (event: Event): boolean =>
  event instanceof WheelEvent
    ? event.deltaY < 0
    : event instanceof KeyboardEvent && (event.key === 'ArrowUp' || event.key === 'PageUp' || event.key === 'Home' || (event.key === ' ' && event.shiftKey));

const itemKey = (item: TranscriptItem): string => (item.kind === 'entry' ? `e:${item.entry.id}` : `p:${item.pending.clientMessageId}`);
// The virtualizer may ask for a row of its previous range for one frame after the list
// shrank (it applies new items asynchronously); such a slot renders nothing.
const slotKey = (item: TranscriptItem | undefined, index: number): string => (item ? itemKey(item) : `gap:${index}`);
/** An id usable in aria-describedby (a space-separated list) whatever the message id holds. */
const domId = (item: TranscriptItem): string => `text-${encodeURIComponent(itemKey(item)).replace(/[%'()*!~.]/g, '_')}`;

/**
 * One session's transcript: messages (sender, time, text with safe links), system
 * notices, agents-only entries marked, and this user's own messages still being sent or
 * refused (with Retry and Discard). A `role="log"` scroll container, virtualized from
 * `virtualize-from` entries on so a 10,000-entry transcript renders only what is in
 * view. It stays at the latest entry unless the reader scrolled up, then offers "Jump to
 * latest (n new)"; End in the log also goes to the latest entry. New entries from others
 * and notices are announced in a separate polite live region (not the initial load, not
 * own messages; a burst is summarised); who is typing is shown below as a polite status.
 *
 * API
 * - attribute `session-id` / property `sessionId`: the session (interaction or consultation) to show.
 * - attribute `label` / property `label`: the log's accessible name (default "Transcript").
 * - attribute `virtualize-from` / property `virtualizeFrom`: entry count from which only visible rows are rendered (default 200; 0 = always).
 * - property `store`: the workspace store (else the nearest `workspaceStoreContext` provider).
 * - attribute `theme`: `dark` or `auto` (else light, or `data-theme="dark"` on an ancestor).
 * - Sizing: give the element a block size (height); the log fills it and scrolls.
 * - Retry / Discard call `store.retry(clientMessageId)` / `store.discard(clientMessageId)`.
 * - method `scrollToLatest()`: back to the latest entry, following new ones again.
 *
 * @tag chat-transcript
 * @csspart log - the scrolling `role="log"` container
 * @csspart entry - every transcript line (also `message`, `notice`, `own`, `other`, `internal`, `pending`, `failed`)
 * @csspart bubble - a message's box
 * @csspart sender - the sender's name
 * @csspart time - the time a message was sent
 * @csspart text - a message's text
 * @csspart badge - the "Agents only" mark
 * @csspart link - a link in a message
 * @csspart status - "Sending…" or the reason a message was not sent
 * @csspart retry-button - Retry of a failed message
 * @csspart discard-button - Discard of a failed message
 * @csspart jump-button - "Jump to latest"
 * @csspart empty - the text shown when there are no entries
 * @csspart typing - "Jim Miller is typing…"
 * @cssprop --wc-own-bubble - background of own messages
 * @cssprop --wc-other-bubble - background of others' messages
 * @cssprop --wc-internal-bubble - background of agents-only messages
 * @cssprop --wc-transcript-min-height - smallest block size of the log (default 10rem)
 */
@localized()
export class ChatTranscript extends StoreElement {
  static override styles = styles;

  /** The session whose transcript is shown. */
  @property({ attribute: 'session-id' }) sessionId = '';
  /** Accessible name of the log; "Transcript" when unset. */
  @property() label?: string;
  /**
   * From how many entries on only the rows in view are rendered. Below it every entry is in
   * the DOM (find in page, screen-reader browsing); 0 always virtualizes.
   */
  @property({ type: Number, attribute: 'virtualize-from' }) virtualizeFrom = 200;

  /** Following the latest entry (the user has not scrolled away from it). */
  @state() private following = true;
  /** Entries that arrived while the user was scrolled up. */
  @state() private unseen = 0;
  @state() private announcements: { id: number; text: string }[] = [];
  /** Rendering through the virtualizer. Once on for a session it stays on, so the log is not rebuilt back and forth. */
  @state() private virtual = false;

  @query('.log') private log?: HTMLElement;

  private readonly transcript = this.selectKeyed(() => [this.sessionId] as const, (s, id) => s.selectTranscript(id), NO_ITEMS);
  private readonly typing = this.selectKeyed(() => [this.sessionId] as const, (s, id) => s.selectTyping(id), NO_USERS);
  private readonly user = this.select(selectUser, undefined);
  private boundSession?: string;
  private seenItems: readonly TranscriptItem[] = NO_ITEMS;
  private readonly arrivals = new ArrivalTracker();
  private pendingLines: string[] = [];
  private announceTimer?: ReturnType<typeof setTimeout>;
  private announceId = 0;
  private scrollCheck?: number;
  private resizeObserver?: ResizeObserver;
  private userScrolling = false;
  private lastScrollTop = 0;
  // Passive: noting intent must never delay the scroll itself.
  private readonly intentListener = { handleEvent: (e: Event) => this.onScrollIntent(e), passive: true };
  private readonly releaseListener = { handleEvent: () => this.onPointerUp(), passive: true };
  private intentTimer?: ReturnType<typeof setTimeout>;
  private readonly layoutHandle: LayoutHandle = { host: () => this.log };

  private get items(): TranscriptItem[] {
    return this.transcript.value;
  }

  /** Scrolls to the latest entry and follows new ones again. */
  scrollToLatest(): void {
    this.following = true;
    this.unseen = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    clearTimeout(this.intentTimer);
    this.userScrolling = false;
    if (this.scrollCheck !== undefined) cancelAnimationFrame(this.scrollCheck);
    this.scrollCheck = undefined;
    this.pendingLines = [];
  }

  protected override willUpdate(): void {
    if (this.boundSession !== this.sessionId) this.bindSession();
    const items = this.items;
    if (items !== this.seenItems) {
      this.noteArrivals(this.seenItems, items);
      this.seenItems = items;
    }
    if (!this.virtual && items.length >= this.virtualizeFrom) {
      if (virtualizerIfLoaded()) this.virtual = true;
      else
        loadVirtualizer().then(
          () => this.requestUpdate(),
          () => undefined, // stays on the latest entries; the next update tries again
        );
    }
  }

  /** Without the virtualizer nothing pins the end: put it in view after each change and resize while following. */
  protected override updated(): void {
    if (!this.virtual && this.following && this.log) this.log.scrollTop = this.log.scrollHeight;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver ??= new ResizeObserver(() => this.updated());
    this.resizeObserver.observe(this);
  }

  /** Another session: start its log afresh (the keyed selectors rebind themselves). */
  private bindSession(): void {
    this.boundSession = this.sessionId;
    this.seenItems = NO_ITEMS;
    this.arrivals.reset();
    this.virtual = false;
    this.following = true;
    this.unseen = 0;
  }

  private noteArrivals(before: readonly TranscriptItem[], after: readonly TranscriptItem[]): void {
    const lines = this.arrivals.arrivals(after);
    if (lines.length > 0) {
      this.pendingLines.push(...lines);
      if (this.announceTimer === undefined) this.announceTimer = setTimeout(() => this.flushAnnouncements(), ANNOUNCE_BATCH_MS);
    }
    // What is new lies after the longest common prefix; only the tail is compared by key
    // (pending messages and a rare out-of-order entry), so an append costs the same at any length.
    let common = Math.min(before.length, after.length);
    while (common > 0 && before[common - 1] !== after[common - 1]) common--;
    // A session seen for the first time is history, not arrivals: only its pending messages,
    // which come last, can matter (the writer's own). Walking every entry here was about half
    // of a 10,000-entry transcript's first render.
    if (before.length === 0) {
      common = after.length;
      while (common > 0 && after[common - 1]!.kind === 'pending') common--;
    }
    const known = new Set<string>();
    for (let i = common; i < before.length; i++) known.add(itemKey(before[i]!));
    let added = 0;
    let ownAdded = false;
    for (let i = common; i < after.length; i++) {
      const item = after[i]!;
      if (known.has(itemKey(item))) continue;
      if (item.kind === 'pending') ownAdded = true;
      else if (!item.own) added++;
    }
    // Sending a message brings the writer back to the latest entry, wherever they were.
    if (ownAdded) this.scrollToLatest();
    else if (!this.following && before.length > 0) this.unseen += added;
  }

  private flushAnnouncements(): void {
    this.announceTimer = undefined;
    if (this.pendingLines.length === 0) return;
    const text = summarise(this.pendingLines);
    this.pendingLines = [];
    // A fresh node per announcement: replacing text with the same text would not be read again.
    this.announcements = [...this.announcements.slice(-2), { id: ++this.announceId, text }];
  }

  /**
   * Whether the reader follows the latest entry is decided by the reader: a scroll they
   * caused (wheel, touch, keys, scrollbar) that moves up from the end stops following; reaching
   * the end by any means resumes it. Scrolls the virtualizer makes while measuring rows
   * never stop it.
   */
  private onScroll(): void {
    const top = this.log?.scrollTop ?? 0;
    const movedUp = top < this.lastScrollTop - 1;
    this.lastScrollTop = top;
    if (this.atEnd()) {
      if (!this.following || this.unseen) this.scrollToLatest();
      return;
    }
    // Only a move away from the end counts: the tail of a smooth scroll down must not stop following.
    if (this.userScrolling && movedUp) {
      this.following = false;
      // Now, not at the next render: the virtualizer may be about to pin the log back to the end.
      this.layoutHandle.unpin?.();
      return;
    }
    if (this.following) return;
    // The virtualizer renders the rows for a new scroll position in a later frame; look again then.
    if (this.scrollCheck === undefined) {
      this.scrollCheck = requestAnimationFrame(() => {
        this.scrollCheck = undefined;
        if (!this.following && this.atEnd()) this.scrollToLatest();
      });
    }
  }

  /** The reader sees the bottom of the latest entry. */
  private atEnd(): boolean {
    const log = this.log;
    if (!log) return true;
    if (log.scrollHeight - log.scrollTop - log.clientHeight <= AT_END_SLACK) return true;
    const lastRow = log.querySelector('[data-last]');
    return lastRow !== null && lastRow.getBoundingClientRect().bottom <= log.getBoundingClientRect().bottom + AT_END_SLACK;
  }

  /** Marks the scrolls of the next moments as the reader's own. */
  private onScrollIntent(event: Event): void {
    if (event instanceof KeyboardEvent) {
      if (!SCROLL_KEYS.has(event.key)) return;
      if (event.key === 'End' && !event.altKey && !event.shiftKey) {
        // The native End stops at the end as estimated before the last rows were measured; go to the latest entry itself.
        event.preventDefault();
        // Cut short a smooth scroll still running from an earlier key, and do not count its tail as the reader's.
        clearTimeout(this.intentTimer);
        this.userScrolling = false;
        this.log?.scrollTo({ top: this.log.scrollHeight, behavior: 'instant' });
        this.scrollToLatest();
        return;
      }
    }
    this.userScrolling = true;
    if (this.following && this.virtual && scrollsUp(event)) {
      // Let go of the latest entry now. Pinned, the virtualizer puts the log back at the end
      // whenever it measures rows (as when an entry arrives), and within the same frame that
      // would undo the reader's scroll before its scroll event could show it.
      this.following = false;
      this.layoutHandle.unpin?.();
    }
    clearTimeout(this.intentTimer);
    // A held pointer or finger keeps scrolls the reader's until it is lifted.
    if (event.type !== 'pointerdown' && event.type !== 'touchstart') this.intentTimer = setTimeout(() => (this.userScrolling = false), INTENT_MS);
    if (event instanceof KeyboardEvent && event.key === 'Home' && !event.altKey && !event.shiftKey && this.virtual) {
      // Likewise the native Home lands where the top was estimated; go to the first entry itself,
      // again after each frame in which the virtualizer measured rows and moved it.
      event.preventDefault();
      this.scrollToFirst(20);
    }
  }

  private scrollToFirst(tries: number): void {
    const log = this.log;
    if (!log) return;
    log.scrollTo({ top: 0, behavior: 'instant' });
    requestAnimationFrame(() => {
      if (tries > 0 && log.scrollTop > 0 && !this.following) this.scrollToFirst(tries - 1);
    });
  }

  private onPointerUp(): void {
    clearTimeout(this.intentTimer);
    this.intentTimer = setTimeout(() => (this.userScrolling = false), INTENT_MS);
  }

  /** The virtualizer dropped its pin (it does on any scroll it did not make); pin again while following. */
  private onUnpinned(): void {
    if (this.following) this.requestUpdate();
  }

  private jumpToLatest(): void {
    // The reader asked for the end: a smooth scroll still running from an earlier key (slow on
    // a busy machine) must not carry them back up and count as theirs.
    clearTimeout(this.intentTimer);
    this.userScrolling = false;
    this.log?.scrollTo({ top: this.log.scrollHeight, behavior: 'instant' });
    this.scrollToLatest();
    // The button goes away; the log is where the reader continues.
    this.log?.focus();
  }

  private retry(pending: PendingMessage): void {
    void this.activeStore?.retry(pending.clientMessageId);
    this.log?.focus();
  }

  private discard(pending: PendingMessage): void {
    this.activeStore?.discard(pending.clientMessageId);
    this.log?.focus();
  }

  protected override render(): TemplateResult {
    const items = this.items;
    const last = items.length - 1;
    const virtualizer = this.virtual ? virtualizerIfLoaded() : undefined;
    // Until the virtualizer is here, a long transcript renders its latest entries only.
    const waiting = !virtualizer && items.length >= this.virtualizeFrom;
    const plain = waiting ? items.slice(-WHILE_LOADING) : items;
    const first = items.length - plain.length;
    const rows = virtualizer
      ? virtualizer.virtualize({
          items,
          keyFunction: slotKey,
          renderItem: (item: TranscriptItem | undefined, index: number) => (item ? this.renderItem(item, index === last) : html``),
          scroller: true,
          layout: this.following && last >= 0 ? virtualizer.flow({ pin: { index: last, block: 'end' }, sizeClass: virtualizer.sizeClass, handle: this.layoutHandle })
              : virtualizer.flow({ sizeClass: virtualizer.sizeClass, handle: this.layoutHandle }),
        })
      : repeat(plain, itemKey, (item, index) => this.renderItem(item, first + index === last));
    return html`
      <div class="frame">
        ${keyed(
          `${this.boundSession}\u0000${this.virtual}`,
          html`<div
            class="log"
            part="log"
            role="log"
            aria-live="off"
            aria-label=${this.label || msg('Transcript')}
            tabindex="0"
            @scroll=${this.onScroll}
            @unpinned=${this.onUnpinned}
            @wheel=${this.intentListener}
            @touchstart=${this.intentListener}
            @touchend=${this.releaseListener}
            @touchcancel=${this.releaseListener}
            @keydown=${this.onScrollIntent}
            @pointerdown=${this.onScrollIntent}
            @pointerup=${this.onPointerUp}
          >
            ${rows}
          </div>`,
        )}
        ${items.length === 0 ? html`<p class="empty" part="empty">${msg('No messages yet')}</p>` : nothing}
        ${this.following
          ? nothing
          : html`<button class="jump" part="jump-button" type="button" @click=${this.jumpToLatest}>
              ${this.unseen > 0 ? msg(str`Jump to latest (${this.unseen} new)`) : msg('Jump to latest')}
            </button>`}
      </div>
      <div class="typing" part="typing" role="status">${this.typingText()}</div>
      <div class="visually-hidden" role="status" aria-live="polite">
        ${repeat(
          this.announcements,
          (a) => a.id,
          (a) => html`<p>${a.text}</p>`,
        )}
      </div>
    `;
  }

  private typingText(): string {
    const users = this.typing.value;
    if (users.length === 0) return '';
    if (users.length === 1) {
      const name = users[0]!.name;
      return msg(str`${name} is typing…`);
    }
    if (users.length === 2) {
      const first = users[0]!.name;
      const second = users[1]!.name;
      return msg(str`${first} and ${second} are typing…`);
    }
    const count = users.length;
    return msg(str`${count} people are typing…`);
  }

  private renderItem(item: TranscriptItem, isLast: boolean): TemplateResult {
    const row = item.kind === 'pending' ? this.renderPending(item, item.pending) : item.entry.kind === 'notice' ? this.renderNotice(item.entry) : this.renderMessage(item, item.entry);
    // The wrapper marks the latest row so scrolling can tell when the reader reached it.
    return html`<div class="slot" ?data-last=${isLast}>${row}</div>`;
  }

  private renderNotice(entry: NoticeEntry): TemplateResult {
    return html`<div class="row notice ${entry.visibility === 'agents' ? 'internal' : ''}" part="entry notice">
      <p class="notice-text" dir="auto">
        ${noticeFor(entry, this.user.value)}
        ${entry.visibility === 'agents' ? html` <span class="badge" part="badge">${msg('Agents only')}</span>` : nothing}
        <time class="visually-hidden" datetime=${new Date(entry.at).toISOString()}>${formatTime(entry.at)}</time>
      </p>
    </div>`;
  }

  private renderMessage(item: TranscriptItem, entry: MessageEntry): TemplateResult {
    const internal = entry.visibility === 'agents';
    const parts = `entry message ${item.own ? 'own' : 'other'}${internal ? ' internal' : ''}`;
    return html`<div class="row message ${item.own ? 'own' : 'other'} ${internal ? 'internal' : ''}" part=${parts}>
      <div class="bubble" part="bubble">
        ${this.renderMeta(entry.from.name, item.own, internal, entry.at)}
        <p class="text" part="text" dir="auto" id=${domId(item)}>${this.renderText(entry.text)}</p>
      </div>
    </div>`;
  }

  private renderPending(item: TranscriptItem, pending: PendingMessage): TemplateResult {
    const failed = pending.status === 'failed';
    const internal = pending.visibility === 'agents';
    const textId = domId(item);
    const statusId = `${textId}-status`;
    const name = this.user.value?.name ?? msg('You');
    const parts = `entry message own pending${failed ? ' failed' : ''}${internal ? ' internal' : ''}`;
    return html`<div class="row message own pending ${failed ? 'failed' : ''} ${internal ? 'internal' : ''}" part=${parts}>
      <div class="bubble" part="bubble">
        ${this.renderMeta(name, true, internal, pending.at)}
        <p class="text" part="text" dir="auto" id=${textId}>${this.renderText(pending.text)}</p>
        ${failed
          ? html`<p class="status error" part="status" id=${statusId}>
                ${pending.error?.message ? msg(str`Not sent: ${pending.error.message}`) : msg('Not sent.')}
              </p>
              <div class="actions">
                <button
                  type="button"
                  part="retry-button"
                  aria-label=${msg('Retry sending')}
                  aria-describedby="${textId} ${statusId}"
                  @click=${() => this.retry(pending)}
                >
                  ${msg('Retry')}
                </button>
                <button
                  type="button"
                  part="discard-button"
                  aria-label=${msg('Discard message')}
                  aria-describedby=${textId}
                  @click=${() => this.discard(pending)}
                >
                  ${msg('Discard')}
                </button>
              </div>`
          : html`<p class="status" part="status">${msg('Sending…')}</p>`}
      </div>
    </div>`;
  }

  private renderMeta(name: string, own: boolean, internal: boolean, at: number): TemplateResult {
    return html`<p class="meta">
      <bdi class="sender" part="sender">${name}</bdi>${own ? html`<span class="visually-hidden"> ${msg('(you)')}</span>` : nothing}
      ${internal ? html`<span class="badge" part="badge">${msg('Agents only')}</span>` : nothing}
      <time part="time" dir="auto" datetime=${new Date(at).toISOString()}>${formatTime(at)}</time>
    </p>`;
  }

  private renderText(text: string): (TemplateResult | string)[] {
    return linkify(text).map((segment) =>
      isLink(segment)
        ? segment.external
          ? html`<a part="link" href=${segment.href} target="_blank" rel="noopener noreferrer">${segment.text}</a>`
          : html`<a part="link" href=${segment.href} rel="noopener noreferrer">${segment.text}</a>`
        : segment.text,
    );
  }
}
