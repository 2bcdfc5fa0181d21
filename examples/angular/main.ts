// The Angular quick start: CUSTOM_ELEMENTS_SCHEMA lets the template use the tags, the store
// is bound as a property, events with (event-name). Compiled just in time in the browser
// (`@angular/compiler`), so Vite builds it without the Angular CLI; an Angular CLI app uses
// the same component unchanged.
import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import 'workspace-chat/components';
import { createMemoryContactCenter, createWorkspaceStore, startSeedChat } from 'workspace-chat';
import type { WorkspaceEventMap } from 'workspace-chat/components';

const center = createMemoryContactCenter({ clock: 'real' });
const store = createWorkspaceStore({ transport: center.transport(), user: { id: 'kate' } });

@Component({
  selector: 'app-desktop',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <h1>Kate's desktop (Angular)</h1>
    <workspace-provider [store]="store">
      <interaction-preview take-focus (invitation-answer)="onAnswer($event)"></interaction-preview>
      <chat-interaction></chat-interaction>
    </workspace-provider>
    <p>{{ lastAnswer() ? 'Last answer: ' + lastAnswer() : 'No answer yet' }}</p>
  `,
})
class DesktopComponent {
  readonly store = store;
  readonly lastAnswer = signal<string | undefined>(undefined);

  onAnswer(event: Event) {
    this.lastAnswer.set((event as CustomEvent<WorkspaceEventMap['invitation-answer']>).detail.answer);
  }
}

await bootstrapApplication(DesktopComponent, { providers: [provideZonelessChangeDetection()] });
await store.connect();
await startSeedChat(center);
