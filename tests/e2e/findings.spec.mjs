// Findings are read by group: one per kind and severity, with its count and its first 25
// findings, the rest on request. A large estate has thousands of one kind (5,000 "Software
// Assurance without a licence" in the bench's estate), which no one reads one by one and which
// made every edit write them all out again.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { watch } from './helpers.mjs';

const demo = new URL('../../public/demo/workbook.json', import.meta.url);

/** The demo workbook with 59 more unmatched rows (6 to 64) after its own "Adobe Acrobat Pro" (row 5). */
async function unmatchedWorkbook() {
  const workbook = JSON.parse(await readFile(demo, 'utf8'));
  const source = workbook.sources[0];
  for (let row = 6; row <= 64; row++) {
    source.unmatched.push({ publisher: 'Contoso', product: `Tool ${row}`, edition: '', quantity: '1', source: { file: source.file, row } });
  }
  return Buffer.from(JSON.stringify(workbook));
}

test('findings are grouped by kind with a count, the first 25 shown and the rest on request', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('open-workbook').setInputFiles({ name: 'unmatched.json', mimeType: 'application/json', buffer: await unmatchedWorkbook() });
  await expect(page.getByTestId('workbook-report')).toContainText('Opened unmatched.json');

  // 1 + 59 unmatched rows: one group of 60, of which 25 are written out (rows 5 to 29).
  const group = page.getByTestId('finding-group').filter({ hasText: 'Lines that match no product' });
  await expect(group.locator('h3')).toHaveText('Medium Lines that match no product (60)');
  const items = group.locator('li');
  await expect(items).toHaveCount(25);
  await expect(items.first()).toHaveText('demo-entitlements.csv row 5: "Adobe Acrobat Pro" matches no catalogue product and is not counted');
  await expect(items.last()).toHaveText('demo-entitlements.csv row 29: "Contoso Tool 29" matches no catalogue product and is not counted');
  await expect(group).toContainText('25 of 60 shown.');

  await group.getByRole('button', { name: 'Show all 60' }).click();
  await expect(items).toHaveCount(60);
  await expect(items.last()).toHaveText('demo-entitlements.csv row 64: "Contoso Tool 64" matches no catalogue product and is not counted');
  await expect(group).not.toContainText('of 60 shown');

  await group.getByRole('button', { name: 'Show the first 25' }).click();
  await expect(items).toHaveCount(25);

  // Groups are ordered most severe first: every High group comes before every Medium one.
  const severities = await page.getByTestId('finding-group').locator('h3 .severity').allTextContents();
  const rank = { High: 0, Medium: 1, Info: 2 };
  const ranks = severities.map((s) => rank[s]);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(ranks).toContain(1);
  expect(problems).toEqual([]);
});
