/**
 * What a long transcript loads at once (see lazy-virtualizer.ts): one `import()` of this
 * module rather than one per part, which is fewer bytes on every page that has a transcript.
 */
export { virtualize } from '@lit-labs/virtualizer/virtualize.js';
/** The flow layout, anchored so a scroll moves the rows by what was asked (see anchored-flow.ts). */
export { anchoredFlow as flow } from './anchored-flow.js';
/** The transcript's kinds of row for the layout's estimates (loaded with it, as only it needs them). */
export { sizeClass } from './row-size.js';
