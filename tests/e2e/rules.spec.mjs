// The vendor rule library in the page: a workbook with Oracle Database EE in a VM on VMware is
// counted under the workbook's partitioning scope, the wider scope is offered and priced as an
// audit risk, and changing the scope re-evaluates at once.
import { test, expect } from '@playwright/test';
import { fixture, position, watch } from './helpers.mjs';

test('Oracle on VMware counts the scope the licence manager chose, and prices the wider one', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/tools/preflight/');
  await page.getByTestId('open-workbook').setInputFiles(fixture('oracle-on-vmware.json'));
  const oracle = position(page, 'oracle-database-ee');
  // Cluster scope: the VM's host group does not limit soft partitioning, so all three hosts of
  // cluster prod count: 3 × 32 cores × 0.5 = 48 processors at USD 47,500.
  await expect(oracle.field('required')).toContainText('48');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 2,280,000.00');
  await expect(page.getByTestId('findings')).toContainText('Oracle\'s policy may count 80 under the vCenter scope');
  // Over the horizon: licences 2,280,000 + support 22% (501,600) in each of 3 years = 3,784,800;
  // the vCenter scope's 80 processors: 3,800,000 + 3 × 836,000 = 6,308,000.
  const alternatives = page.getByTestId('alternatives');
  await expect(alternatives.locator('tr[data-name="as proposed"] [data-field="horizon"]')).toHaveText('USD 3,784,800.00');
  await expect(alternatives.locator('tr[data-name="Oracle counted under the vCenter scope (audit risk)"] [data-field="horizon"]')).toHaveText('USD 6,308,000.00');

  // Named User Plus is not priced in this workbook: said, not shown as "nothing to buy".
  await expect(alternatives.locator('tr[data-name="Oracle Database Enterprise Edition (Named User Plus) instead of Oracle Database Enterprise Edition"] [data-field="total"]')).toHaveText('not priced');

  await page.getByTestId('oracle-scope').selectOption('vcenter');
  await expect(oracle.field('required')).toContainText('80');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 3,800,000.00');
  await expect(page.getByTestId('findings')).not.toContainText('Oracle\'s policy may count');
  expect(problems).toEqual([]);
});
