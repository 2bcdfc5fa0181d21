import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { consume, ContextProvider } from '@lit/context';
import { workspaceStoreContext } from './context.js';
import { KeyedSelectController, type SelectorPick } from './select-controller.js';
import type { WorkspaceState, WorkspaceStore } from '../../store/types.js';

/**
 * Base for the components: takes the store by property (`.store`) or, failing that,
 * from the nearest ancestor context provider, binds selectors to it, and provides it to
 * its own shadow tree — so the elements a component renders (a transcript, a composer, a
 * party menu) find the same store without it being forwarded by hand.
 */
export class StoreElement extends LitElement {
  /** The workspace store; overrides the one from context. */
  @property({ attribute: false }) store?: WorkspaceStore;

  @consume({ context: workspaceStoreContext, subscribe: true })
  @property({ attribute: false })
  protected contextStore?: WorkspaceStore;

  /** What this element's shadow tree (and light children) get from context: the store in effect. */
  private readonly storeProvider = new ContextProvider(this, { context: workspaceStoreContext, initialValue: undefined });

  /** The store in effect: the property, else the context's. */
  protected get activeStore(): WorkspaceStore | undefined {
    return this.store ?? this.contextStore;
  }

  // In update(), just before rendering: the elements the render creates find the store at once.
  protected override update(changed: PropertyValues): void {
    const store = this.activeStore;
    if (this.storeProvider.value !== store) this.storeProvider.setValue(store);
    super.update(changed);
  }

  /** Binds a selector over the whole state (no arguments). */
  protected select<T>(selector: (state: WorkspaceState) => T, initial: T, equals?: (a: T, b: T) => boolean): KeyedSelectController<T, []> {
    return new KeyedSelectController<T, []>(this, { store: () => this.activeStore, args: () => [], select: () => selector, initial, ...(equals ? { equals } : {}) });
  }

  /**
   * Binds a selector that takes arguments (a session id, a user id) from the store's own
   * selector set; the arguments are read again before every update and a change rebinds.
   */
  protected selectKeyed<T, A extends unknown[]>(args: () => readonly [...A], pick: SelectorPick<T, A>, initial: T, equals?: (a: T, b: T) => boolean): KeyedSelectController<T, A> {
    return new KeyedSelectController<T, A>(this, { store: () => this.activeStore, args: () => args() as A, select: pick, initial, ...(equals ? { equals } : {}) });
  }
}
