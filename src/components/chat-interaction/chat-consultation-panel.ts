import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { StoreElement } from '../shared/store-element.js';
import { partyStateLabel } from '../shared/labels.js';
import { headingLevel } from '../shared/heading.js';
import { ClockController } from '../shared/clock-controller.js';
import { CommandController } from '../shared/command-controller.js';
import { selectUser } from '../../store/selectors.js';
import type { Command } from '../../engine/types.js';
import type { ConsultationVM } from '../../store/types.js';
import { consultationPanelStyles } from './chat-consultation-panel.styles.js';
import { formatElapsed } from './elapsed.js';
import { partyStateIcon } from './party-icon.js';
import { prefixed } from '../shared/tags.js';

let panelCount = 0;

/**
 * One chat consultation inside an interaction window: its peer, a running timer, its
 * parties, its own transcript and composer, End, and Done once it has ended (for
 * example after the peer was conferenced into the interaction).
 *
 * @tag chat-consultation-panel
 * @csspart header - the heading line with the timer and state
 * @csspart timer - the elapsed time (hh:mm:ss)
 * @csspart state - the consultation's state as text
 * @csspart parties - the list of the consultation's parties
 * @csspart actions - the End / Done buttons
 * @csspart transcript - the consultation transcript
 * @csspart composer - the consultation composer
 * @cssprop --wc-consultation-transcript-size - block size of the consultation transcript (200px)
 */
@localized()
export class ChatConsultationPanel extends StoreElement {
  static override styles = consultationPanelStyles;

  /** The consultation session shown. */
  @property({ attribute: 'session-id', reflect: true }) sessionId?: string;

  /** `light`, `dark` or `auto`; passed on to the inner elements. */
  @property({ reflect: true }) theme?: string;

  /** The level of the panel's heading (1–6, default 3: a section of a window titled at level 2). */
  @property({ attribute: 'heading-level' }) headingLevel: number | string = 3;

  /** The clock the timer reads (engine time, ms since epoch); tests and stories fix it. */
  @property({ attribute: false }) now: () => number = () => Date.now();


  private readonly consultation = this.selectKeyed(
    () => [this.sessionId] as const,
    (s, id) => (id ? s.selectConsultation(id) : () => undefined),
    undefined as ConsultationVM | undefined,
  );
  private readonly user = this.select(selectUser, undefined);
  /** The running timer redraws every second until the consultation ends. */
  protected readonly clock = new ClockController(this, () => {
    const vm = this.consultation.value;
    return vm !== undefined && vm.endedAt === undefined;
  });
  private readonly uid = `consultation-${++panelCount}`;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sessionId')) this.commands.clear();
  }

  private readonly commands = new CommandController(this, () => this.activeStore);

  private async run(command: Command): Promise<void> {
    await this.commands.run(command);
  }

  protected override render() {
    const vm = this.consultation.value;
    if (!vm) return nothing;
    const me = this.user.value?.id;
    const peerName = vm.peer?.name ?? '';
    const heading = peerName ? msg(str`Consultation: ${peerName}`) : msg('Consultation');
    const elapsed = formatElapsed((vm.endedAt ?? this.now()) - vm.startedAt);
    const stateText = vm.active ? (vm.peer ? partyStateLabel(vm.peer.state) : msg('Connected')) : msg('Ended');
    const id = vm.session.id;
    return prefixed(this, html`
      <section aria-labelledby="${this.uid}-heading">
        <div part="header">
          <div role="heading" aria-level=${headingLevel(this.headingLevel, 3)} id="${this.uid}-heading" class="panel-heading" tabindex="-1" data-window-title>${heading}</div>
          <span part="timer"><span class="visually-hidden">${msg('Duration')} </span>${elapsed}</span>
          <span part="state">${stateText}</span>
        </div>
        <ul part="parties" role="list" aria-label=${msg('Consultation parties')}>
          ${vm.session.parties.map(
            (p) => html`<li>
              ${partyStateIcon(p.state)}
              <span class="party-name">${p.userId === me ? msg(str`${p.name} (you)`) : p.name}</span>
              <span class="party-state">${partyStateLabel(p.state)}</span>
            </li>`,
          )}
        </ul>
        <div part="actions">
          ${vm.canEnd
            ? html`<button type="button" class="end" aria-label=${msg('End Consultation')} @click=${() => this.run({ type: 'leave', sessionId: id })}>
                ${msg('End')}
              </button>`
            : nothing}
          ${vm.canDone
            ? html`<button type="button" class="done" aria-label=${msg('Done with Consultation')} @click=${() => this.run({ type: 'mark-done', sessionId: id })}>
                ${msg('Done')}
              </button>`
            : nothing}
        </div>
        <p class="error" role="alert">${this.commands.error}</p>
        <chat-transcript
          part="transcript"
          session-id=${id}
          label=${peerName ? msg(str`Consultation transcript: ${peerName}`) : msg('Consultation transcript')}

        ></chat-transcript>
        <chat-composer
          part="composer"
          session-id=${id}
          label=${peerName ? msg(str`Consultation message: ${peerName}`) : msg('Consultation message')}
          ?disabled=${!vm.canSend}
        ></chat-composer>
      </section>
    `);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-consultation-panel': ChatConsultationPanel;
  }
}
