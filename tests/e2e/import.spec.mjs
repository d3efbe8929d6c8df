// The import as a transaction: a preview of what the file gives (counts, columns, the products
// it names that the catalogue does not know, the rows it could not use), answers for those
// products that read the file again, and nothing in the workbook until "Add to workbook".
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { fixture, position, watch } from './helpers.mjs';

test('a preview maps unknown products, cancels without a trace, adds on accept and remembers', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const report = page.getByTestId('import-report');
  const texts = page.getByTestId('unmatched-text');
  const choose = () => page.getByTestId('import-file').setInputFiles(fixture('reseller.csv'));

  // reseller.csv: SQL Server Enterprise 16 cores; a reseller's "SQL-Svr Ent Core 2pk" of 8;
  // a coffee machine; a Windows Server row whose quantity is "abc".
  await choose();
  await expect(report).toContainText('Preview of reseller.csv: 4 row(s) read: 3 accepted, 0 incomplete, 1 rejected, 0 skipped; 1 line(s) counted, 2 matching no product.');
  await expect(report).toContainText('Nothing is in your workbook until you add it.');
  await expect(report).toContainText('reseller.csv, row 5, column "Quantity": "abc" is not a number');
  await expect(texts).toHaveText([/Acme Resale · SQL-Svr Ent · Core 2pk\s*1/, /Acme Resale · Coffee machine\s*1/]);
  // The preview changes nothing yet.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('source')).toHaveCount(1);

  // Answers read the file again: the reseller's text is SQL Server Enterprise, the coffee
  // machine not relevant (skipped, with the reason).
  await page.getByLabel('What Acme Resale · SQL-Svr Ent · Core 2pk is').selectOption({ label: 'SQL Server Enterprise' });
  await expect(report).toContainText('4 row(s) read: 3 accepted, 0 incomplete, 1 rejected, 0 skipped; 2 line(s) counted, 1 matching no product.');
  await page.getByLabel('What Acme Resale · Coffee machine is').selectOption('Not relevant');
  await expect(report).toContainText('4 row(s) read: 2 accepted, 0 incomplete, 1 rejected, 1 skipped; 2 line(s) counted, 0 matching no product.');
  await expect(page.getByTestId('import-answers').locator('li')).toHaveText([
    'Acme Resale · SQL-Svr Ent · Core 2pk → SQL Server Enterprise',
    'Acme Resale · Coffee machine → not relevant',
  ]);
  await expect(texts).toHaveCount(0);
  await report.screenshot({ path: 'target/e2e-results/import-preview.png' });

  // Cancel: the workbook as it was, and the answers of that preview gone with it.
  await page.getByTestId('import-cancel').click();
  await expect(report).toContainText('reseller.csv: import cancelled Your workbook is unchanged.');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('source')).toHaveCount(1);
  await choose();
  await expect(texts).toHaveCount(2);

  // Answer again and add: 16 + 8 more SQL Server cores. Of 128 required, 32 + 24 = 56 owned,
  // 72 short = 36 x 2-pack at 15,123.00 = 544,428.00; Windows Server 30,775.00 as before:
  // 575,203.00 (`preflight evaluate` with the two lines as the catalogue names them agrees).
  await page.getByLabel('What Acme Resale · SQL-Svr Ent · Core 2pk is').selectOption({ label: 'SQL Server Enterprise' });
  await expect(texts).toHaveCount(1);
  await page.getByLabel('What Acme Resale · Coffee machine is').selectOption('Not relevant');
  await expect(texts).toHaveCount(0);
  await page.getByTestId('import-accept').click();
  await expect(report).toContainText('Imported reseller.csv: 4 row(s) read: 2 accepted, 0 incomplete, 1 rejected, 1 skipped; 2 line(s) counted, 0 matching no product.');
  await expect(position(page, 'ms-sql-server-enterprise').field('entitled')).toHaveText('56');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 575,203.00');
  await expect(page.getByTestId('source')).toHaveText([/demo-entitlements\.csv/, /reseller\.csv/]);

  // The answers are the workbook's now: the same file again matches at once, and the preview
  // says what the import it would replace had.
  await choose();
  await expect(report).toContainText('2 line(s) counted, 0 matching no product.');
  await expect(page.getByTestId('import-replaces').locator('p').first()).toHaveText('Replaces the earlier import of reseller.csv: 2 line(s) counted and 0 matching no product now; 2 and 0 after.');
  await expect(page.getByTestId('import-changes')).toHaveText('Every one of the 2 line(s) is as before.');
  await page.getByTestId('import-cancel').click();
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('preflight.workbook'))?.workbook.product_mappings?.length)).toBe(2);
  expect(problems).toEqual([]);
});

