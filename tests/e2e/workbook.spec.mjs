// The workbook as a file: exported from memory as a download (no network), opened again with
// the same figures; a file that is not a workbook is refused by name and changes nothing.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { fixture, position, watch, importFile } from './helpers.mjs';

test('an exported workbook opens again with the same figures', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/tools/preflight/');
  // Make the workbook the user's own: the demo lines out, a file of their own in.
  await page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  await importFile(page, fixture('owned-licences.csv'));
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-workbook').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^preflight-workbook-\d{4}-\d{2}-\d{2}\.json$/);
  expect(download.url()).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
  const saved = await download.path();
  const workbook = JSON.parse(await readFile(saved, 'utf8'));
  expect(workbook.schema).toBe(2);
  expect(workbook.sources.map((source) => source.file)).toEqual(['owned-licences.csv']);

  // A fresh page starts from the demo; opening the file brings the user's figures back.
  await page.goto('/tools/preflight/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('open-workbook').setInputFiles({ name: 'my-project.json', mimeType: 'application/json', buffer: await readFile(saved) });
  await expect(page.getByTestId('workbook-report')).toContainText('Opened my-project.json: 2 entitlement line(s) from 1 file(s).');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  const sql = position(page, 'ms-sql-server-enterprise');
  await expect(sql.field('entitled')).toHaveText('40');
  await expect(sql.field('to-buy')).toHaveText('44 × 2-pack at USD 14,000.00');
  await expect(page.getByTestId('source')).toHaveText([/owned-licences\.csv/]);
  expect(problems).toEqual([]);
});

test('a file that is not a workbook is refused by name and changes nothing', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const cases = [
    ['notes.json', '{"title": "not a workbook"', 'Not opened: notes.json: not JSON ('],
    ['inventory.json', '{"hosts": []}', 'Not opened: inventory.json: not a Preflight workbook (no schema number)'],
    ['half.json', '{"schema": 1, "settings": {"currency": "USD"}}', 'Not opened: half.json: not a Preflight workbook of schema 1 (missing field `sources`'],
    ['future.json', '{"schema": 7}', 'Not opened: future.json: saved by a newer Preflight (workbook schema 7; this version reads schema 2 and earlier)'],
  ];
  for (const [name, text, message] of cases) {
    await page.getByTestId('open-workbook').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(page.getByTestId('workbook-report')).toContainText(message);
    await expect(page.getByTestId('workbook-report')).toContainText('Your workbook is unchanged.');
    await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
    await expect(page.getByTestId('source')).toHaveText([/demo-entitlements\.csv/]);
  }
  expect(problems).toEqual([]);
});
