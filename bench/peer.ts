// The peer: deep-chat (a devDependency, benchmarks only) showing the same transcripts, so
// `npm run bench` can put our long-transcript figures beside another chat component's.
import 'deep-chat';
import type { WorkspaceState } from '../src/store/types.js';
import { composedText } from './composed-text.js';

interface PeerFigure {
  count: number;
  /** Milliseconds until the last message was on screen, or undefined when it never was within the limit. */
  ms: number | undefined;
}

/**
 * deep-chat given `state`'s transcript as its history; the time until its last message is
 * in the page (to the nearest quarter second: the check walks every message).
 */
export async function deepChatRender(stage: HTMLElement, state: Partial<WorkspaceState>, limitMs = 60_000): Promise<PeerFigure> {
  const session = Object.values(state.sessions ?? {}).find((s) => s.kind === 'interaction')!;
  const history = session.transcript.map((entry) => ({
    role: entry.kind === 'message' && entry.from.role === 'contact' ? 'user' : 'ai',
    text: entry.text,
  }));
  const last = history[history.length - 1]!.text!;
  stage.replaceChildren();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const element = document.createElement('deep-chat') as HTMLElement & { history: unknown };
  element.style.blockSize = '320px';
  const start = performance.now();
  element.history = history;
  stage.append(element);
  for (;;) {
    // The last message's text is in the page (deep-chat renders every message).
    if (composedText(element).includes(last)) return { count: history.length, ms: performance.now() - start };
    if (performance.now() - start > limitMs) return { count: history.length, ms: undefined };
    // Looking through every message is itself slow at these sizes: look four times a second.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
