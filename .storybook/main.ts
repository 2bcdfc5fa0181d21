import type { StorybookConfig } from '@storybook/web-components-vite';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * package.json declares side effects only for the built `dist/components/**`, so a bundler
 * treats `src/components/<tag>/index.ts` as pure and drops the `import './index.js'` that
 * registers each tag in a story. The registration modules do have that side effect.
 */
function keepTagRegistration(): Plugin {
  return {
    name: 'workspace-chat:keep-tag-registration',
    transform(code, id) {
      if (/[\\/]src[\\/]components[\\/][^\\/]+[\\/]index\.ts$/.test(id)) return { code, map: null, moduleSideEffects: true };
      return undefined;
    },
  };
}

/*
 * Storybook for designers: every component state, themes, right-to-left and locales.
 * The machines it runs on have no network, so nothing here may reach out: telemetry is
 * off and the only add-on beyond what Storybook 10 bundles (controls, actions, viewport,
 * backgrounds, toolbars) is the docs add-on, for the docs pages.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../src/**/*.stories.ts', '../stories/**/*.stories.ts'],
  // Docs pages (autodocs) need the docs add-on; everything else is in Storybook's core.
  addons: ['@storybook/addon-docs'],
  // Docs pages, controls and actions from the custom-elements manifest (see custom-elements.ts).
  previewAnnotations: async (entries = []) => [...entries, fileURLToPath(new URL('./custom-elements.ts', import.meta.url))],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(config, { plugins: [keepTagRegistration()] });
  },
};

export default config;
