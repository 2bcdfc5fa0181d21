// Theme, direction and language switches shared by the demo pages: they act on the whole
// document, which the components follow (theme tokens, logical properties, @lit/localize).
import { html, render } from 'lit';
import { setLocale } from '../src/components/shared/localization.js';

/** Renders the three switches into `host`. */
export function renderSettings(host: HTMLElement): void {
  const root = document.documentElement;
  render(
    html`<div class="demo-settings">
      <label
        >Theme
        <select @change=${(e: Event) => (root.dataset.theme = (e.target as HTMLSelectElement).value)}>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <label
        >Direction
        <select @change=${(e: Event) => (root.dir = (e.target as HTMLSelectElement).value)}>
          <option value="ltr">Left to right</option>
          <option value="rtl">Right to left</option>
        </select>
      </label>
      <label
        >Language
        <select
          @change=${(e: Event) => {
            const locale = (e.target as HTMLSelectElement).value;
            void setLocale(locale);
            root.lang = locale;
          }}
        >
          <option value="en">English</option>
          <option value="fr">Français</option>
        </select>
      </label>
    </div>`,
    host,
  );
}

/** Host-media events (voice, IM, e-mail) are the host's to handle; the demo says what it got. */
export function reportHostEvents(status: HTMLElement): void {
  for (const name of ['party-call', 'party-instant-message', 'party-email', 'target-voice-consultation', 'target-instant-message'] as const) {
    document.addEventListener(name, (event) => {
      status.textContent = `Host event: ${name}`;
      console.info(name, (event as CustomEvent).detail);
    });
  }
}
