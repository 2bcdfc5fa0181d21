import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { menuFocusIndex } from './menu-keys.js';

export interface MenuKeyHandlers {
  /** Enter or Space on an item. */
  activate(item: HTMLElement): void;
  /** Escape: close and give focus back to the menu button. */
  close(returnFocus: boolean): void;
}

/**
 * One menu behaviour for the Conference Party Action Menu and the Team Communicator's
 * action menus: the WAI-ARIA keyboard model (arrows, Home/End, Page Up/Down, type-ahead,
 * Escape, Tab, Enter/Space), placement in the top layer beside its button (so no scrolling
 * box clips it; flipped above when there is no room below, kept on screen sideways), and
 * closing on a pointer press outside the host. The host keeps whether its menu is open.
 */
export class MenuController implements ReactiveController {
  private onOutside?: () => void;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.unwatch();
  }

  /** While a menu is open: a pointer press outside the host calls `close`. */
  watchOutside(close: () => void): void {
    this.unwatch();
    this.onOutside = close;
    document.addEventListener('pointerdown', this.onPointerDown, true);
  }

  unwatch(): void {
    this.onOutside = undefined;
    document.removeEventListener('pointerdown', this.onPointerDown, true);
  }

  private readonly onPointerDown = (e: Event): void => {
    if (!e.composedPath().includes(this.host)) this.onOutside?.();
  };

  /**
   * Shows `menu` in the top layer under `button`, its inline end at the button's (its start
   * in right-to-left), above the button when it does not fit below, and kept on screen.
   */
  place(menu: HTMLElement, button: HTMLElement): void {
    if (typeof menu.showPopover === 'function' && menu.hasAttribute('popover') && !menu.matches(':popover-open')) menu.showPopover();
    const r = button.getBoundingClientRect();
    const rtl = getComputedStyle(this.host).direction === 'rtl';
    const width = menu.offsetWidth;
    const left = rtl ? r.left : r.right - width;
    const below = r.bottom + 2;
    const top = below + menu.offsetHeight > window.innerHeight ? Math.max(0, r.top - menu.offsetHeight - 2) : below;
    menu.style.left = `${Math.max(0, Math.min(left, window.innerWidth - width))}px`;
    menu.style.top = `${top}px`;
  }

  /** The keyboard model inside an open menu; answers whether the key was the menu's. */
  keydown(event: KeyboardEvent, items: readonly HTMLElement[], handlers: MenuKeyHandlers): boolean {
    const root = this.host.shadowRoot;
    const current = items.findIndex((item) => item === root?.activeElement);
    const next = menuFocusIndex(event, current, items.map((item) => item.textContent ?? ''));
    if (next !== undefined) {
      event.preventDefault();
      items[next]?.focus();
      return true;
    }
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        handlers.close(true);
        return true;
      case 'Tab':
        // The browser moves focus on from where it is; the menu must not stay open behind it.
        handlers.close(false);
        return false;
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const item = items[current];
        if (item) handlers.activate(item);
        return true;
      }
    }
    return false;
  }
}
