import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SelectController } from '../src/components/shared/select-controller.js';
import { selectIncomingInvitations, selectInteractions, selectMyPresence, selectStandaloneConsultationIds } from '../src/store/selectors.js';
import { presenceLabel } from '../src/components/shared/labels.js';
import type { WorkspaceStore } from '../src/store/types.js';
// Each component's own registration module: Storybook's build keeps exactly those (see .storybook/main.ts).
import '../src/components/chat-interaction/index.js';
import '../src/components/interaction-preview/index.js';
import '../src/components/contact-chat/index.js';
import type { Lesson } from './seed-lessons.js';
import { catchUp, createSeedWorld, disposeSeedWorld, PEOPLE, type SeedWorld } from './seed-world.js';

const NONE: string[] = [];

/**
 * One agent's desktop in a lesson: their chat presence, the requests ringing for them
 * (`<interaction-preview>`), and a `<chat-interaction>` per interaction or consultation
 * they are in — what the demo's agent pane shows, without its presence switch.
 */
export class SeedAgentDesk extends LitElement {
  @property({ attribute: false }) store!: WorkspaceStore;
  @property({ attribute: false }) personName = '';

  private interactions = new SelectController(this, () => this.store, selectInteractions, []);
  private incoming = new SelectController(this, () => this.store, selectIncomingInvitations, []);
  private consultations = new SelectController(this, () => this.store, selectStandaloneConsultationIds, NONE);
  private presence = new SelectController(this, () => this.store, selectMyPresence, undefined);

  // Light DOM: the desk is a landmark of the story's page; the components keep their shadow roots.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    const presence = this.presence.value?.chat;
    const empty = this.interactions.value.length === 0 && this.incoming.value.length === 0 && this.consultations.value.length === 0;
    return html`<section class="desk" role="region" aria-label=${this.personName}>
      <h3>${this.personName}</h3>
      <p class="presence">Chat presence: <strong>${presence ? presenceLabel(presence) : '…'}</strong></p>
      ${this.incoming.value.map((i) => html`<interaction-preview .store=${this.store} invitation-id=${i.id}></interaction-preview>`)}
      ${empty ? html`<p class="empty">No interactions.</p>` : nothing}
      ${this.interactions.value.map((vm) => html`<chat-interaction .store=${this.store} session-id=${vm.session.id}></chat-interaction>`)}
      ${this.consultations.value.map((id) => html`<chat-interaction .store=${this.store} session-id=${id}></chat-interaction>`)}
    </section>`;
  }
}

type Status = 'preparing' | 'playing' | 'finished' | 'failed';

/**
 * Plays one seed lesson on the memory transport, one step every `stepDelayMs`, with Kate
 * Lewis's and Jim Miller's desktops and Avril Mai's chat side by side and the step list
 * above them. It starts on its own when connected (no play function needed) and tears its
 * contact center down when disconnected. `finished` settles when the lesson's end state
 * is reached (or rejects with the step that was refused).
 */
export class SeedLessonPlayer extends LitElement {
  @property({ attribute: false }) lesson!: Lesson;
  /** Pause before each step, so a person can follow; 0 plays the lesson straight through. */
  @property({ type: Number, attribute: 'step-delay' }) stepDelayMs = 1500;

  @state() private world?: SeedWorld;
  @state() private current = -1;
  @state() private status: Status = 'preparing';
  @state() private failure = '';