test('a layout chosen by hand reads the file again, and a choice that cannot be read keeps the preview', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('import-file').setInputFiles(new URL('../../crates/preflight-import/tests/fixtures/xlsx/mls-statement.xlsx', import.meta.url).pathname);
  const report = page.getByTestId('import-report');
  // The statement's Pivot Data: 9 rows, of which the 4 "All Countries" rows count.
  const asRead = 'Preview of mls-statement.xlsx: 9 row(s) read: 4 accepted, 0 incomplete, 0 rejected, 5 skipped';
  await expect(report).toContainText(asRead);
  await expect(report).toContainText('(read as the mls-pivot-data layout)');
  const layout = page.getByTestId('import-preset');
  await expect(layout.locator('option:checked')).toHaveText('automatic (detected: mls-pivot-data)');
  await expect(layout.locator('option')).toHaveText([
    'automatic (detected: mls-pivot-data)', 'servicenow', 'flexera', 'snow', 'snipe-it', 'mls-pivot-data', 'optisam',
  ]);

  // OpTISAM's layout has no country filter and takes no metric from the product: the six
  // product rows, single countries too, are lines without a metric, incomplete.
  await layout.selectOption('optisam');
  await expect(report).toContainText('(read as the optisam layout)');
  await expect(report).toContainText('Preview of mls-statement.xlsx: 9 row(s) read: 0 accepted, 6 incomplete, 0 rejected, 3 skipped');
  await expect(layout).toHaveValue('optisam');
  // Back to what was detected.
  await layout.selectOption('');
  await expect(report).toContainText(asRead);

  // The other sheet has no header: the preview stays as it was, with the reason, and the
  // sheet chosen is back to the one read.
  const sheet = page.getByTestId('import-sheet');
  await sheet.selectOption('License Summary');
  await expect(page.getByTestId('import-problem')).toHaveText(
    'Not read that way: mls-statement.xlsx: no column for "Product", "Metric", "Quantity"; the header row has "Microsoft Licensing Statement" The preview below is as before.');
  await expect(report).toContainText(asRead);
  await expect(sheet).toHaveValue('Pivot Data');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // It can still be added as it was read.
  await page.getByTestId('import-accept').click();
  await expect(report).toContainText('Imported mls-statement.xlsx: 9 row(s) read: 4 accepted');
  await expect(page.getByTestId('source')).toHaveCount(2);
  expect(problems).toEqual([]);
});

test('a price list is told by its header, its unknown product answered, and its prices buy the shortfall', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const report = page.getByTestId('import-report');
  // quote.csv: one 2-core pack of a reseller's "SQL-Svr Ent Core" at 14,000.00 USD, one-off.
  await page.getByTestId('import-file').setInputFiles(fixture('quote.csv'));
  await expect(report).toContainText('Preview of quote.csv: 1 row(s) read: 1 accepted, 0 incomplete, 0 rejected, 0 skipped; 0 price(s) to buy at, 1 matching no product.');
  await expect(page.getByTestId('import-kind').locator('option:checked')).toHaveText('automatic (detected: a price list)');
  // The columns offered are a price list's, not an entitlement file's.
  await report.locator('summary').click();
  await expect(page.getByLabel('Column Pack size holds')).toHaveValue('Pack size');
  await expect(page.getByLabel('Column Price holds').locator('option')).toContainText(['Price per right', 'Line total', 'Billing period']);

  await page.getByLabel('What Acme Resale · SQL-Svr Ent Core is').selectOption({ label: 'SQL Server Enterprise' });
  await expect(report).toContainText('1 price(s) to buy at, 0 matching no product.');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('import-accept').click();
  await expect(report).toContainText('Imported quote.csv: 1 row(s) read: 1 accepted');
  // 96 SQL Server Enterprise cores short = 48 × 2-pack at 14,000.00 = 672,000.00 (the quote
  // before the demo line's 15,123.00); Windows Server 30,775.00 as before: 702,775.00.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 702,775.00');
  await expect.poll(() => page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem('preflight.workbook'))?.workbook;
    return [saved?.price_list?.length, saved?.product_mappings?.length];
  })).toEqual([1, 1]);

  // The same quote again replaces its own price, and says so.
  await page.getByTestId('import-file').setInputFiles(fixture('quote.csv'));
  await expect(page.getByTestId('import-replaces')).toHaveText('Replaces the earlier import of quote.csv: 1 line(s) counted and 0 matching no product now; 1 and 0 after.');
  await page.getByTestId('import-cancel').click();
  expect(problems).toEqual([]);
});

