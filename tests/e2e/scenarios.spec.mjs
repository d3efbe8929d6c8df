// Several scenarios of one project: duplicated, changed, renamed, compared side by side with
// the cheapest compliant one marked, kept across a reload, and deleted only on a second click.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';

const tabs = (page) => page.getByTestId('scenario-tab');
const cell = (page, row, name) =>
  page.getByTestId('scenario-comparison').locator(`tr[data-row="${row}"] td`).nth(name);

test('scenarios are duplicated, changed, compared with the cheapest marked, kept and deleted', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(tabs(page)).toHaveText(['Proposed']);
  await expect(page.getByText('One scenario so far')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete scenario' })).toBeDisabled();

  // A copy of the demo's four 2x16 hosts, cut to two and renamed.
  await page.getByRole('button', { name: 'Duplicate scenario' }).click();
  await expect(tabs(page)).toHaveText(['Proposed', 'Proposed (copy)']);
  await expect(tabs(page).nth(1)).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Delete sql-node-04' }).click();
  await page.getByRole('button', { name: 'Delete sql-node-03' }).click();
  // Two hosts, 64 cores each product: Windows Server 64 - 48 owned = 16 short = 1 x 16-pack at
  // 6,155.00; SQL Server 64 - 32 owned = 32 short = 16 x 2-pack at 15,123.00 = 241,968.00.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 248,123.00');
  const name = page.locator('#scenario-name');
  await name.fill('Proposed');
  await expect(page.locator('#scenario-name-error')).toHaveText('there is already a scenario named "Proposed"');
  await name.fill('Two hosts');
  await expect(tabs(page)).toHaveText(['Proposed', 'Two hosts']);
  await page.locator('#scenario-description').fill('Half the cluster, no growth room');

  // Side by side: the demo's 756,679.00 against 248,123.00, the cheaper one marked.
  const comparison = page.getByTestId('scenario-comparison');
  await expect(comparison.locator('thead th[data-name]')).toHaveText([/^Proposed/, /^Two hosts/]);
  await expect(cell(page, 'total', 0)).toHaveText('USD 756,679.00');
  await expect(cell(page, 'total', 1)).toHaveText('USD 248,123.00');
  await expect(cell(page, 'compliant', 1)).toHaveText('yes');
  await expect(comparison.locator('th.cheapest')).toHaveAttribute('data-name', 'Two hosts');
  // Taking one out of the comparison leaves one column; putting it back restores both.
  await page.getByRole('checkbox', { name: 'Proposed' }).uncheck();
  await expect(comparison.locator('thead th[data-name]')).toHaveText([/^Two hosts/]);
  await page.getByRole('checkbox', { name: 'Proposed' }).check();
  await expect(comparison.locator('thead th[data-name]')).toHaveCount(2);
  // "Show" switches the scenario the page shows and edits.
  await comparison.getByRole('button', { name: 'Show Proposed' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(tabs(page).first()).toHaveAttribute('aria-pressed', 'true');

  // The approval pack names the scenario and lists those considered.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#pack-heading')).toContainText('scenario “Proposed”');
  await expect(page.getByTestId('pack-scenarios').locator('tbody tr')).toHaveText([/^Proposed/, /^Two hosts.*cheapest compliant/]);
  await page.emulateMedia({ media: 'screen' });

  // Kept across a reload, with the active one and the description.
  await tabs(page).nth(1).click();
  await page.waitForTimeout(300);
  await page.reload();
  await expect(tabs(page)).toHaveText(['Proposed', 'Two hosts']);
  await expect(tabs(page).nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 248,123.00');
  await expect(page.locator('#scenario-description')).toHaveValue('Half the cluster, no growth room');

  // Deleting asks once more; "Keep it" keeps it, "Delete" removes it and shows its neighbour.
  await page.getByRole('button', { name: 'Delete scenario' }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(tabs(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete scenario' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Delete “Two hosts”' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(tabs(page)).toHaveText(['Proposed']);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.screenshot({ path: 'target/e2e-results/scenarios.png', fullPage: false });
  expect(problems).toEqual([]);
});

test('an alternative is kept as a scenario of its own beside the one it varies', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const alternatives = page.getByTestId('alternatives');
  const row = alternatives.locator('tr[data-name]').filter({ has: page.getByRole('button', { name: 'Keep as a scenario' }) }).first();
  const name = await row.getAttribute('data-name');
  const horizon = await row.locator('[data-field="horizon"]').textContent();
  await row.getByRole('button', { name: 'Keep as a scenario' }).click();
  await expect(tabs(page)).toHaveText(['Proposed', name]);
  await expect(tabs(page).nth(1)).toHaveAttribute('aria-pressed', 'true');
  // The new scenario's figures are the alternative's; the one it came from is unchanged.
  await expect(cell(page, 'horizon', 1)).toHaveText(horizon);
  await expect(cell(page, 'total', 0)).toHaveText('USD 756,679.00');
  await expect(page.locator('#scenario-description')).toHaveValue(`${name} (from "Proposed")`);
  expect(problems).toEqual([]);
});
