import { FlowLayout, type flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import type { LayoutHandle } from './lazy-virtualizer.js';

/** The configuration `flow()` takes (its type is not exported by name). */
type FlowConfig = NonNullable<Parameters<typeof flow>[0]>;
/** Measured rows by index, as the virtualizer hands them to the layout. */
type ChildMeasurements = Parameters<FlowLayout['updateItemSizes']>[0];

export interface AnchoredFlowConfig extends FlowConfig {
  /**
   * Sorts items into classes of about the same height (say a notice, a one-line message, a
   * three-line one). Unmeasured rows are then estimated from each class's measured height
   * weighted by how many items of the class the list holds, instead of by whichever rows
   * happened to be measured. Must be cheap: it runs for every item of a new list (some 3 ms
   * for 100,000 in Chromium) and then once per item added.
   */
  sizeClass?: (item: unknown) => number;
  /** Filled in with the layout's `unpin`, for the element to call when the reader scrolls away (see LayoutHandle). */
  handle?: LayoutHandle;
}

/**
 * @lit-labs/virtualizer's flow layout, changed where long lists made a scroll move the
 * content by far more than was asked.
 *
 * Where a scroll lands past every rendered row, the library picks the row there as
 * `position / average row height` counted from the first entry, while the rows it shows were
 * placed with the average of an earlier moment. Every row measured moves that average, and
 * over 100,000 entries a third of a pixel is 33,000 px: `scrollTop += 12,000` showed rows
 * 36,700 px away (FlowLayout._getItems then corrects scrollTop to where it put them).
 * Here the row is counted from the rendered rows instead, with the same estimate that then
 * places it, and it is the row at the top of the view, so measuring it and its neighbours
 * afterwards moves nothing above it.
 *
 * The average itself swung by a third of a pixel because it is taken over the rows measured
 * so far (at first some 40 near the end): with `sizeClass` it is weighted by how common each
 * kind of row is in the whole list. That also keeps the scroll size (entries × average) from
 * shrinking by more than a reader scrolled up, which pinned Firefox back to the end.
 */
export class AnchoredFlowLayout extends FlowLayout {
  sizeClass?: (item: unknown) => number;
  handle?: LayoutHandle;

  /** Items of each class in `counted` (as sorted by `countedWith`). */
  private classCounts = new Map<number, number>();
  private counted: readonly unknown[] = [];
  private countedWith?: (item: unknown) => number;
  /** Measured rows by index: their class and height. */
  private measured = new Map<number, { sizeClass: number; size: number }>();
  /** Total measured height and count per class. */
  private classSizes = new Map<number, { total: number; count: number }>();
  private average?: number;
  private readonly unpinNow = (): void => this.unpin();
  private settling = false;
  /**
   * Until the first frame is painted the rows rendered are those in view and 300 px more (none
   * more when the first update guessed the viewport, see _setItems); the library's 1,000 px of
   * rows around the view (for scrolling without blank space) follow after it. Laying out three
   * times the rows that show made a long transcript's first frame late.
   */
  override _overhang = 300;
  /** The first frame has been painted (the overhang is the library's again). */
  private painted = false;
  /** The virtualizer's first update has begun (see _setItems). */
  private started = false;

  constructor(...args: ConstructorParameters<typeof FlowLayout>) {
    super(...args);
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.painted = true;
        this.average = undefined;
        this._overhang = 1000;
        this._triggerReflow();
      }),
    );
  }

  /**
   * The virtualizer's first update reads the viewport's size and position before any row
   * exists, which lays the whole page out (about a millisecond with a transcript window), and
   * the rows it then renders need a second layout to be measured. Pinned, as a transcript
   * opens at its latest entry, that first update here takes the window's height as the
   * viewport instead, with no overhang: no more than can show, so the rows for the end are in
   * the DOM when the page is first laid out, measured by that one layout. The settle pass
   * that follows (_sendStateChangedMessage) reads the real viewport from the page then laid
   * out, and drops the rows that fell outside it.
   *
   * The layout's items are set at the start of the virtualizer's update, just before it reads
   * the viewport; its own update method is replaced for that one call.
   */
  override _setItems(items: unknown[]): void {
    if (!this.started) {
      this.started = true;
      const host = this.handle?.host?.();
      const virtualizer = host?.isConnected ? (host as unknown as Record<symbol, { _updateView?(): void } | undefined>)[virtualizerRef] : undefined;
      if (virtualizer && this._pin !== null) {
        virtualizer._updateView = () => {
          delete virtualizer._updateView;
          // A new layout's scroll position, scroll size and offset are already zero (nothing
          // scrolled, nothing to clamp to): only the viewport is guessed.
          this.viewportSize = { width: window.innerWidth, height: window.innerHeight };
          this._overhang = 0;
        };
      }
    }
    super._setItems(items);
  }

  /**
   * A reflow still settling around the pinned row (rows not measured yet) keeps that row as
   * its anchor after the pin is gone, and then scrolls the view back to within 1,000 px of it
   * (the anchor error in FlowLayout._getItems): a reader scrolling up as an entry arrived
   * was pulled back to 1,059 px from the end. Unpinned, the anchor is wherever they scrolled.
   */
  override unpin(): void {
    if (this._pin !== null) this._resetReflowState();
    super.unpin();
  }

  override _reflow(): void {
    if (this.handle) this.handle.unpin = this.unpinNow;
    super._reflow();
  }

  /**
   * While pinned, the rows just placed with estimated heights are measured now, in the same
   * task, and the layout placed again until every row in range is measured. The library
   * measures them in a ResizeObserver callback, a frame later, and a second frame for the
   * rows that the real heights brought into range: for those two frames the latest entry
   * stood where the estimate put it, cut off or below the view.
   */
  override _sendStateChangedMessage(): void {
    super._sendStateChangedMessage();
    const host = this.handle?.host?.();
    // A detached log (a transcript replaced) has nothing to measure.
    if (this.settling || this._pin === null || !host?.isConnected) return;
    // The virtualizer's own update (it reads the viewport and scroll size again first), fed with the sizes measured here.
    const virtualizer = (host as unknown as Record<symbol, { _childMeasurements: ChildMeasurements | null; _updateLayout(): void }>)[virtualizerRef];
    this.settling = true;
    try {
      for (let round = 0; round < 4 && virtualizer; round++) {
        const sizes: ChildMeasurements = {};
        let fresh = false;
        for (let index = this._first; index <= this._last && index >= 0; index++) {
          // The rows in range come first in the host, in order (the virtualizer's sizer last).
          const row = host.children[index - this._first];
          if (row && this._metricsCache.getChildSize(index) === undefined) {
            const { width, height } = row.getBoundingClientRect();
            sizes[index] = { width, height };
            fresh = true;
          }
        }
        if (!fresh) break;
        virtualizer._childMeasurements = sizes;
        this._scheduleReflow();
        virtualizer._updateLayout();
        // The virtualizer moves scrollTop by the change of position, from where the browser
        // left it; when the scroll size shrank, the browser had already pulled it back, and the
        // move overshot by as much.
        host.scrollTop = this._scrollPosition;
      }
    } finally {
      this.settling = false;
    }
  }

  override updateItemSizes(sizes: ChildMeasurements): void {
    const sort = this.sizeClass;
    if (sort) {
      const items = this.items;
      for (const key of Object.keys(sizes)) {
        const index = Number(key);
        const size = sizes[index]![this.direction === 'horizontal' ? 'width' : 'height'];
        const before = this.measured.get(index);
        if (before) this.addSize(before.sizeClass, -before.size, -1);
        const sizeClass = sort(items[index]);
        this.measured.set(index, { sizeClass, size });
        this.addSize(sizeClass, size, 1);
      }
      this.average = undefined;
    }
    super.updateItemSizes(sizes);
  }

  override _getAverageSize(): number {
    const sort = this.sizeClass;
    const overall = super._getAverageSize();
    // Until the first frame the measured rows' own average: counting every item's class walks
    // the whole list (10,000 calls at 10,000 entries) in the task of the first render, while
    // pinned rows are placed from the end whatever the average.
    if (!sort || this.measured.size === 0 || (!this.painted && this._pin !== null)) return overall;
    if (this.items !== this.counted || sort !== this.countedWith) this.countClasses(sort);
    if (this.average === undefined) {
      let total = 0;
      let items = 0;
      for (const [sizeClass, count] of this.classCounts) {
        const sizes = this.classSizes.get(sizeClass);
        total += count * (sizes && sizes.count > 0 ? sizes.total / sizes.count : overall);
        items += count;
      }
      this.average = items > 0 ? total / items : overall;
    }
    return this.average;
  }

  /**
   * Where an unrendered row starts: the library's estimate with the average above, and with
   * a row past the last rendered one starting right after it (the library adds one row more).
   */
  override _estimatePosition(index: number): number {
    const metrics = this._metricsCache;
    const size = this._getAverageSize();
    const margin = metrics.averageMarginSize;
    const first = this._first >= 0 ? this._getPhysicalItem(this._first) : undefined;
    const last = this._last >= 0 ? this._getPhysicalItem(this._last) : undefined;
    if (!first || !last) return margin + index * (margin + size);
    if (index < this._first) {
      const rows = this._first - index;
      return first.pos - (metrics.getMarginSize(this._first) ?? margin) - rows * size - (rows - 1) * margin;
    }
    const rows = index - this._last;
    return last.pos + (metrics.getChildSize(this._last) ?? size) + (metrics.getMarginSize(this._last + 1) ?? margin) + (rows - 1) * (size + margin);
  }

  /**
   * Pinned, the last row ends the scroll size, as FlowLayout._getItems places it. Its position
   * from the pass before may be an estimate that the measured sizes have since shrunk by far
   * more than the view: pinning there left the range empty (past the new end) for a frame.
   */
  override _getPosition(index: number): number {
    const size = index === this.items.length - 1 && this._pin !== null ? this._getSize(index) : undefined;
    return size === undefined ? super._getPosition(index) : this._scrollSize - (this._metricsCache.getMarginSize(index + 1) ?? this._metricsCache.averageMarginSize) - size;
  }

  override _calculateAnchor(lower: number, upper: number): number {
    const count = this.items.length;
    // The ends (the first entry at 0, the last at the end of the scroll size) and a layout
    // with no rows yet: as the library does.
    if (lower <= 0 || upper > this._scrollSize - this._viewDim1 || this._first < 0 || this._last < 0) return super._calculateAnchor(lower, upper);
    const first = this._getPhysicalItem(this._first);
    const last = this._getPhysicalItem(this._last);
    const step = this._delta;
    if (!first || !last || !(step > 0)) return super._calculateAnchor(lower, upper);
    const top = lower + this._overhang;
    let index = top >= last.pos ? this._last + Math.floor((top - last.pos) / step) : this._first - Math.ceil((first.pos - top) / step);
    index = Math.max(0, Math.min(count - 1, index));
    // The row whose estimated start is at or above the top of the view, the next one's below it.
    for (let guard = 0; guard < 8 && index > 0 && this._getPosition(index) > top; guard++) index--;
    for (let guard = 0; guard < 8 && index < count - 1 && this._getPosition(index + 1) <= top; guard++) index++;
    return index;
  }

  private addSize(sizeClass: number, size: number, count: number): void {
    const sizes = this.classSizes.get(sizeClass) ?? { total: 0, count: 0 };
    sizes.total += size;
    sizes.count += count;
    this.classSizes.set(sizeClass, sizes);
  }

  /** Counts the classes of the items added or replaced since the last count (the whole list when it is another one). */
  private countClasses(sort: (item: unknown) => number): void {
    const before = this.counted;
    const items = this.items;
    let common = 0;
    if (sort === this.countedWith) {
      // Lists grow at the end; what changed lies after the longest common prefix.
      common = Math.min(before.length, items.length);
      while (common > 0 && before[common - 1] !== items[common - 1]) common--;
      for (let i = common; i < before.length; i++) this.addCount(sort(before[i]), -1);
    } else {
      this.classCounts.clear();
    }
    for (let i = common; i < items.length; i++) this.addCount(sort(items[i]), 1);
    this.counted = items;
    this.countedWith = sort;
    this.average = undefined;
  }

  private addCount(sizeClass: number, count: number): void {
    const next = (this.classCounts.get(sizeClass) ?? 0) + count;
    if (next > 0) this.classCounts.set(sizeClass, next);
    else this.classCounts.delete(sizeClass);
  }
}

/** `flow()` with AnchoredFlowLayout: pass it to `virtualize({ layout })`. */
export const anchoredFlow = (config: AnchoredFlowConfig = {}): AnchoredFlowConfig & { type: typeof AnchoredFlowLayout } => ({ ...config, type: AnchoredFlowLayout });
