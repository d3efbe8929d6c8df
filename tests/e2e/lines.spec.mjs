// The entitlement lines table with 50,000 lines loaded: only the rows in view are in the page,
// the keyboard scrolls it to the last line, and sorting, filtering, searching and the totals by
// product work on every line. The workbook is made here (the demo's plus 50,000 generated lines),
// so nothing large is committed.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { watch } from './helpers.mjs';

const demo = new URL('../../public/demo/workbook.json', import.meta.url);

/**
 * Line i (0-based, row i + 2 of estate-50k.csv), by i mod 4:
 * 0: SQL Server Enterprise, Perpetual + SA, 2-core packs × (1 + (i/4) mod 3), SA to 2027-06-30;
 * 1: Windows Server Datacenter, Perpetual, one 16-core pack;
 * 2: Oracle Database EE, SA only (no rights), 2 processors, SA to 2026-12-31;
 * 3: RHEL Server, a one-pair subscription ending 2025-12-31 (i mod 8 = 3) or 2030-12-31 (= 7).
 */
function generatedLine(i) {
  const base = { unit_price: null, purchased: null, start: null, version: null, legal_entity: null, unlimited: false, source: { file: 'estate-50k.csv', row: i + 2 } };
  switch (i % 4) {
    case 0:
      return { ...base, product: 'ms-sql-server-enterprise', metric: 'Core', licence_type: 'PerpetualWithSa', rights_per_pack: 2, packs: 1 + (Math.floor(i / 4) % 3), end: '2027-06-30' };
    case 1:
      return { ...base, product: 'ms-windows-server-datacenter', metric: 'Core', licence_type: 'Perpetual', rights_per_pack: 16, packs: 1, end: null };
    case 2:
      return { ...base, product: 'oracle-database-ee', metric: 'Processor', licence_type: 'SoftwareAssurance', rights_per_pack: 1, packs: 2, end: '2026-12-31' };
    default:
      return { ...base, product: 'redhat-rhel-server', metric: 'SocketPair', licence_type: 'Subscription', rights_per_pack: 1, packs: 1, end: i % 8 === 3 ? '2025-12-31' : '2030-12-31' };
  }
}

async function largeWorkbook() {
  const workbook = JSON.parse(await readFile(demo, 'utf8'));
  const entitlements = Array.from({ length: 50_000 }, (_, i) => generatedLine(i));
  workbook.sources.push({ file: 'estate-50k.csv', sha256: '', entitlements, unmatched: [] });
  return Buffer.from(JSON.stringify(workbook));
}

test('50,000 lines: a window of rows rendered, scrolled by keyboard, sorted, filtered, searched and totalled', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('open-workbook').setInputFiles({ name: 'estate.json', mimeType: 'application/json', buffer: await largeWorkbook() });
  await expect(page.getByTestId('workbook-report')).toContainText('Opened estate.json: 50,003 entitlement line(s) from 2 file(s).', { timeout: 30_000 });
  const shown = page.getByTestId('lines-shown');
  await expect(shown).toHaveText('50,003 of 50,003 line(s) shown');
  const table = page.getByTestId('lines');
  const rows = table.locator('tr[data-testid="line"]');
  // A few screens' worth of rows, not 50,003.
  expect(await table.locator('tr').count()).toBeLessThanOrEqual(300);
  await expect(table).toHaveAttribute('aria-rowcount', '50004');

  // Sorted by product: Oracle Database first; the last line is Windows Server's last, i = 49,997.
  await expect(rows.first()).toContainText('Oracle Database');
  const scroll = page.getByTestId('lines-scroll');
  await scroll.focus();
  await page.keyboard.press('End');
  await expect(rows.last()).toContainText('estate-50k.csv, row 49999');
  await expect(rows.last()).toContainText('Windows Server');
  await expect(rows.last()).toHaveAttribute('aria-rowindex', '50004');
  expect(await table.locator('tr').count()).toBeLessThanOrEqual(300);
  await page.keyboard.press('Home');
  await expect(rows.first()).toHaveAttribute('aria-rowindex', '2');

  // Rights, ascending: a one-pair RHEL subscription (i = 3, row 5) comes first; descending, the
  // demo's 3 × 16-core Windows Server line (48) comes first.
  await table.getByRole('button', { name: 'Rights' }).click();
  await expect(table.locator('th[aria-sort="ascending"]')).toHaveText(/Rights/);
  await expect(rows.first()).toContainText('estate-50k.csv, row 5');
  await table.getByRole('button', { name: 'Rights' }).click();
  await expect(table.locator('th[aria-sort="descending"]')).toHaveText(/Rights/);
  await expect(rows.first().locator('td').nth(3)).toHaveText('48');
  await expect(rows.first()).toContainText('demo-entitlements.csv, row 2');

  // Totals over all lines. RHEL: 6,250 subscriptions in term (i mod 8 = 7: 7, 15, … 49,999).
  // Oracle: 12,500 SA-only lines own nothing.
  const totals = page.getByTestId('line-totals');
  // A product's row of the totals: its name, lines, rights owned.
  const total = (name) => totals.locator('tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) }).locator('td');
  await expect(total('Red Hat Enterprise Linux Server').nth(2)).toHaveText('6,250');
  await expect(total('Oracle Database Enterprise Edition')).toHaveText(['Oracle Database Enterprise Edition', '12,500', '0']);
  // Windows Server: 12,500 × 16 = 200,000, plus the demo's 48.
  await expect(total('Windows Server Datacenter').nth(2)).toHaveText('200,048');

  // Filtered by file and product: SQL Server Enterprise's 12,500 generated lines hold
  // 2 × (4,167 × 1 + 4,167 × 2 + 4,166 × 3) = 2 × 24,999 = 49,998 core licences.
  await page.locator('#lines-file').selectOption('estate-50k.csv');
  await page.locator('#lines-product').selectOption({ label: 'SQL Server Enterprise' });
  await expect(shown).toHaveText('12,500 of 50,003 line(s) shown');
  await expect(totals.locator('tbody tr')).toHaveCount(1);
  await expect(total('SQL Server Enterprise')).toHaveText(['SQL Server Enterprise', '12,500', '49,998']);
  await expect(rows.first()).toContainText('SQL Server');

  // Back to every file and product; a search finds Datacenter's 12,500 lines and the demo's one.
  await page.locator('#lines-file').selectOption('');
  await page.locator('#lines-product').selectOption('');
  await page.locator('#lines-search').fill('DATACENTER');
  await expect(shown).toHaveText('12,501 of 50,003 line(s) shown');
  await expect(rows.first()).toContainText('Windows Server');
  await page.locator('#lines-search').fill('no such licence');
  await expect(shown).toHaveText('0 of 50,003 line(s) shown');
  await expect(rows).toHaveCount(0);
  expect(problems).toEqual([]);
});
