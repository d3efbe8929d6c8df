// The first real path, as a user takes it: the demo loads with results, an entitlement CSV is
// uploaded through the file input, and the figures on the page follow. Every test also fails on
// any console error, page error, Content-Security-Policy violation or request to another origin.
import { test, expect } from '@playwright/test';
import { fixture, position, watch, importFile } from './helpers.mjs';

test('the demo workbook shows results without any user action', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
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
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');

  // Start from the user's own file only: remove the demo entitlements, then upload.
  await page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await importFile(page, fixture('owned-licences.csv'));

  const report = page.getByTestId('import-report');
  await expect(report).toContainText(
    'Imported owned-licences.csv: 3 row(s) read: 2 accepted, 0 incomplete, 1 rejected, 0 skipped; 2 line(s) counted, 0 matching no product.',
  );
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
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('import-file').setInputFiles({
    name: 'prices.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Product,Edition,Price\nSQL Server,Enterprise,100\n'),
  });
  // The header lacks two fields: the user may name the columns holding them, or cancel.
  await expect(page.getByTestId('import-report')).toContainText(
    'prices.csv needs your help: prices.csv: no column for "Metric", "Quantity"',
  );
  await expect(page.getByLabel('Column Product holds')).toHaveValue('Product');
  await expect(page.getByLabel('Column Price holds')).toHaveValue('Unit price');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-report')).toContainText('Not imported: prices.csv: import cancelled Your workbook is unchanged.');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('source')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('the site works served from a sub-path, fetching only from its own origin', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
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

test('the page keeps to a strict Content-Security-Policy, and the browser enforces it', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/tools/preflight/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy.split('; ')).toEqual([
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ]);
  // The app got here under that policy with no violation and no console error.
  expect(problems).toEqual([]);

  // Now what injected markup would try: an inline script, an inline event handler and an image
  // from a data: URL are each refused, and nothing of theirs runs.
  const outcome = await page.evaluate(async () => {
    const refused = [];
    document.addEventListener('securitypolicyviolation', (event) => refused.push(event.violatedDirective));
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = "inline script";';
    document.body.append(script);
    const image = document.createElement('img');
    image.setAttribute('onerror', 'window.injectedRan = "event handler";');
    image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    document.body.append(image);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { refused: refused.sort(), ran: window.injectedRan ?? 'nothing' };
  });
  expect(outcome).toEqual({ refused: ['img-src', 'script-src-attr', 'script-src-elem'], ran: 'nothing' });
  // ...and watch() saw the refusals, so any violation in the other tests fails them.
  expect(problems.some((p) => p.startsWith('console error: securitypolicyviolation: script-src-elem'))).toBe(true);

  // A request to this origin that could carry data is caught too: the CSP allows it
  // (connect-src 'self'), so watch() is what keeps every other test honest about it.
  await page.evaluate(async () => {
    await fetch('./?customer=Contoso');
    await fetch('./', { method: 'POST', body: 'licences' }).catch(() => {});
  });
  expect(problems.filter((p) => p.startsWith('request that could carry data'))).toEqual([
    expect.stringMatching(/^request that could carry data: GET http:.*\/tools\/preflight\/\?customer=Contoso$/),
    expect.stringMatching(/^request that could carry data: POST http:.*\/tools\/preflight\/$/),
  ]);
});

test('a changed script or wasm file is refused (subresource integrity)', async ({ page }) => {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // As a compromised server or cache would: the file's bytes differ from the hash in the page.
  let tampered = /_bg\.wasm$/;
  await page.route((url) => tampered.test(url.pathname), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: Buffer.concat([await response.body(), Buffer.from('\n')]) });
  });
  for (const file of [/_bg\.wasm$/, /preflight-app-[0-9a-f]+\.js$/, /boot-[0-9a-f]+\.js$/]) {
    tampered = file;
    errors.length = 0;
    await page.goto('/');
    await expect.poll(() => errors.join('\n')).toMatch(/integrity/);
    await expect(page.getByTestId('total-cost')).toHaveCount(0);
  }
});

test('alternatives are compared side by side and one click adopts the cheapest compliant', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const table = page.getByTestId('alternatives');
  const proposed = table.locator('tr[data-name="as proposed"]');
  const standard = table.locator('tr[data-name="SQL Server Standard instead of SQL Server Enterprise"]');
  await expect(proposed.locator('[data-field="total"]')).toHaveText('USD 756,679.00');
  // SQL Server Standard: 128 needed, 16 Standard + 32 Enterprise cores owned (Enterprise may be
  // used for Standard) → 80 short = 40 × 2-pack at 3,945.00 = 157,800.00; plus Windows Server's
  // 30,775.00 = 188,575.00.
  await expect(standard.locator('[data-field="total"]')).toHaveText('USD 188,575.00');
  await expect(standard.locator('[data-field="compliant"]')).toHaveText('yes');
  await expect(standard).toContainText('cheapest compliant');
  await expect(proposed).not.toContainText('cheapest compliant');

  await standard.getByRole('button', { name: 'Use this' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 188,575.00');
  const sqlStd = position(page, 'ms-sql-server-standard');
  await expect(sqlStd.field('required')).toContainText('128');
  await expect(sqlStd.field('shortfall')).toHaveText('80');
  // The choice is now the proposal, and Enterprise is offered as the alternative.
  await expect(table.locator('tr[data-name="SQL Server Enterprise instead of SQL Server Standard"]')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a JSON array of entitlements imports through the same file input', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  const lines = [
    { product: 'Windows Server', edition: 'Datacenter', metric: 'Per core', rights_per_pack: 16, quantity: 8, unit_price: '6000.00', currency: 'USD' },
    { product: 'Acme Widget', metric: 'Per device', quantity: 3 },
  ];
  await importFile(page, {
    name: 'owned.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(lines)),
  });
  await expect(page.getByTestId('import-report')).toContainText(
    'Imported owned.json: 2 row(s) read: 2 accepted, 0 incomplete, 0 rejected, 0 skipped; 1 line(s) counted, 1 matching no product.',
  );
  const ws = position(page, 'ms-windows-server-datacenter');
  await expect(ws.field('entitled')).toHaveText('128');
  await expect(ws.field('shortfall')).toHaveText('0');
  expect(problems).toEqual([]);
});
