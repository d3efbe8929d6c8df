// The scenario editor's own wasm (split off the page's by `cargo xtask dist`): fetched once the
// page runs, checked against the sha384 written into its loader at build time, and refused by
// the browser when its bytes are not those, with the page's results unharmed.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';

const CHUNK = /_chunk_editor\.wasm$/;

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
  // The page's wasm and the editor's, nothing else (the import worker waits for an import).
  expect(wasm).toHaveLength(2);
  expect(wasm.filter((path) => CHUNK.test(path))).toHaveLength(1);
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
  // The server hands out the chunk with one byte more: what a corrupted or altered file would be.
  await page.route(CHUNK, async (route) => {
    const response = await route.fetch();
    const body = Buffer.concat([await response.body(), Buffer.from([0])]);
    await route.fulfill({ response, body });
  });
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
  const refused = problems.filter((p) => /integrity/i.test(p) && /_chunk_editor\.wasm/.test(p));
  expect(refused.length).toBeGreaterThan(0);
  const reported = problems.filter((p) => /console error: TypeError: Failed to fetch/.test(p));
  expect(reported.length).toBeGreaterThan(0);
  for (const p of [...refused, ...reported]) problems.splice(problems.indexOf(p), 1);
  expect(problems).toEqual([]);
});
