// A panic anywhere in the app's Rust code ends the wasm instance (panic = "abort"), so no panel
// can carry on; the panic hook instead shows a notice, built with plain DOM calls, that offers
// the work as of the last change as a download and a reload.
//
// No test-only trigger is shipped. The panic is a real one in a dependency: gloo-storage 0.4
// converts an exception from setItem with `dyn_into::<js_sys::Error>()` and hits `unreachable!`
// when the browser (or an extension wrapping Storage) throws something that is not an Error.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { fixture, watch, importFile } from './helpers.mjs';

test('a panic shows a notice that still exports the work and reloads', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  // Saving works until the user's own file is in the workbook; that save throws a string.
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(value).includes('owned-licences.csv')) throw 'storage is switched off';
      return setItem.call(this, key, value);
    };
  });
  await page.goto('/');
  await page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await importFile(page, fixture('owned-licences.csv'));

  const crash = page.getByTestId('crash');
  await expect(crash).toContainText('Preflight stopped because of an internal error.');
  await expect(crash).toContainText('Your work up to the last change is still here');
  await expect(crash).toContainText('JsValue passed is not an Error type');
  await expect(crash).toHaveCount(1);

  // The export link needs no app code: it is a blob: URL made when the panic happened.
  const downloading = page.waitForEvent('download');
  await crash.getByRole('link', { name: 'Export workbook' }).click();
  const workbook = JSON.parse(await readFile(await (await downloading).path(), 'utf8'));
  expect(workbook.schema).toBe(2);
  expect(workbook.sources.map((source) => source.file)).toEqual(['owned-licences.csv']);

  // The panic is logged, and the wasm trap that ends the instance is the only page error.
  expect(problems.filter((p) => !p.startsWith('console error: panicked at'))).toEqual(['page error: unreachable']);
  expect(problems.some((p) => p.includes('JsValue passed is not an Error type'))).toBe(true);

  // Reloading starts the app again from the last save that worked: the demo lines removed.
  await crash.getByRole('link', { name: 'Reload the page' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await expect(crash).toHaveCount(0);
});
