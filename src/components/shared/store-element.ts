import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { workspaceStoreContext } from './context.js';
import { SelectController } from '../../store/select-controller.js';
import type { WorkspaceState, WorkspaceStore } from '../../store/types.js';

/**
 * Base for the components: takes the store by property (`.store`) or, failing that,
 * from the nearest ancestor context provider, and binds selectors to it.
 */
export class StoreElement extends LitElement {
  /** The workspace store; overrides the one from context. */
  @property({ attribute: false }) store?: WorkspaceStore;

  @consume({ context: workspaceStoreContext, subscribe: true })
  @property({ attribute: false })
  protected contextStore?: WorkspaceStore;

  /** The store in effect: the property, else the context's. */
  protected get activeStore(): WorkspaceStore | undefined {
    return this.store ?? this.contextStore;
  }

  protected select<T>(selector: (state: WorkspaceState) => T, initial: T, equals?: (a: T, b: T) => boolean): SelectController<T> {
    return new SelectController(this, () => this.activeStore, selector, initial, equals);
  }
}
