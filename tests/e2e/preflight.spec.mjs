// The first real path, as a user takes it: the demo loads with results, an entitlement CSV is
// uploaded through the file input, and the figures on the page follow. Every test also fails on
// any console error, page error or request to another origin.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const fixture = (name) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

/** Collects what must never happen on any page: console errors, page errors, foreign requests. */
function watch(page, baseURL) {
  const problems = [];
  const origin = new URL(baseURL).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) problems.push(`request to another origin: ${url}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return problems;
}

function position(page, product) {
  const rows = page.getByTestId(`position-${product}`);
  return {
    field: (name) => rows.locator(`[data-field="${name}"]`).first(),
  };
}

test('the demo workbook shows results without any user action', async ({ page, baseURL }) => {
  const problems = watch(page, baseURL);
  await page.goto('/');
  const ws = position(page, 'ms-windows-server-datacenter');
  const sql = position(page, 'ms-sql-server-enterprise');

  // 4 hosts × 2 sockets × 16 cores: 128 core licences each.
  await expect(ws.field('required')).toContainText('128');
  await expect(ws.field('required-packs')).toHaveText('8 × 16-pack');
  await expect(sql.field('required')).toContainText('128');
  await expect(sql.field('required-packs')).toHaveText('64 × 2-pack');
  // Demo entitlements: 3 × 16-pack of Windows Server, 16 × 2-pack of SQL Server Enterprise.
  await expect(ws.field('entitled')).toHaveText('48');
  await expect(ws.field('shortfall')).toHaveText('80');
  await expect(ws.field('to-buy')).toHaveText('5 × 16-pack at USD 6,155.00');
  await expect(ws.field('cost')).toHaveText('USD 30,775.00');
  await expect(sql.field('entitled')).toHaveText('32');
  await expect(sql.field('shortfall')).toHaveText('96');
  await expect(sql.field('cost')).toHaveText('USD 725,904.00');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // The demo goes live on 2027-01-04: the licences are one-off spend in FY2027.
  const fy2027 = page.getByTestId('budget').locator('tr[data-year="FY2027"]');
  await expect(fy2027.locator('[data-field="capex"]')).toHaveText('USD 756,679.00');
  await expect(fy2027.locator('[data-field="opex"]')).toHaveText('—');

  // The working is one click away and cites the vendor rules.
  const working = page.getByTestId('position-ms-windows-server-datacenter').getByText('Show the working');
  await working.click();
  await expect(page.getByTestId('position-ms-windows-server-datacenter').locator('.derivation'))
    .toContainText('sql-node-01: 2 processor(s) × max(16 cores, minimum 8 per processor) = 32');
  await expect(page.getByTestId('position-ms-windows-server-datacenter').locator('.rule').first())
    .toHaveText('MS-WS-ALLCORES');

  // The Acrobat line matches no catalogue product: listed, not counted.
  await expect(page.getByTestId('findings')).toContainText('"Adobe Acrobat Pro" matches no catalogue product');
  expect(problems).toEqual([]);
});

test('uploading an entitlement CSV replaces the figures with the file\'s', async ({ page, baseURL }) => {
  const problems = watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');

  // Start from the user's own file only: remove the demo entitlements, then upload.
  await page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await page.getByTestId('import-file').setInputFiles(fixture('owned-licences.csv'));

  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Imported owned-licences.csv: 2 line(s) counted, 0 matching no product, 1 row(s) not imported.');
  await expect(report).toContainText('owned-licences.csv, row 4, column "Metric": unknown licence metric "Per banana"');

  const ws = position(page, 'ms-windows-server-datacenter');
  const sql = position(page, 'ms-sql-server-enterprise');
  // Windows Server: 128 required − 64 owned = 64 short = 4 × 16-pack at 6,400.00 = 25,600.00.
  await expect(ws.field('entitled')).toHaveText('64');
  await expect(ws.field('shortfall')).toHaveText('64');
  await expect(ws.field('cost')).toHaveText('USD 25,600.00');
  // SQL Server: 128 − 40 = 88 short = 44 × 2-pack at 14,000.00 = 616,000.00.
  await expect(sql.field('entitled')).toHaveText('40');
  await expect(sql.field('shortfall')).toHaveText('88');
  await expect(sql.field('to-buy')).toHaveText('44 × 2-pack at USD 14,000.00');
  await expect(sql.field('cost')).toHaveText('USD 616,000.00');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  expect(problems).toEqual([]);
});

test('a file that cannot be read leaves the workbook as it was', async ({ page, baseURL }) => {
  const problems = watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('import-file').setInputFiles({
    name: 'prices.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Product,Edition,Price\nSQL Server,Enterprise,100\n'),
  });
  await expect(page.getByTestId('import-report')).toContainText(
    'Not imported: prices.csv: no column for "Metric", "Quantity"',
  );
  await expect(page.getByTestId('import-report')).toContainText('Your workbook is unchanged.');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('source')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('the site works served from a sub-path, fetching only from its own origin', async ({ page, baseURL }) => {
  const problems = watch(page, baseURL);
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto('/tools/preflight/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // Every asset came from under the sub-path, none from the server's root.
  expect(requested.length).toBeGreaterThan(2);
  for (const path of requested) expect(path.startsWith('/tools/preflight/')).toBe(true);
  // The sample file downloads from beside the app.
  const sample = await page.request.get('/tools/preflight/demo/entitlements.csv');
  expect(sample.ok()).toBe(true);
  expect(await sample.text()).toContain('Windows Server,Datacenter');
  expect(problems).toEqual([]);
});
