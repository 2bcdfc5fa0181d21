import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscription } from 'rxjs';
import { sameItems } from '../../store/memo.js';
import { viewSelectorsFor, type ViewSelectors } from '../../store/selectors.js';
import type { WorkspaceState, WorkspaceStore } from '../../store/types.js';

/**
 * Picks a selector from the store's own view selectors, for the current arguments (an
 * agent's element takes its own from them with `agentSelectorsFor(selectors)`).
 */
export type SelectorPick<T, A extends readonly unknown[]> = (selectors: ViewSelectors, ...args: [...A]) => (state: WorkspaceState) => T;

export interface KeyedSelectOptions<T, A extends readonly unknown[]> {
  /** The store to read; asked again before every update (it may arrive by property or context later). */
  store: () => WorkspaceStore | undefined;
  /** The selector's arguments (a session id, …); re-read before every update, like Lit's `Task` args. */
  args: () => A;
  /** The selector for those arguments, from the store's own selectors (`viewSelectorsFor(store)`). */
  select: SelectorPick<T, A>;
  /** The value before the store is known. */
  initial: T;
  equals?: (a: T, b: T) => boolean;
}

/**
 * Binds one selector of one store to a Lit element: `value` holds the latest result and the
 * host re-renders when it changes. Before every update it re-reads the store and the
 * arguments; when either changed it drops its subscription and takes the new selector's
 * value before the render, so a `session-id` change never shows the old session for a frame
 * and never leaves a subscription behind. On disconnect it unsubscribes.
 *
 * Selectors come from the store's own set (`viewSelectorsFor(store)`), so the caches of two
 * stores in one page never mix.
 */
export class KeyedSelectController<T, A extends readonly unknown[] = []> implements ReactiveController {
  private current: T;
  private connected = false;
  private subscription?: Subscription;
  private boundStore?: WorkspaceStore;
  private boundArgs?: A;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: KeyedSelectOptions<T, A>,
  ) {
    this.current = options.initial;
    host.addController(this);
  }

  /**
   * The selector's latest result. Read during an update (in `willUpdate`, before Lit asks
   * the controllers) it is already the result for the current store and arguments.
   */
  get value(): T {
    if (this.connected) this.rebindIfChanged(false);
    return this.current;
  }

  /** Whether a subscription to the store is open (tests check that removal leaves none). */
  get bound(): boolean {
    return this.subscription !== undefined;
  }

  hostConnected(): void {
    this.connected = true;
    if (this.rebindIfChanged(true)) this.host.requestUpdate();
  }

  hostUpdate(): void {
    this.rebindIfChanged(false);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.boundStore = undefined;
    this.boundArgs = undefined;
  }

  /** Rebinds when the store or the arguments changed (or `force`); answers whether it did. */
  private rebindIfChanged(force: boolean): boolean {
    const store = this.options.store();
    const args = this.options.args();
    const unchanged = store === this.boundStore && this.boundArgs !== undefined && sameItems(args, this.boundArgs);
    if (!force && unchanged) return false;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.boundStore = store;
    this.boundArgs = args;
    if (!store) {
      this.current = this.options.initial;
      return true;
    }
    const selector = this.options.select(viewSelectorsFor(store), ...args);
    const equals = this.options.equals;
    // The first value arrives synchronously and is taken before this update renders.
    let sync = true;
    this.current = this.options.initial;
    this.subscription = store.select(selector, equals).subscribe((value) => {
      if (Object.is(value, this.current) || (equals && equals(value, this.current))) return;
      this.current = value;
      if (!sync) this.host.requestUpdate();
    });
    sync = false;
    return true;
  }
}

/**
 * The plain form: one selector over the whole state, no arguments (for hosts and demos;
 * the components use `KeyedSelectController` through `StoreElement`).
 */
export class SelectController<T> extends KeyedSelectController<T, []> {
  constructor(
    host: ReactiveControllerHost,
    getStore: () => WorkspaceStore | undefined,
    selector: (state: WorkspaceState) => T,
    initial: T,
    equals?: (a: T, b: T) => boolean,
  ) {
    super(host, { store: getStore, args: () => [], select: () => selector, initial, ...(equals ? { equals } : {}) });
  }
}
