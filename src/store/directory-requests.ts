import { ChatCommandError, type ChatError } from '../engine/types.js';
import { MAX_DIRECTORY_PAGE, MAX_WATCHED_TARGETS, parseDirectoryQuery, parseWatchIds } from '../protocol/directory.js';
import type { DirectoryClient, DirectoryClientOptions } from './directory.js';
import type { WorkspaceStore } from './types.js';

/*
 * The store's directory methods, in the main bundle: they check what is asked with the
 * protocol's own validation (a bad request changes nothing and names its field) before the
 * directory client (`directory.ts`, loaded on demand) is needed.
 */

/** How many entries the cache keeps beyond those watched: two pages of search results. */
export const TARGET_CACHE_SLACK = 2 * MAX_DIRECTORY_PAGE;

/** What the directory client takes from the main bundle. */
export const DIRECTORY_CLIENT_DEPENDENCIES: Pick<DirectoryClientOptions, 'failure' | 'limits'> = {
  /** A backend that threw: a typed error (`not-connected` unless it gave one). */
  failure(error: unknown): ChatError {
    if (error instanceof ChatCommandError) return error.toJSON();
    return { code: 'not-connected', message: error instanceof Error ? error.message : String(error) };
  },
  limits: { watched: MAX_WATCHED_TARGETS, cached: MAX_WATCHED_TARGETS + TARGET_CACHE_SLACK },
};

/** `searchDirectory` and `watchTargets` over the client `client()` gives (made or loaded when first needed). */
export function directoryMethods(client: () => DirectoryClient | Promise<DirectoryClient>): Pick<WorkspaceStore, 'searchDirectory' | 'watchTargets'> {
  return {
    async searchDirectory(query) {
      const parsed = parseDirectoryQuery(query);
      return parsed.ok ? (await client()).search(parsed.value) : parsed;
    },
    async watchTargets(ids, owner = 'default') {
      const parsed = parseWatchIds(ids);
      return parsed.ok ? (await client()).watch(parsed.value, owner) : parsed;
    },
  };
}
