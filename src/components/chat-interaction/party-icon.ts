import { css, html, svg, type TemplateResult } from 'lit';
import type { PartyState } from '../../engine/types.js';

/** How a party state is drawn next to its text: the text carries the meaning, the icon only echoes it. */
export function partyStateClass(state: PartyState): string {
  switch (state) {
    case 'connected':
      return 'state-connected';
    case 'invited':
      return 'state-invited';
    default:
      return 'state-ended';
  }
}

/** A decorative status dot: filled when connected, ringed when ringing, hollow otherwise. */
export function partyStateIcon(state: PartyState): TemplateResult {
  const shape =
    state === 'connected'
      ? svg`<circle cx="5" cy="5" r="4.5" fill="currentColor" />`
      : state === 'invited'
        ? svg`<circle cx="5" cy="5" r="4" fill="none" stroke="currentColor" stroke-width="1.5" /><circle cx="5" cy="5" r="1.6" fill="currentColor" />`
        : svg`<circle cx="5" cy="5" r="4" fill="none" stroke="currentColor" stroke-width="1.5" />`;
  return html`<svg class="state-icon ${partyStateClass(state)}" viewBox="0 0 10 10" aria-hidden="true" focusable="false">${shape}</svg>`;
}

/** The styles of a party's state text and icon, for every element that lists parties. */
export const partyStateStyles = css`
  .party-state {
    color: var(--_muted);
  }
  .state-icon {
    inline-size: 10px;
    block-size: 10px;
    flex: none;
  }
  .state-connected {
    color: var(--_success);
  }
  .state-invited {
    color: var(--_warning);
  }
  .state-ended {
    color: var(--_muted);
  }
`;