  private run = 0;
  private settleFinished?: { resolve: () => void; reject: (error: unknown) => void };
  /** Resolves once the current playthrough reaches the lesson's end state. */
  finished: Promise<void> = this.newFinished();

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.play();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.run++;
    this.teardown();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A different lesson in the same element (Storybook re-rendering with other args) starts over.
    if (changed.has('lesson') && changed.get('lesson') !== undefined && this.isConnected) void this.play();
  }

  private newFinished(): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => (this.settleFinished = { resolve, reject }));
    // Nobody may be waiting (a story rendered without its play function): do not report it twice.
    promise.catch(() => undefined);
    return promise;
  }

  private teardown(): void {
    if (this.world) disposeSeedWorld(this.world);
    this.world = undefined;
  }

  private pause(run: number): Promise<boolean> {
    const ms = this.stepDelayMs;
    return new Promise((resolve) => setTimeout(() => resolve(run === this.run), ms > 0 ? ms : 0));
  }

  /** Plays the lesson from the start on a fresh contact center. */
  async play(): Promise<void> {
    const run = ++this.run;
    this.teardown();
    if (this.status === 'finished' || this.status === 'failed') this.finished = this.newFinished();
    const settle = this.settleFinished!;
    this.current = -1;
    this.status = 'preparing';
    this.failure = '';
    const world = await createSeedWorld();
    if (run !== this.run) {
      disposeSeedWorld(world);
      return;
    }
    this.world = world;
    this.status = 'playing';
    const steps = this.lesson.steps;
    try {
      for (let i = 0; i < steps.length; i++) {
        if (!(await this.pause(run))) return;
        this.current = i;
        await catchUp(world);
        await steps[i]!.run(world);
        if (run !== this.run) return;
      }
      await this.updateComplete;
      this.status = 'finished';
      settle.resolve();
    } catch (error) {
      if (run !== this.run) return;
      this.status = 'failed';
      this.failure = error instanceof Error ? error.message : String(error);
      settle.reject(error);
    }
  }

  private statusText(): string {
    const steps = this.lesson.steps;
    const step = steps[this.current];
    switch (this.status) {
      case 'preparing':
        return 'Setting up the contact center…';
      case 'failed':
        return `Step ${this.current + 1} of ${steps.length} failed: ${this.failure}`;
      case 'finished':
        return `Lesson complete. ${this.lesson.endState}`;
      case 'playing':
        return step ? `Step ${this.current + 1} of ${steps.length}: ${step.label}` : `Starting in a moment (${steps.length} steps)…`;
    }
  }

  override render() {
    const { lesson, world } = this;
    const headingId = `lesson-${lesson.title.replace(/\W+/g, '-').toLowerCase()}`;
    return html`<style>
        seed-lesson-player { display: block; }
        seed-lesson-player .lesson-head { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 4px 16px; align-items: start; margin-block-end: 12px; }
        seed-lesson-player h2 { margin: 0; font-size: 1.25rem; }
        seed-lesson-player .purpose { margin: 0; grid-column: 1; }
        seed-lesson-player .now { grid-column: 1 / -1; margin: 4px 0 0; padding: 6px 10px; border-inline-start: 4px solid #1a5fb4; background: rgb(26 95 180 / 0.08); font-weight: 600; }
        seed-lesson-player .now.failed { border-color: #a51d2d; background: rgb(165 29 45 / 0.08); }
        seed-lesson-player .replay { grid-column: 2; grid-row: 1 / span 2; font: inherit; padding: 4px 12px; }
        seed-lesson-player details { grid-column: 1 / -1; }
        seed-lesson-player ol { margin: 4px 0 0; padding-inline-start: 1.5rem; font-size: 0.875rem; }
        seed-lesson-player li.done { opacity: 0.75; }
        seed-lesson-player li[aria-current='step'] { font-weight: 700; }
        seed-lesson-player .desks { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 3fr) minmax(0, 2fr); gap: 12px; align-items: start; }
        @media (max-width: 1100px) { seed-lesson-player .desks { grid-template-columns: minmax(0, 1fr); } }
        seed-lesson-player .desk { border: 1px solid rgb(128 128 128 / 0.5); border-radius: 6px; padding: 8px; display: grid; gap: 8px; }
        seed-lesson-player .desk h3 { margin: 0; font-size: 1rem; }
        seed-lesson-player .desk p { margin: 0; }
      </style>
      <section class="lesson" role="region" aria-labelledby=${headingId}>
        <div class="lesson-head">
          <h2 id=${headingId}>Lesson: ${lesson.title}</h2>
          <p class="purpose">${lesson.purpose}</p>
          <button class="replay" type="button" @click=${() => void this.play()}>Play again</button>
          <p class="now ${this.status === 'failed' ? 'failed' : ''}" role="status">${this.statusText()}</p>
          <details>
            <summary>All ${lesson.steps.length} steps</summary>
            <ol>
              ${lesson.steps.map((step, i) => {
                const done = i < this.current || (i === this.current && this.status === 'finished');
                const now = i === this.current && this.status === 'playing';
                return html`<li class=${done ? 'done' : ''} aria-current=${now ? 'step' : 'false'}>
                  ${step.label}${done ? ' (done)' : now ? ' (now)' : ''}
                </li>`;
              })}
            </ol>
          </details>
        </div>
        ${world
          ? html`<div class="desks">
              <seed-agent-desk .store=${world.kate} .personName=${PEOPLE.kate}></seed-agent-desk>
              <seed-agent-desk .store=${world.jim} .personName=${PEOPLE.jim}></seed-agent-desk>
              <section class="desk" role="region" aria-label="${PEOPLE.avril} (contact)">
                <h3>${PEOPLE.avril} (contact)</h3>
                <contact-chat .store=${world.avril}></contact-chat>
              </section>
            </div>`
          : nothing}
      </section>`;
  }
}

/**
 * Registers the player's tags. A call, not an import side effect: package.json declares
 * side effects only for the built components, so a bundler would drop a bare import.
 */
export function defineSeedLessonPlayer(): void {
  if (!customElements.get('seed-agent-desk')) customElements.define('seed-agent-desk', SeedAgentDesk);
  if (!customElements.get('seed-lesson-player')) customElements.define('seed-lesson-player', SeedLessonPlayer);
}

declare global {
  interface HTMLElementTagNameMap {
    'seed-agent-desk': SeedAgentDesk;
    'seed-lesson-player': SeedLessonPlayer;
  }
}
