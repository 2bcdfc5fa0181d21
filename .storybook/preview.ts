import { html } from 'lit';
import type { Preview } from '@storybook/web-components';
import { setLocale } from '../src/components/shared/localization.js';

/*
 * Toolbar globals every story honours: theme (light/dark), direction (ltr/rtl) and
 * locale (en/fr). They are applied by one decorator (and a loader for the locale), so
 * each story is written once and seen in every combination.
 */

type Theme = 'light' | 'dark';
type Direction = 'ltr' | 'rtl';
type Locale = 'en' | 'fr';

const preview: Preview = {
  // A docs page per component, from the custom-elements manifest (.storybook/custom-elements.ts).
  tags: ['autodocs'],
  initialGlobals: { theme: 'light', direction: 'ltr', locale: 'en' },
  globalTypes: {
    theme: {
      description: 'Colour theme of the components',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
    direction: {
      description: 'Text direction',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        items: [
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Language of the labels',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'fr', title: 'Français' },
        ],
        dynamicTitle: true,
      },
    },
  },
  loaders: [
    async ({ globals }) => {
      await setLocale((globals.locale as Locale | undefined) ?? 'en');
      return {};
    },
  ],
  decorators: [
    (story, { globals }) => {
      const theme = (globals.theme as Theme | undefined) ?? 'light';
      const direction = (globals.direction as Direction | undefined) ?? 'ltr';
      const locale = (globals.locale as Locale | undefined) ?? 'en';
      const colours = theme === 'dark' ? 'background: #15181c; color: #e8eaed;' : 'background: #ffffff; color: #1b1f24;';
      return html`<div
        class="story-frame"
        data-theme=${theme}
        dir=${direction}
        lang=${locale}
        style="${colours} padding: 16px; min-block-size: 100vh; font-family: system-ui, sans-serif; box-sizing: border-box"
      >
        ${story()}
      </div>`;
    },
  ],
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
