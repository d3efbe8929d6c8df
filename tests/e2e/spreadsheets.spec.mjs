// Spreadsheets import in the browser, through the import worker (loaded on the first import):
// a Microsoft Licensing Statement's "Pivot Data" tab, and the canonical template the page offers.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { watch, importFile } from './helpers.mjs';

const importFixture = (path) => fileURLToPath(new URL(`../../crates/preflight-import/tests/fixtures/${path}`, import.meta.url));

test('an MLS statement (XLSX) imports in the browser with its rows accounted for', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto('/tools/preflight/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // The worker is not part of the first load.
  expect(requests.some((path) => path.includes('preflight-import-worker'))).toBe(false);

  await importFile(page, importFixture('xlsx/mls-statement.xlsx'));
  const report = page.getByTestId('import-report');
  // 9 rows: 4 "All Countries" rows accepted; 2 single-country rows and the total line skipped.
  await expect(report).toContainText('Imported mls-statement.xlsx: 9 row(s) read: 4 accepted, 0 incomplete, 0 rejected, 5 skipped');
  await expect(report).toContainText('only "All Countries" rows count');
  await expect(page.getByTestId('source')).toHaveText([/demo-entitlements\.csv/, /mls-statement\.xlsx/]);
  expect(requests.some((path) => path.endsWith('/preflight-import-worker_loader.js'))).toBe(true);
  expect(problems).toEqual([]);
});

test('the entitlement template downloads from the page and imports without a diagnostic', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/tools/preflight/');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('template-xlsx').click();
  const template = await (await downloading).path();
  await importFile(page, {
    name: 'preflight-entitlements.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await (await import('node:fs/promises')).readFile(template),
  });
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Imported preflight-entitlements.xlsx: 2 row(s) read: 2 accepted, 0 incomplete, 0 rejected, 0 skipped');
  await expect(report.locator('.diagnostics li')).toHaveCount(0);
  expect(problems).toEqual([]);
});
