// Money and counts in the browser's locale, formatted from the exact decimal: in a German
// browser "USD 756.679,00", and a price of 12,345,678,901,234,567.89 keeps every digit (as a
// float it would be 12345678901234568). The ISO code stays in front, as in English.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { watch, position } from './helpers.mjs';

test.use({ locale: 'de-DE' });

const demo = new URL('../../public/demo/workbook.json', import.meta.url);

test('a German browser reads grouped figures with a decimal comma, every digit kept', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756.679,00');
  // Windows Server: 128 cores needed, 48 owned → 80 short = 5 × 16-core packs at 6,155.00.
  const windows = position(page, 'ms-windows-server-datacenter');
  await expect(windows.field('to-buy')).toHaveText('5 × 16-pack at USD 6.155,00');

  // A price list and a baseline in a workbook file: the price and the count in German.
  const workbook = JSON.parse(await readFile(demo, 'utf8'));
  workbook.price_list = [{
    sku: 'ORA-EE-PROC', product: 'oracle-database-ee', pack_size: 1, licence_type: 'Perpetual',
    price: { amount: '12345678901234567.89', currency: 'USD' }, valid_from: null, valid_to: null,
    source: 'Test quote',
  }];
  workbook.baseline = [{ product: 'oracle-database-ee', consumed: 1234567, legal_entity: null, source: { file: 'positions.csv', row: 2 } }];
  await page.getByTestId('open-workbook').setInputFiles({ name: 'prices.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(workbook)) });
  await expect(page.getByTestId('workbook-report')).toContainText('Opened prices.json');
  await expect(page.getByTestId('price-list')).toContainText('USD 12.345.678.901.234.567,89');
  await expect(page.getByTestId('baseline')).toContainText('1.234.567');
  await expect(page.getByTestId('baseline')).toContainText('positions.csv row 2');
  // The results CSV stays locale-neutral: numbers as numbers, a point for decimals.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-results').click();
  const csv = await readFile(await (await downloading).path(), 'utf8');
  expect(csv).toContain('30775.00');
  expect(csv).not.toContain('30.775,00');
  expect(problems).toEqual([]);
});
