import { msg } from '@lit/localize';
import type { NoticeEntry, UserRef } from '../../engine/types.js';
import { noticeText } from '../shared/labels.js';

/**
 * A notice as the viewer reads it. A contact reads about herself in the second person
 * ("You left the chat", not "Party 'Avril Mai' has left the session"); agents keep the
 * seed's wording, their own name included, as the seed shows it.
 */
export function noticeFor(entry: NoticeEntry, viewer: UserRef | undefined): string {
  if (viewer?.role === 'contact' && entry.subject?.id === viewer.id) {
    if (entry.notice === 'party-left') return msg('You left the chat');
    if (entry.notice === 'party-joined') return msg('You joined the chat');
  }
  return noticeText(entry);
}