test('lines that look like another file\'s are flagged before they are added, and found after', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const report = page.getByTestId('import-report');
  const csv = (name) => new URL(`../../crates/preflight-import/tests/fixtures/csv/${name}`, import.meta.url).pathname;
  await page.getByTestId('import-file').setInputFiles(csv('servicenow-agreements.csv'));
  await expect(report).toContainText('Preview of servicenow-agreements.csv: 5 row(s) read: 4 accepted, 0 incomplete, 1 rejected');
  await expect(page.getByTestId('import-duplicates')).toHaveCount(0);
  await page.getByTestId('import-accept').click();

  // The reseller's confirmations of orders PO-1001 and PO-1002, already in the export.
  await page.getByTestId('import-file').setInputFiles(csv('reseller-orders.csv'));
  const duplicates = page.getByTestId('import-duplicates');
  await expect(duplicates).toContainText('2 line(s) look like lines already in your workbook from another file');
  await expect(duplicates.locator('li')).toHaveText([
    'reseller-orders.csv row 3 looks like servicenow-agreements.csv row 2: SQL Server Enterprise, 16 rights',
    'reseller-orders.csv row 6 looks like servicenow-agreements.csv row 3: Windows Server Standard, 16 rights',
  ]);
  await page.getByTestId('import-accept').click();
  await expect(page.getByTestId('findings')).toContainText('reseller-orders.csv row 3 looks like servicenow-agreements.csv row 2 (same quantity, 16 rights, dates and order): both are counted');
  expect(problems).toEqual([]);
});

test('a header without a needed field is answered column by column, and the answer is kept', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const report = page.getByTestId('import-report');
  const file = (name) => ({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from('Product,Edition,Metric,Lic count\nSQL Server,Enterprise,Per core,24\n'),
  });
  await page.getByTestId('import-file').setInputFiles(file('counts.csv'));
  await expect(report).toContainText('counts.csv needs your help: counts.csv: no column for "Quantity"');
  await expect(page.getByTestId('import-column')).toHaveText([/^Product/, /^Edition/, /^Metric/, /^Lic count/]);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');

  await page.getByLabel('Column Lic count holds').selectOption('Quantity');
  await expect(report).toContainText('Preview of counts.csv: 1 row(s) read: 1 accepted, 0 incomplete, 0 rejected, 0 skipped; 1 line(s) counted, 0 matching no product.');
  await expect(page.getByLabel('Column Lic count holds')).toHaveValue('Quantity');
  await page.getByTestId('import-accept').click();
  // 24 more SQL Server cores: 128 - 32 - 24 = 72 short, as with the reseller's file.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 575,203.00');

  // The next file with this header is read at once.
  await page.getByTestId('import-file').setInputFiles(file('counts-2.csv'));
  await expect(report).toContainText('Preview of counts-2.csv: 1 row(s) read: 1 accepted');
  await page.getByTestId('import-cancel').click();
  expect(problems).toEqual([]);
});

