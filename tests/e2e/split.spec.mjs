// The modules split off the page's wasm by `cargo xtask dist`: the scenario editor's, fetched
// once the page runs; the import's reply and preview, fetched when an import starts; the
// approval pack's, fetched when the browser is first idle. Each is checked against the sha384
// written into its loader at build time and refused by the browser when its bytes are not
// those, with a message in its place and the rest of the page unharmed.
import { test, expect } from '@playwright/test';
import { fixture, watch } from './helpers.mjs';

const CHUNK = /_chunk_editor\.wasm$/;
const IMPORT_CHUNK = /_chunk_import\.wasm$/;
const PACK_CHUNK = /_chunk_pack\.wasm$/;

/** Serves the module matching `pattern` with one byte more: a corrupted or altered file. */
async function alter(page, pattern) {
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    const body = Buffer.concat([await response.body(), Buffer.from([0])]);
    await route.fulfill({ response, body });
  });
}

/** Takes out of `problems` the browser's refusal of the module `name` and the loader's report. */
function expectRefused(problems, name) {
  const refused = problems.filter((p) => /integrity/i.test(p) && p.includes(name));
  expect(refused.length).toBeGreaterThan(0);
  const reported = problems.filter((p) => /console error: TypeError: Failed to fetch/.test(p));
  expect(reported.length).toBeGreaterThan(0);
  for (const p of [...refused, ...reported]) problems.splice(problems.indexOf(p), 1);
}

test("the editor arrives in a module of its own, after the results and above the positions", async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  const wasm = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname);
  });
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const editor = page.getByRole('group', { name: 'Deployment' });
  await expect(editor).toBeVisible();
  await expect(page.getByTestId('positions-panel')).toBeVisible();
  // The page's wasm, the editor's (with the code it shares with other modules), perhaps the
  // approval pack's (the browser idle): never the import's, nor the import worker, before an
  // import.
  expect(wasm.filter((path) => /_bg\.wasm$/.test(path))).toHaveLength(1);
  expect(wasm.filter((path) => CHUNK.test(path))).toHaveLength(1);
  expect(wasm.filter((path) => !/_bg\.wasm$|_chunk_(editor|shared_\d+|pack)\.wasm$/.test(path))).toEqual([]);
  // The editor is above the positions: the page unfolded past it only once it was shown.
  const editorBox = await editor.boundingBox();
  const positionsBox = await page.getByTestId('positions-panel').boundingBox();
  expect(editorBox.y).toBeLessThan(positionsBox.y);
  // And it works: a template replaces the deployment, and undo brings the demo back.
  await page.getByRole('button', { name: 'Empty this scenario' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  expect(problems).toEqual([]);
});

test("an editor module whose bytes are not those its loader was built with is refused, and the results stay", async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await alter(page, CHUNK);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('editor-load-error')).toContainText(
    'The scenario editor could not be loaded',
  );
  await expect(page.getByRole('group', { name: 'Deployment' })).toHaveCount(0);
  // The page goes on below the editor's place: the positions and the rest are there.
  await expect(page.getByTestId('positions-panel')).toBeVisible();
  await expect(page.getByTestId('lines-panel')).toBeVisible();
  // The browser's refusal and the loader's report of it are the only errors, and expected here.
  expectRefused(problems, '_chunk_editor.wasm');
  expect(problems).toEqual([]);
});

test("the import's module comes with the first import; one whose bytes were altered fails the import with the reason, the workbook unchanged", async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  const imports = [];
  page.on('request', (request) => {
    if (IMPORT_CHUNK.test(request.url())) imports.push(request.url());
  });
  await alter(page, IMPORT_CHUNK);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('lines-panel')).toBeVisible();
  expect(imports).toHaveLength(0);
  await page.getByTestId('import-file').setInputFiles(fixture('reseller.csv'));
  const report = page.getByTestId('import-report');
  await expect(report).toContainText(
    "Not imported: reseller.csv: the import's preview could not be loaded",
  );
  await expect(report).toContainText('Your workbook is unchanged.');
  expect(imports.length).toBeGreaterThan(0);
  // The page goes on: the demo's one file, its figures, and the editor at work.
  await expect(page.getByTestId('source')).toHaveCount(1);
  await page.getByRole('button', { name: 'Empty this scenario' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  expectRefused(problems, '_chunk_import.wasm');
  expect(problems).toEqual([]);
});

test("the import's module, as built, shows the preview of the first import", async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const loaded = page.waitForResponse(IMPORT_CHUNK);
  await page.getByTestId('import-file').setInputFiles(fixture('reseller.csv'));
  expect((await loaded).status()).toBe(200);
  // reseller.csv: 4 rows, one of them a quantity "abc" (rejected); one line counted.
  await expect(page.getByTestId('import-report')).toContainText(
    'Preview of reseller.csv: 4 row(s) read: 3 accepted, 0 incomplete, 1 rejected, 0 skipped',
  );
  await page.getByTestId('import-accept').click();
  await expect(page.getByTestId('import-report')).toContainText('Imported reseller.csv: ');
  await expect(page.getByTestId('source')).toHaveCount(2);
  expect(problems).toEqual([]);
});

test('an approval pack module whose bytes were altered is refused: the pack says why, the page goes on', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await alter(page, PACK_CHUNK);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('print-pack').click();
  await expect(page.getByTestId('pack-load-error')).toContainText('The approval pack could not be loaded');
  await expect(page.getByTestId('sign-off')).toHaveCount(0);
  await expect(page.getByTestId('approval-pack')).not.toHaveAttribute('data-ready', 'true');
  // The rest works: the editor's template and undo.
  await page.getByRole('button', { name: 'Empty this scenario' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  expectRefused(problems, '_chunk_pack.wasm');
  expect(problems).toEqual([]);
});
