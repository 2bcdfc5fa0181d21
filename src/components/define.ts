/**
 * `workspace-chat/components/define`: registers the elements under a host's own tag names,
 * for a page where another script already uses ours (`chat-transcript` is a likely name).
 * `defineWorkspaceChat({ prefix: 'acme' })` registers `<acme-chat-interaction>`, which renders
 * `<acme-chat-transcript>`, `<acme-chat-composer>` and its other parts under the same prefix,
 * while a default `<chat-interaction>` on the same page keeps rendering the default ones.
 *
 * Importing this module registers nothing (the element entries, such as
 * `workspace-chat/components/contact-chat`, register the default tags on import), and each
 * `define…` function brings in only its own element and the parts it renders, so a contact page
 * calling `defineContactChat` does not load the agent desktop.
 */
import { ChatComposer } from './chat-composer/chat-composer.js';
import { ChatInteraction } from './chat-interaction/chat-interaction.js';
import type { ChatConsultationPanel } from './chat-interaction/chat-consultation-panel.js';
import { ChatTranscript } from './chat-transcript/chat-transcript.js';
import { ConferencePartyMenu } from './conference-party-menu/conference-party-menu.js';
import { ContactChat } from './contact-chat/contact-chat.js';
import { InteractionPreview } from './interaction-preview/interaction-preview.js';
import { TeamCommunicator } from './team-communicator/team-communicator.js';
import { WorkspaceProvider } from './workspace-provider/workspace-provider.js';
import { prefixTemplate } from './shared/prefix-template.js';
import { usePrefixTemplate } from './shared/tags.js';

/** Every element of the package by its default tag. */
export interface WorkspaceChatElements {
  'chat-interaction': ChatInteraction;
  'chat-consultation-panel': ChatConsultationPanel;
  'chat-transcript': ChatTranscript;
  'chat-composer': ChatComposer;
  'conference-party-menu': ConferencePartyMenu;
  'team-communicator': TeamCommunicator;
  'interaction-preview': InteractionPreview;
  'contact-chat': ContactChat;
  'workspace-provider': WorkspaceProvider;
}

/** A default tag of the package. */
export type WorkspaceChatTag = keyof WorkspaceChatElements;

/**
 * The elements under a prefix, for the host's own `HTMLElementTagNameMap`:
 * `declare global { interface HTMLElementTagNameMap extends PrefixedTagNameMap<'acme'> {} }`.
 */
export type PrefixedTagNameMap<P extends string> = { [K in WorkspaceChatTag as `${P}-${K}`]: WorkspaceChatElements[K] };

export interface DefineOptions<P extends string = string> {
  /**
   * Put before every tag with a hyphen: `acme` gives `<acme-chat-interaction>`. Lowercase
   * letters, digits, `.`, `_` and `-`, starting with a letter (what a custom element name
   * may start with).
   */
  prefix: P;
}

/** A tag name the elements cannot be registered under: an invalid prefix, or a tag another class holds. */
export class TagNameError extends TypeError {
  constructor(
    /** The tag that could not be registered. */
    readonly tag: string,
    message: string,
  ) {
    super(message);
    this.name = 'TagNameError';
  }
}

/** A part to register: its default tag and its class (none: registered later by the element that renders it). */
type Part = readonly [tag: WorkspaceChatTag, element?: new () => HTMLElement];

const PREFIX = /^[a-z][a-z0-9._-]*$/;

const TRANSCRIPT: Part = ['chat-transcript', ChatTranscript];
const COMPOSER: Part = ['chat-composer', ChatComposer];
const PARTY_MENU: Part = ['conference-party-menu', ConferencePartyMenu];
const COMMUNICATOR: Part = ['team-communicator', TeamCommunicator];
const PREVIEW: Part = ['interaction-preview', InteractionPreview];
const PROVIDER: Part = ['workspace-provider', WorkspaceProvider];
const CONTACT: Part = ['contact-chat', ContactChat];
// The window loads the panel's code and registers it (with the window's prefix) when it first
// shows a consultation; its tag is checked here so that a clash is reported now.
const WINDOW: readonly Part[] = [['chat-interaction', ChatInteraction], TRANSCRIPT, COMPOSER, PARTY_MENU, COMMUNICATOR, ['chat-consultation-panel']];

/**
 * Registers `parts` under `prefix`, each a subclass that carries the prefix so that it renders
 * its own parts under it. All tags are checked first: on a bad prefix or a taken tag nothing
 * is registered. Registering the same prefix again is a no-op.
 */
