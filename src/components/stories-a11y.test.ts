/*
 * Renders every Storybook story the way Storybook would (args, loaders, decorators of the
 * story, its component and the project preview, then its play function) and runs axe on
 * the result: one test per story, named "Title / Story".
 *
 * A browser cannot list files, so the story modules are imported by name below;
 * test/node/stories-list.test.ts fails when this list and the *.stories.ts files on disk
 * differ, so a new story file cannot be left out.
 */
import { expect, fixtureSync, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import preview from '../../.storybook/preview.js';
import * as chatComposer from './chat-composer/chat-composer.stories.js';
import * as chatInteraction from './chat-interaction/chat-interaction.stories.js';
import * as chatTranscript from './chat-transcript/chat-transcript.stories.js';
import * as conferencePartyMenu from './conference-party-menu/conference-party-menu.stories.js';
import * as contactChat from './contact-chat/contact-chat.stories.js';
import * as interactionPreview from './interaction-preview/interaction-preview.stories.js';
import * as teamCommunicator from './team-communicator/team-communicator.stories.js';
import * as seedScenarios from '../../stories/seed-scenarios.stories.js';

type Args = Record<string, unknown>;
interface Context {
  id: string;
  name: string;
  title: string;
  args: Args;
  argTypes: Record<string, unknown>;
  globals: Record<string, unknown>;
  parameters: Record<string, unknown>;
  loaded: Record<string, unknown>;
  viewMode: 'story';
  canvasElement: HTMLElement;
  step: (label: string, play: () => unknown) => Promise<void>;
}
type Rendered = TemplateResult | Node | string | null | undefined;
type RenderFn = (args: Args, context: Context) => Rendered;
type Decorator = (story: (update?: Partial<Context>) => Rendered, context: Context) => Rendered;
type Loader = (context: Context) => unknown;
interface Annotations {
  args?: Args;
  argTypes?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  decorators?: Decorator[] | Decorator;
  loaders?: Loader[] | Loader;
  render?: RenderFn;
  play?: (context: Context) => unknown;
}
interface Meta extends Annotations {
  title: string;
  includeStories?: string[] | RegExp;
  excludeStories?: string[] | RegExp;
}
type Story = (Annotations & { name?: string; storyName?: string }) | RenderFn;
type StoryModule = Record<string, unknown> & { default: Meta };

const MODULES: StoryModule[] = [chatComposer, chatInteraction, chatTranscript, conferencePartyMenu, contactChat, interactionPreview, teamCommunicator, seedScenarios] as unknown as StoryModule[];

const asList = <T>(value: T[] | T | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Storybook's export-name-to-story-name rule: "AboutToTimeOut" → "About To Time Out". */
function storyNameFromExport(key: string): string {
  return key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase())
    .trim();
}

function matches(filter: string[] | RegExp | undefined, key: string): boolean | undefined {
  if (!filter) return undefined;
  return Array.isArray(filter) ? filter.includes(key) : filter.test(key);
}

function storiesOf(module: StoryModule): [string, Story][] {
  const meta = module.default;
  return Object.entries(module).filter(([key, value]) => {
    if (key === 'default' || key === '__namedExportsOrder') return false;
    if (typeof value !== 'object' && typeof value !== 'function') return false;
    if (matches(meta.includeStories, key) === false) return false;
    if (matches(meta.excludeStories, key) === true) return false;
    return true;
  }) as [string, Story][];
}

/** Waits until every Lit element in the tree, shadow roots included, has finished updating. */
async function settle(root: Element): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const pending: Promise<unknown>[] = [];
    const visit = (node: Element | ShadowRoot) => {
      for (const el of node.querySelectorAll('*')) {
        const update = (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
        if (update) pending.push(update);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(root);
    await Promise.all(pending);
    // A task, not an animation frame: background test pages get no frames.
    await new Promise((resolve) => setTimeout(resolve));
  }
}

const project = preview as unknown as Annotations & { initialGlobals?: Record<string, unknown> };

/*
 * "ResizeObserver loop completed with undelivered notifications" is the browser saying that
 * some resize notifications (a virtualized list measuring itself) move to the next frame.
 * It is not a failure, but it arrives as a window error that mocha would blame on whatever
 * story is running. A capturing listener on window runs before mocha's own handler.
 */
window.addEventListener(
  'error',
  (event) => {
    if (/^ResizeObserver loop (completed with undelivered notifications|limit exceeded)/.test(event.message)) event.stopImmediatePropagation();
  },
  true,
);

for (const module of MODULES) {
  const meta = module.default;
  describe(meta.title, () => {
    for (const [key, exported] of storiesOf(module)) {
      const story: Annotations & { name?: string; storyName?: string } = typeof exported === 'function' ? { render: exported } : exported;
      const name = story.name ?? story.storyName ?? storyNameFromExport(key);
      it(`${meta.title} / ${name}`, async () => {
        const render = story.render ?? meta.render;
        if (!render) throw new Error(`${meta.title} / ${name} has no render function; give the story or its meta one.`);
        const context: Context = {
          id: `${meta.title}--${key}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
          name,
          title: meta.title,
          args: { ...project.args, ...meta.args, ...story.args },
          argTypes: { ...project.argTypes, ...meta.argTypes, ...story.argTypes },
          globals: { ...project.initialGlobals },
          parameters: { ...project.parameters, ...meta.parameters, ...story.parameters },
          loaded: {},
          viewMode: 'story',
          canvasElement: document.createElement('div'),
          step: async (_label, play) => {
            await play();
          },
        };
        const loaders = [...asList(project.loaders), ...asList(meta.loaders), ...asList(story.loaders)];
        for (const load of loaders) Object.assign(context.loaded, (await load(context)) ?? {});

        // Story decorators wrap the story first, then the component's, then the project's.
        let storyFn = (ctx: Context): Rendered => render(ctx.args, ctx);
        for (const decorate of [...asList(story.decorators), ...asList(meta.decorators), ...asList(project.decorators)]) {
          const inner = storyFn;
          storyFn = (ctx) => decorate((update) => inner({ ...ctx, ...update }), ctx);
        }

        // fixtureSync, not fixture: fixture waits for an animation frame, and a test page
        // running in a background tab (files run in parallel) never gets one.
        const canvas = fixtureSync<HTMLDivElement>(html`<div id="storybook-root">${storyFn(context)}</div>`);
        context.canvasElement = canvas;
        await settle(canvas);
        if (story.play) {
          await story.play(context);
          await settle(canvas);
        }
        await expect(canvas).to.be.accessible();
      });
    }
  });
}
