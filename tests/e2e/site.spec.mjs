// Site data: an installation that publishes org/preflight-org.json beside the page (served under
// /site/good/ and /site/bad/ by serve.mjs) starts every project from the organisation's files and
// reservations; a missing file is silent, a broken one is said.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { fixture, importFile, position, watch } from './helpers.mjs';

const KEY = 'preflight.workbook';
const saved = (page) => page.evaluate((key) => localStorage.getItem(key), KEY);

test('the organisation\'s files, prices and reservations count, and the page says whose they are', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/site/good/');
  await expect(page.getByTestId('site-data')).toContainText('Maintained by SAM team, licences@example.org, published 2026-11-01');
  await expect(page.getByTestId('site-file')).toHaveText([/^org-entitlements\.csv \(2 lines, SHA-256 [0-9a-f]{12}\)$/]);
  await expect(page.getByTestId('reservation')).toHaveText([/SQL Server Enterprise\s*20\s*CRM migration\s*Proposed\s*2026-10-01\s*J\. Lead/]);
  // The demo's sample files give way to the organisation's: Windows Server 8 × 16 = 128 covers
  // the demo's 128; SQL Server Enterprise 30 × 2 = 60, of which CRM holds 20: 40 for 128,
  // 88 short = 44 two-core packs at the site's 14,000.00.
  await expect(page.getByTestId('source')).toHaveCount(0);
  await expect(position(page, 'ms-windows-server-datacenter').field('shortfall')).toHaveText('0');
  await expect(position(page, 'ms-sql-server-enterprise').field('entitled')).toHaveText('60');
  await expect(position(page, 'ms-sql-server-enterprise').field('shortfall')).toHaveText('88');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 616,000.00');
  const sql = page.getByTestId('position-ms-sql-server-enterprise');
  await sql.getByText('Show the working').click();
  await expect(sql.getByText('reserved for CRM migration (Proposed) on 2026-10-01 by J. Lead: 20 rights taken from the surplus')).toBeVisible();

  // The user's own file adds to the organisation's: SQL Server 40 more, 48 short = 336,000.00.
  await importFile(page, fixture('owned-licences.csv'));
  await expect(page.getByTestId('total-cost')).toHaveText('USD 336,000.00');
  await expect(page.getByTestId('source')).toHaveText([/owned-licences\.csv/]);

  // Approved: the surplus it uses (80 SQL Server of the 80 free, 128 Windows Server) goes to a
  // file for the licence manager, in the order the lines were allocated; what it buys is not
  // reserved.
  await page.getByTestId('export-reservation').click();
  await expect(page.getByTestId('reservation-report')).toContainText('say who approved');
  await page.getByTestId('reserve-by').fill('P. Manager');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-reservation').click()]);
  expect(download.suggestedFilename()).toMatch(/^preflight-reservation-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(file.schema).toBe(1);
  expect(file.reservations.map((r) => [r.product, r.rights, r.project, r.scenario, r.reserved_by])).toEqual([
    ['ms-sql-server-enterprise', 80, 'Demo: 4-host SQL Server cluster', 'Proposed', 'P. Manager'],
    ['ms-windows-server-datacenter', 128, 'Demo: 4-host SQL Server cluster', 'Proposed', 'P. Manager'],
  ]);
  await expect(page.getByTestId('reservation-report')).toContainText('Send it to your licence manager');

  // Kept with the work: after a reload the site data is there, nothing is saved again for it.
  await expect.poll(async () => JSON.parse(await saved(page)).workbook.site?.maintainer).toBe('SAM team, licences@example.org');
  const revision = JSON.parse(await saved(page)).revision;
  await page.reload();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 336,000.00');
  await expect(page.getByTestId('site-data')).toContainText('published 2026-11-01');
  await page.waitForTimeout(300);
  expect(JSON.parse(await saved(page)).revision).toBe(revision);
  await expect(page.getByTestId('site-error')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a broken site data file is said at the top and the page goes on with its own files', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/site/bad/');
  await expect(page.getByTestId('site-error')).toContainText('org/preflight-org.json) could not be used: not JSON');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  expect(await saved(page)).toBeNull();
  expect(problems).toEqual([]);
});

test('without site data the page is silent about it', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  const answers = [];
  page.on('response', (response) => {
    if (response.url().endsWith('/org/preflight-org.json')) answers.push(response.status());
  });
  await page.goto('/tools/preflight/');
  await expect(page.getByTestId('site-data')).toContainText('No site data');
  // The build ships an empty org/preflight-org.json: a 200 the page reads as "none", so the
  // browser logs no 404 on every start (the watch fails on any console error).
  await expect.poll(() => answers).toEqual([200]);
  await expect(page.getByTestId('site-error')).toHaveCount(0);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  expect(await saved(page)).toBeNull();
  expect(problems).toEqual([]);
});
