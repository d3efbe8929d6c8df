// The import as a transaction: a preview of what the file gives (counts, columns, the products
// it names that the catalogue does not know, the rows it could not use), answers for those
// products that read the file again, and nothing in the workbook until "Add to workbook".
import { test, expect } from '@playwright/test';
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
  await expect(page.getByTestId('import-replaces')).toHaveText('Replaces the earlier import of reseller.csv: 2 line(s) counted and 0 matching no product now; 2 and 0 after.');
  await page.getByTestId('import-cancel').click();
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('preflight.workbook'))?.workbook.product_mappings?.length)).toBe(2);
  expect(problems).toEqual([]);
});

test('a spreadsheet with several sheets is read from the sheet the user picks', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('import-file').setInputFiles(new URL('../../crates/preflight-import/tests/fixtures/xlsx/mls-statement.xlsx', import.meta.url).pathname);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Preview of mls-statement.xlsx');
  const sheet = page.getByTestId('import-sheet');
  await expect(sheet).toHaveValue('Pivot Data');
  const options = await sheet.locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(1);
  const other = options.find((name) => name !== 'Pivot Data');
  await sheet.selectOption(other);
  // Another sheet is read (its own counts or why it cannot be), and the workbook is unchanged.
  await expect(report).not.toContainText('Preview of mls-statement.xlsx: 9 row(s) read');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
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
