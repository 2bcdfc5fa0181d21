/*
 * Docs from the custom-elements manifest (dist/custom-elements.json, made by
 * `custom-elements-manifest analyze` before Storybook starts): a docs page per component
 * with its attributes, properties, events, slots, CSS parts and custom properties, controls
 * for them, and every workspace event the element dispatches shown in the Actions panel.
 * Kept out of preview.ts, which the story accessibility test imports in the browser.
 */
import { setCustomElementsManifest } from '@storybook/web-components';
import { withActions } from 'storybook/actions/decorator';
import manifest from '../dist/custom-elements.json';
import { WORKSPACE_EVENT_NAMES } from '../src/components/shared/events.js';

setCustomElementsManifest(manifest);

export const decorators = [withActions];
export const parameters = { actions: { handles: [...WORKSPACE_EVENT_NAMES] } };
