// The static Storybook as a designer opens it (after `npm run build-storybook`, which the
// `storybook` step of `npm test` runs first): a docs page per component from the
// custom-elements manifest, and an element's events in the Actions panel.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error: a plain JavaScript module without type declarations
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

const dir = fileURLToPath(new URL('../../storybook-static/', import.meta.url));
const STEP_MS = 20_000;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const TAGS = ['chat-interaction', 'team-communicator', 'conference-party-menu', 'interaction-preview', 'contact-chat', 'chat-transcript', 'chat-composer'];

describe('Storybook docs from the custom-elements manifest', () => {
  let server: Server;
  let url: string;
  let browser: Browser;

  before(async () => {
    assert.ok(existsSync(join(dir, 'index.json')), 'no storybook-static/: run `npm run build-storybook` first');
    server = createServer((request, response) => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
      if (!file.startsWith(dir) || !existsSync(file)) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS as string[] });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('has a docs page for every component', () => {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { entries: Record<string, { type: string; title: string; importPath: string }> };
    const docs = Object.values(index.entries).filter((entry) => entry.type === 'docs');
    for (const tag of TAGS) assert.ok(docs.some((entry) => entry.importPath.includes(`/${tag}/`)), `no docs page for <${tag}>`);
  });

  it("shows the element's attributes and events on its docs page", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${url}iframe.html?id=components-interaction-preview--docs&viewMode=docs`);
      await page.getByText('take-focus').first().waitFor({ timeout: STEP_MS });
      await page.getByText('invitation-answer').first().waitFor({ timeout: STEP_MS });
    } finally {
      await page.close();
    }
  });

  it("logs the element's events in the Actions panel", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${url}?path=/story/components-interaction-preview--conference`);
      await page.frameLocator('#storybook-preview-iframe').getByRole('button', { name: 'Accept', exact: true }).click({ timeout: STEP_MS });
      await page.getByRole('tab', { name: /Actions/ }).click({ timeout: STEP_MS });
      // The entry is in the panel's log (attached, whatever the panel's layout in a headless
      // window): the event's name with the logged CustomEvent, which only the Actions log shows.
      const log = page.locator('#storybook-panel-root').locator('li, [class*="action"], div').filter({ hasText: /invitation-answer/ }).filter({ hasText: /CustomEvent/ });
      await log.first().waitFor({ state: 'attached', timeout: STEP_MS });
    } finally {
      await page.close();
    }
  });
});
