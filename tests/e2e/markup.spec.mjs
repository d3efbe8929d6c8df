// Imported text is data, never markup: names that carry HTML and script are shown as the
// characters they are. The page's CSP would block inline script anyway, so the test checks the
// DOM itself: no element was made from the file's text, and the text is there to read.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { fixture, watch, importFile } from './helpers.mjs';

test('markup in an imported file is shown as text and never runs', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto('/');
  await importFile(page, fixture('markup-in-names.csv'));
  await expect(page.getByTestId('import-report')).toContainText('Imported markup-in-names.csv');
  // A file name is the user's text too.
  const named = '<img src=x onerror=alert(4)>.csv';
  await importFile(page, { name: named, mimeType: 'text/csv', buffer: await readFile(fixture('markup-in-names.csv')) });
  await expect(page.getByTestId('import-report')).toContainText(`Imported ${named}`);

  const check = async () => {
    const findings = page.getByTestId('findings');
    await expect(findings).toContainText('<img src=x onerror=alert(1)>');
    await expect(findings).toContainText('"<script>window.scriptRan = true</script> <script>alert(2)</script> Pro"');
    await expect(findings).toContainText(`${named} row 2: "Evil Corp <img src=x onerror=alert(1)>"`);
    await expect(page.getByTestId('source')).toHaveText([/demo-entitlements\.csv/, /markup-in-names\.csv/, new RegExp(named.replace(/[.()]/g, '\\$&'))]);
    // Nothing in the page was made from the file's markup.
    expect(await page.locator('main img, main b, main script').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror], [onmouseover]').length)).toBe(0);
    expect(await page.evaluate(() => window.scriptRan ?? false)).toBe(false);
  };
  await check();
  await expect(page.getByTestId('import-report')).toContainText('<b onmouseover=alert(3)>Per core</b>');

  // The same text read back from the browser's storage is still only text.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('preflight.workbook')?.length ?? 0)).toBeGreaterThan(0);
  await page.reload();
  await check();
  expect(dialogs).toEqual([]);
  expect(problems).toEqual([]);
});
