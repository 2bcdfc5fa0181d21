import type { css as litCss } from 'lit';

/**
 * The styles of the Team Communicator's view (team-communicator-view.ts), loaded with it; made
 * with the page's `css` (see shared/view-kit.ts).
 */
export const teamCommunicatorViewStyles = (css: typeof litCss) => css`
  input[role='combobox'] {
    box-sizing: border-box;
    inline-size: 100%;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: 6px;
    padding-inline: 10px 32px;
  }
  input[role='combobox']::placeholder {
    color: var(--_muted);
  }
  .search-row {
    position: relative;
  }
  .search-icon {
    position: absolute;
    inset-inline-end: 10px;
    inset-block-start: 50%;
    inline-size: 16px;
    block-size: 16px;
    margin-block-start: -8px;
    color: var(--_muted);
    pointer-events: none;
  }

  .filter {
    display: flex;
    flex-wrap: wrap;
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  .segment {
    position: relative;
    display: inline-flex;
  }
  .segment input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  .segment span {
    display: inline-block;
    padding-block: 3px;
    padding-inline: 10px;
    border: 1px solid var(--_border);
    margin-inline-start: -1px;
    background: var(--_surface);
    color: var(--_fg);
    font-size: 0.92em;
  }
  .segment:first-of-type span {
    margin-inline-start: 0;
    border-start-start-radius: var(--_radius);
    border-end-start-radius: var(--_radius);
  }
  .segment:last-of-type span {
    border-start-end-radius: var(--_radius);
    border-end-end-radius: var(--_radius);
  }
  .segment input:checked + span {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
  }
  .segment input:focus-visible + span {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
    position: relative;
    z-index: 1;
  }

  .status {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .status:empty {
    /* Stays in the tree (a live region must exist before it speaks) but takes no room. */
    margin-block-start: -6px;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }

  /*
   * The listbox and the column of menu buttons are siblings (a listbox may hold only
   * options), laid on one grid whose rows both share through subgrid, so each button
   * sits on its option's row.
   */
  .results {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-auto-rows: auto;
    max-block-size: var(--wc-team-communicator-results-size, 360px);
    overflow-y: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .results[hidden] {
    display: none;
  }
  .listbox,
  .actions {
    display: grid;
    grid-template-rows: subgrid;
    min-inline-size: 0;
  }
  .listbox {
    grid-column: 1;
  }
  .actions {
    grid-column: 2;
  }
  .group {
    display: grid;
    grid-template-rows: subgrid;
    min-inline-size: 0;
  }
  .section-label,
  .spacer {
    background: var(--_surface);
    border-block-start: 1px solid var(--_border);
  }
  .section-label {
    padding-block: 4px;
    padding-inline: 10px;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
    text-transform: uppercase;
    letter-spacing: 0.03em;
  }
  .group:first-child .section-label,
  .spacer:first-child {
    border-block-start: 0;
  }

  .option {
    display: flex;
    flex-direction: column;
    justify-content: center;
    gap: 1px;
    min-inline-size: 0;
    padding-block: 5px;
    padding-inline: 10px;
    cursor: pointer;
  }
  .option .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .option .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 6px;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .option .reason,
  .menuitem .reason {
    color: var(--_warning);
    font-size: 0.88em;
  }
  .option.active,
  .action-cell.active {
    background: var(--_own-bubble);
  }
  .option.active {
    box-shadow: inset 3px 0 0 var(--_accent);
  }
  :host(:dir(rtl)) .option.active {
    box-shadow: inset -3px 0 0 var(--_accent);
  }
  .option:hover,
  .option:hover + * {
    background: var(--_surface);
  }

  .presence {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .presence .icon {
    inline-size: 10px;
    block-size: 10px;
    flex: none;
  }
  /* One icon per row holds every shape; the presence shows its own (shapes differ as well as colours). */
  .presence .icon > * {
    display: none;
  }
  .presence.ready .disc,
  .presence.not-ready .disc,
  .presence.not-ready .bar,
  .presence.after-call-work .ring,
  .presence.after-call-work .hands,
  .presence.offline .ring,
  .presence.offline .slash {
    display: inline;
  }
  [hidden],
  .presence.none,
  .option .number:empty,
  .option > .reason:empty {
    display: none !important;
  }
  /* The separators between type, presence and number are drawn, not read. */
  .meta > :not(:first-child)::before {
    content: '·' / '';
    margin-inline-end: 6px;
    color: var(--_muted);
  }
  /* The presence is a flex box whose gap adds to the separator's margin. */
  .meta > .presence::before {
    margin-inline-end: 2px;
  }
  .presence.ready .icon {
    color: var(--_success);
  }
  .presence.not-ready .icon {
    color: var(--_danger);
  }
  .presence.after-call-work .icon {
    color: var(--_warning);
  }
  .presence.offline .icon {
    color: var(--_muted);
  }

  .action-cell {
    display: flex;
    align-items: center;
    padding-inline: 4px 8px;
  }
  .action-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-inline-size: 28px;
    padding-inline: 6px;
  }
  .action-button[aria-expanded='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }

  .menu {
    position: fixed;
    inset: auto;
    margin: 0;
    min-inline-size: 220px;
    max-inline-size: min(320px, 90vw);
    padding-block: 4px;
    padding-inline: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-family: var(--_font);
    font-size: var(--_font-size);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.22);
    z-index: 10;
  }
  .menuitem {
    display: flex;
    flex-direction: column;
    padding-block: 6px;
    padding-inline: 9px 12px;
    border-inline-start: 3px solid transparent;
    cursor: pointer;
  }
  .menuitem:focus {
    outline: none;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .menuitem:focus .reason {
    color: inherit;
  }
  .menuitem:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .menuitem[aria-disabled='true'] {
    cursor: not-allowed;
    color: var(--_muted);
  }
  .menuitem[aria-disabled='true']:focus {
    background: var(--_surface);
    color: var(--_fg);
    border-inline-start-color: var(--_muted);
  }

  .more,
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .more-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 4px 8px;
  }
  .option {
    /* Rows scrolled out of the results box are neither laid out nor painted. */
    content-visibility: auto;
    contain-intrinsic-block-size: auto 44px;
  }
`;
