import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Vue must leave the workspace-chat tags to the browser: they are custom elements, not Vue components.
const WORKSPACE_TAGS = new Set(['workspace-provider', 'chat-interaction', 'interaction-preview', 'team-communicator', 'conference-party-menu', 'contact-chat']);

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => WORKSPACE_TAGS.has(tag) } } })],
});