function register(options: DefineOptions, parts: readonly Part[]): void {
  const prefix = (options as DefineOptions | undefined)?.prefix;
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    const tag = `${String(prefix)}-${parts[0][0]}`;
    throw new TagNameError(
      tag,
      `workspace-chat: the prefix ${JSON.stringify(prefix) ?? String(prefix)} would make <${tag}>, which is not a valid custom element name; ` +
        'a prefix is lowercase letters, digits, ".", "_" and "-", starting with a letter (for example "acme").',
    );
  }
  const tagPrefix = `${prefix}-`;
  // Prefixed windows rewrite their parts' tags with it; set here so default pages never load it.
  usePrefixTemplate(prefixTemplate);
  const taken = parts
    .map(([name]) => [tagPrefix + name, customElements.get(tagPrefix + name)] as const)
    .filter(([, existing]) => existing && (existing as { tagPrefix?: string }).tagPrefix !== tagPrefix);
  if (taken.length > 0) {
    const names = taken.map(([tag, existing]) => `<${tag}> (by ${existing!.name || 'an anonymous class'})`).join(', ');
    throw new TagNameError(
      taken[0][0],
      `workspace-chat: ${names} ${taken.length > 1 ? 'are' : 'is'} already defined by another class, so no workspace-chat element was registered under the prefix "${prefix}"; choose another prefix.`,
    );
  }
  for (const [name, Base] of parts) {
    if (Base && !customElements.get(tagPrefix + name)) {
      customElements.define(
        tagPrefix + name,
        class extends Base {
          static tagPrefix = tagPrefix;
        },
      );
    }
  }
}

/**
 * `<P-chat-interaction>` and the parts it renders: `<P-chat-transcript>`, `<P-chat-composer>`,
 * `<P-conference-party-menu>`, `<P-team-communicator>` (and `<P-chat-consultation-panel>`,
 * registered when the window first shows a consultation). Answers the window's tag.
 * @throws TagNameError on an invalid prefix or a tag another class holds (registering nothing).
 */
export function defineChatInteraction<P extends string>(options: DefineOptions<P>): `${P}-chat-interaction` {
  register(options, WINDOW);
  return `${options.prefix}-chat-interaction`;
}

/** `<P-contact-chat>` and the `<P-chat-transcript>` and `<P-chat-composer>` it renders. @throws TagNameError */
export function defineContactChat<P extends string>(options: DefineOptions<P>): `${P}-contact-chat` {
  register(options, [CONTACT, TRANSCRIPT, COMPOSER]);
  return `${options.prefix}-contact-chat`;
}

/** `<P-team-communicator>`. @throws TagNameError */
export function defineTeamCommunicator<P extends string>(options: DefineOptions<P>): `${P}-team-communicator` {
  register(options, [COMMUNICATOR]);
  return `${options.prefix}-team-communicator`;
}

/** `<P-conference-party-menu>`. @throws TagNameError */
export function defineConferencePartyMenu<P extends string>(options: DefineOptions<P>): `${P}-conference-party-menu` {
  register(options, [PARTY_MENU]);
  return `${options.prefix}-conference-party-menu`;
}

/** `<P-interaction-preview>`. @throws TagNameError */
export function defineInteractionPreview<P extends string>(options: DefineOptions<P>): `${P}-interaction-preview` {
  register(options, [PREVIEW]);
  return `${options.prefix}-interaction-preview`;
}

/** `<P-chat-transcript>`. @throws TagNameError */
export function defineChatTranscript<P extends string>(options: DefineOptions<P>): `${P}-chat-transcript` {
  register(options, [TRANSCRIPT]);
  return `${options.prefix}-chat-transcript`;
}

/** `<P-chat-composer>`. @throws TagNameError */
export function defineChatComposer<P extends string>(options: DefineOptions<P>): `${P}-chat-composer` {
  register(options, [COMPOSER]);
  return `${options.prefix}-chat-composer`;
}

/** `<P-workspace-provider>`. @throws TagNameError */
export function defineWorkspaceProvider<P extends string>(options: DefineOptions<P>): `${P}-workspace-provider` {
  register(options, [PROVIDER]);
  return `${options.prefix}-workspace-provider`;
}

/**
 * Every element under `prefix` (`acme` → `<acme-chat-interaction>`, `<acme-contact-chat>`, …),
 * each rendering its parts under the same prefix. Answers the tags, by default tag.
 * @throws TagNameError on an invalid prefix or a tag another class holds (registering nothing).
 */
export function defineWorkspaceChat<P extends string>(options: DefineOptions<P>): { [K in WorkspaceChatTag]: `${P}-${K}` } {
  const parts = [...WINDOW, PREVIEW, CONTACT, PROVIDER];
  register(options, parts);
  return Object.fromEntries(parts.map(([name]) => [name, `${options.prefix}-${name}`])) as { [K in WorkspaceChatTag]: `${P}-${K}` };
}
