/**
 * How many results the first page asks for and renders: a little more than the results box
 * shows (360px holds about eight), so a keystroke renders few rows. "Show more results" (or
 * ArrowDown on the last one) asks for the next page.
 */
export const RESULT_LIMIT = 12;
/** How many more results each "Show more results" asks for. */
export const MORE_RESULTS = 24;
