// A failure in one panel stays in that panel. Prices near the limit of an exact decimal
// (about 7.9 × 10^28) make each product's cost exact but their sum in one fiscal year out of
// range: the headline total, the cost table and the cost chart cannot be given, and each says
// so in its own panel with the workbook export, while every other panel still works. Before
// panels rendered their sums as `Result`s, the cost chart's sum panicked and took the page down.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { position, watch } from './helpers.mjs';

const demo = new URL('../../public/demo/workbook.json', import.meta.url);

/** The demo workbook with Windows Server at 10^28 a pack (5 packs) and SQL Server at 10^27 (48). */
async function outOfRangeWorkbook() {
  const workbook = JSON.parse(await readFile(demo, 'utf8'));
  for (const line of workbook.sources.flatMap((source) => source.entitlements)) {
    if (line.product === 'ms-windows-server-datacenter') line.unit_price.amount = '10000000000000000000000000000';
    if (line.product === 'ms-sql-server-enterprise') line.unit_price.amount = '1000000000000000000000000000';
  }
  return Buffer.from(JSON.stringify(workbook));
}

test('a panel whose figures cannot be summed says so while the other panels still work', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('open-workbook').setInputFiles({ name: 'huge-prices.json', mimeType: 'application/json', buffer: await outOfRangeWorkbook() });
  await expect(page.getByTestId('workbook-report')).toContainText('Opened huge-prices.json');

  // The cost panel: its table and its chart give way to one message with the export.
  const budget = page.getByTestId('budget-panel');
  const failed = budget.getByTestId('panel-error');
  await expect(failed).toContainText('This part of the page cannot be shown: the amounts of a fiscal year add up to more than Preflight can count exactly (amount out of range)');
  // Its table and its chart both fail, and the panel names both (each error has its own id:
  // src/error_ids.rs; before, the one built last replaced the other).
  await expect(failed).toContainText('; the costs of a fiscal year add up to more than Preflight can count exactly (amount out of range); check the prices in the workbook.');
  await expect(failed).toContainText('The rest of the page still works and your work is kept.');
  await expect(budget.getByTestId('budget')).toHaveCount(0);
  await expect(budget.getByTestId('chart-cost')).toHaveCount(0);
  // The headline gives no total that leaves a product out.
  await expect(page.locator('main > [data-testid="panel-error"]')).toContainText('the costs to buy add up to more than Preflight can count exactly');
  await expect(page.getByTestId('total-cost')).toHaveCount(0);
  await expect(page.locator('[data-testid="panel-error"]:visible')).toHaveCount(2);
  // So does the approval pack (built only when printed), and its sign-off block stays.
  await expect(page.getByTestId('sign-off')).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('approval-pack').getByTestId('panel-error')).toContainText('add up to more than Preflight can count exactly');
  await expect(page.getByTestId('sign-off')).toHaveCount(1);
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('sign-off')).toHaveCount(0);
  await page.screenshot({ path: 'target/e2e-results/panel-error-headline.png' });
  await budget.screenshot({ path: 'target/e2e-results/panel-error.png' });

  // Every other panel renders and follows the workbook: positions with each exact cost, the
  // position chart, the alternatives, the findings, the scenario editor, the files.
  const ws = position(page, 'ms-windows-server-datacenter');
  await expect(ws.field('cost')).toHaveText('USD 50,000,000,000,000,000,000,000,000,000.00');
  await expect(position(page, 'ms-sql-server-enterprise').field('cost')).toHaveText('USD 48,000,000,000,000,000,000,000,000,000.00');
  await expect(page.getByTestId('chart-position').locator('svg')).toHaveCount(1);
  await expect(page.getByTestId('alternatives').locator('tr[data-name="as proposed"]')).toBeVisible();
  // Its cost over the horizon cannot be summed either: no figure, rather than a partial sum.
  await expect(page.getByTestId('alternatives').locator('tr[data-name="as proposed"] [data-field="horizon"]')).toHaveText('out of range');
  await expect(page.getByTestId('findings')).toContainText('cost is out of range');
  await expect(page.locator('.scenario').getByRole('button', { name: 'New scenario' })).toBeVisible();
  await expect(page.getByTestId('source')).toHaveText([/demo-entitlements\.csv/]);
  await expect(page.getByTestId('crash')).toHaveCount(0);

  // The panel's export hands over the work as it is.
  const downloading = page.waitForEvent('download');
  await failed.getByRole('button', { name: 'Export workbook' }).click();
  const exported = JSON.parse(await readFile(await (await downloading).path(), 'utf8'));
  expect(exported.sources[0].entitlements[0].unit_price.amount).toBe('10000000000000000000000000000');

  // The page is alive: a change that brings the sums back in range brings the panels back.
  await page.getByTestId('buy').selectOption('subscriptions');
  await page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('panel-error')).toHaveCount(0);
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await expect(budget.getByTestId('budget').locator('tr[data-year="FY2027"] [data-field="total"]')).toHaveText('—');
  await expect(budget.getByTestId('chart-cost').locator('svg')).toHaveCount(1);
  expect(problems).toEqual([]);
});
