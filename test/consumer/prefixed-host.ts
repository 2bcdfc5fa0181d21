// A host that registers the elements under its own prefix (README "Tag names").
import { defineContactChat, defineWorkspaceChat, TagNameError, type PrefixedTagNameMap } from 'workspace-chat/components/define';
import { ChatInteraction } from 'workspace-chat/components';

declare global {
  interface HTMLElementTagNameMap extends PrefixedTagNameMap<'acme'> {}
}

const tags = defineWorkspaceChat({ prefix: 'acme' });
const windowTag: 'acme-chat-interaction' = tags['chat-interaction'];
const contactTag: 'acme-contact-chat' = defineContactChat({ prefix: 'acme' });
const win: ChatInteraction = document.createElement(windowTag);
document.createElement('acme-chat-transcript').label = 'Transcript';
console.log(win, contactTag);

try {
  defineWorkspaceChat({ prefix: 'Acme' });
} catch (error) {
  if (error instanceof TagNameError) console.warn(error.tag);
}

// @ts-expect-error: the prefix is required
defineWorkspaceChat({});
