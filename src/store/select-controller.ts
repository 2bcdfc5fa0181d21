import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscription } from 'rxjs';
import type { WorkspaceState, WorkspaceStore } from './types.js';

/**
 * Binds one selector to a Lit element: `value` holds the selector's latest result and the
 * host re-renders when it changes. The store is read through `getStore` on every
 * connect, so an element whose store arrives later (by property or context) still binds.
 */
export class SelectController<T> implements ReactiveController {
  value: T;
  private subscription?: Subscription;
  private boundTo?: WorkspaceStore;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getStore: () => WorkspaceStore | undefined,
    private readonly selector: (state: WorkspaceState) => T,
    initial: T,
    private readonly equals?: (a: T, b: T) => boolean,
  ) {
    this.value = initial;
    host.addController(this);
  }

  hostConnected(): void {
    this.rebind();
  }

  /** Lets the host re-check its store before each update (the store may have changed). */
  hostUpdate(): void {
    if (this.getStore() !== this.boundTo) this.rebind();
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.boundTo = undefined;
  }

  private rebind(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    const store = this.getStore();
    this.boundTo = store;
    if (!store) return;
    // The first value arrives synchronously; assign it without a second update cycle.
    let sync = true;
    this.subscription = store.select(this.selector, this.equals).subscribe((value) => {
      if (Object.is(value, this.value) || (this.equals && this.equals(value, this.value))) return;
      this.value = value;
      if (!sync) this.host.requestUpdate();
    });
    sync = false;
    this.host.requestUpdate();
  }
}
