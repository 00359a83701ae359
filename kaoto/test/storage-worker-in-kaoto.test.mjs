// Opens the built page (dist/, see src/main.jsx) in Debian's Chromium and checks that Kaoto shows routes/storage-worker.camel.yaml
// with this project's steps: their titles and descriptions on the canvas, the options of storage:transfer in its
// configuration form, the six components in the step catalog. Takes the screenshot of docs/kaoto-storage-worker.png.
//
// Nothing is fetched from anywhere but the page's own server on loopback: any other request is refused and fails the test.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const KAOTO_DIRECTORY = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMPONENT_JSON_ROOT = resolve(KAOTO_DIRECTORY, '../src/generated/resources/META-INF/io/camelworker');
const SCREENSHOT = resolve(KAOTO_DIRECTORY, '../docs/kaoto-storage-worker.png');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 60_000;

const components = readComponents();
const storage = components.storage;
const regardsWorker = components['regards-worker'];

let server;
let browser;
let profile;
let page;
const refusedRequests = [];
const pageErrors = [];

before(async () => {
  server = await preview({
    root: KAOTO_DIRECTORY,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const origin = new URL(server.resolvedUrls.local[0]).origin;
  profile = mkdtempSync(join(tmpdir(), 'kaoto-chromium-profile-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1600, height: 1200 },
  });
  await browser.route('**/*', (route) => {
    if (new URL(route.request().url()).origin === origin) {
      return route.continue();
    }
    refusedRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${origin}/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('the canvas shows the route from regards-worker through the storage steps, described by the catalog', async () => {
  await page.locator(node('route.from.steps.3.to')).waitFor();

  assert.deepEqual(await stepLabels(), {
    'route.from': 'regards-worker',
    'route.from.steps.0.to': 'storage',
    'route.from.steps.1.to': 'storage',
    'route.from.steps.2.choice.when.0.steps.0.to': 'storage',
    'route.from.steps.3.to': 'storage',
  });
  // A component Kaoto does not know is described by its bare name: these descriptions come from the generated catalog.
  assert.equal(await stepDescription('route.from'), regardsWorker.component.description);
  assert.equal(await stepDescription('route.from.steps.1.to'), storage.component.description);
});

test('the configuration form of storage:transfer has the storage title and lists its options', async () => {
  await page.locator(node('route.from.steps.1.to')).click({ force: true });
  const form = page.locator('.canvas-form');
  await form.waitFor();
  assert.equal((await form.locator('.form-header__title').innerText()).trim(), storage.component.title);

  await form.getByRole('button', { name: 'All', exact: true }).click();
  // The form groups options by their Camel group (Producer (Advanced), Transfer...), folded: unfold them all.
  const folded = form.locator('button[aria-label^="Toggle "][aria-label$=" group"][aria-expanded="false"]');
  for (let groups = await folded.count(); groups > 0; groups--) {
    await folded.first().click();
  }
  assert.equal(await folded.count(), 0);
  for (const option of Object.values(storage.properties)) {
    await form.getByText(option.displayName, { exact: true }).first().waitFor();
  }
  assert.equal(await form.getByTestId('#.parameters.step-typeahead-select-input').locator('input').inputValue(), 'transfer');
  assert.equal(await form.getByTestId('#.parameters.errors-typeahead-select-input').locator('input').inputValue(), 'store-request');

  await page.mouse.move(10, 600); // off the canvas, so that no hover toolbar hides the route
  await page.screenshot({ path: SCREENSHOT });
});

test('the step catalog lists the six camel-worker components among Camel\'s', async () => {
  await page.getByTestId('close-side-bar').click();
  await page.locator('#topology-control-bar-catalog-button').click();
  const catalog = page.getByRole('dialog');
  await catalog.waitFor();
  for (const component of Object.values(components)) {
    await catalog.getByPlaceholder(/Filter by name/).fill(component.component.scheme);
    const tile = catalog.getByTestId(`tile-${component.component.scheme}`);
    await tile.waitFor();
    assert.match(await tile.innerText(), new RegExp(escape(component.component.title)));
  }
  await catalog.getByPlaceholder(/Filter by name/).fill('spring-rabbitmq');
  await catalog.getByTestId('tile-spring-rabbitmq').waitFor();
});

test('nothing was fetched from elsewhere and the page threw nothing', () => {
  assert.deepEqual(refusedRequests, []);
  assert.deepEqual(pageErrors, []);
});

/** The locator of a step on the canvas, by its path in the route. */
function node(path) {
  return `g[data-testid="custom-node__${path}"]`;
}

async function stepLabels() {
  return Object.fromEntries(await page.$$eval('g.custom-node', (nodes) =>
    nodes.map((n) => [n.getAttribute('data-testid').replace('custom-node__', ''), n.getAttribute('data-nodelabel')])));
}

async function stepDescription(path) {
  return page.locator(`${node(path)} .custom-node__container__image`).getAttribute('title');
}

function readComponents() {
  const byScheme = {};
  for (const name of readdirSync(COMPONENT_JSON_ROOT, { recursive: true }).filter((n) => n.endsWith('.json'))) {
    const json = JSON.parse(readFileSync(join(COMPONENT_JSON_ROOT, name), 'utf8'));
    byScheme[json.component.scheme] = json;
  }
  return byScheme;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
