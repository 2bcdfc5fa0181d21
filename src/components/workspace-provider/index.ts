export { WorkspaceProvider } from './workspace-provider.js';