test('a file imported again says what changes before it replaces the earlier import; its own columns are kept, searched and exported', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const report = page.getByTestId('import-report');
  const assets = (rows) => ({
    name: 'assets.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Publisher,Product,Metric,Quantity,Rights per pack,Asset tag,Notes\r\n' + rows),
  });
  await page.getByTestId('import-file').setInputFiles(assets(
    'Microsoft,SQL Server Enterprise,Per core,8,2,AT-0001,"renewal, 2027"\r\n' +
    'Microsoft,SQL Server Enterprise,Per core,4,2,AT-0002,\r\n'));
  await expect(report).toContainText('Preview of assets.csv: 2 row(s) read: 2 accepted');
  await page.getByTestId('import-accept').click();
  // 24 more SQL Server cores: of 128 required, 32 + 24 = 56 owned, 72 short = 36 × 2-pack at
  // 15,123.00 = 544,428.00; Windows Server 30,775.00 as before: 575,203.00.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 575,203.00');

  // The asset tag is a column no field reads: kept with the line, and searched.
  await page.locator('#lines-search').fill('at-0002');
  await expect(page.getByTestId('lines-shown')).toHaveText('1 of 5 line(s) shown');
  await page.locator('#lines-search').fill('');

  // The same file with the first line's quantity 8 → 10: the preview says what replacing changes.
  await page.getByTestId('import-file').setInputFiles(assets(
    'Microsoft,SQL Server Enterprise,Per core,10,2,AT-0001,"renewal, 2027"\r\n' +
    'Microsoft,SQL Server Enterprise,Per core,4,2,AT-0002,\r\n'));
  await expect(page.getByTestId('import-changes')).toHaveText('1 line(s) as before, 1 added, 1 removed (a line is the same wherever its row is).');
  await expect(page.getByTestId('import-change-list').locator('li')).toHaveText([
    'SQL Server Enterprise: 24 \u2192 28 rights in force',
    'added, row 2: SQL Server Enterprise, 10 pack(s) of 2, Per core, Perpetual',
    'removed, was row 2: SQL Server Enterprise, 8 pack(s) of 2, Per core, Perpetual',
  ]);
  await report.screenshot({ path: 'target/e2e-results/import-changes.png' });
  await page.getByTestId('import-accept').click();
  // 32 + 28 = 60 owned, 68 short = 34 × 15,123.00 = 514,182.00, + 30,775.00.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 544,957.00');

  // Every line out as CSV, the file's own columns after Preflight's, as the file gave them.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lines-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^preflight-entitlements-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  expect(lines[0].endsWith('"File","Row","Asset tag","Notes"')).toBe(true);
  expect(lines.filter((line) => line.includes('"assets.csv"'))).toEqual([
    expect.stringMatching(/^"SQL Server Enterprise","Per core","Perpetual",2,10,20,.*"assets\.csv",2,"AT-0001","renewal, 2027"$/),
    expect.stringMatching(/^"SQL Server Enterprise","Per core","Perpetual",2,4,8,.*"assets\.csv",3,"AT-0002",$/),
  ]);

  // The kept columns are saved with the workbook: after a reload the asset tag is still found.
  await page.reload();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 544,957.00');
  await page.locator('#lines-search').fill('AT-0001');
  await expect(page.getByTestId('lines-shown')).toHaveText('1 of 5 line(s) shown');
  expect(problems).toEqual([]);
});

test('an imported file carries the SHA-256 of its bytes, from the worker\'s SubtleCrypto, as sha256sum gives it', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // The import worker hashes the file with crypto.subtle.digest beside the read (the CLI and
  // the native tests with the Rust SHA-256: crates/preflight-import/src/protocol.rs holds it
  // to the same digest). `sha256sum tests/e2e/fixtures/reseller.csv`:
  const sha256 = '0ef2403a53de90be3afc9fbc853f2f03b23f03c5fd8d5e157b84d11ab62e27b9';
  await page.getByTestId('import-file').setInputFiles(fixture('reseller.csv'));
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Preview of reseller.csv: 4 row(s) read: 3 accepted, 0 incomplete, 1 rejected, 0 skipped');
  await page.getByTestId('import-accept').click();
  await expect(report).toContainText('Imported reseller.csv');

  await page.emulateMedia({ media: 'print' });
  const sources = page.getByTestId('approval-pack').getByTestId('pack-source');
  await expect(sources.filter({ hasText: 'reseller.csv' }).locator('.hash')).toHaveText(sha256);
  // And the saved workbook keeps it, so a later approval pack names the same bytes.
  await expect.poll(() => page.evaluate(() =>
    JSON.parse(localStorage.getItem('preflight.workbook'))?.workbook.sources.find((s) => s.file === 'reseller.csv')?.sha256,
  )).toBe(sha256);
  expect(problems).toEqual([]);
});
