import { defineOnce } from '../shared/define.js';
import { WorkspaceProvider } from './workspace-provider.js';

defineOnce('workspace-provider', WorkspaceProvider);

export { WorkspaceProvider };
