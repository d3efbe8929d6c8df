// Cloud instances and user groups in the scenario editor, as a user enters them: three AWS
// instances running Windows Server on shared hardware (licence included: a Listed Provider's
// shared hardware takes no own licence, MS-CLOUD-BYOL) and 250 users with SQL Server CALs,
// priced from the licence manager's workbook; a rename that the placement follows, a value
// refused beside its field, a product refused where its metric does not count, and the work kept
// across a reload.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { position, watch } from './helpers.mjs';

const demo = new URL('../../public/demo/workbook.json', import.meta.url);

/** The demo workbook with the two rates this test prices from, as a licence manager sends it. */
async function pricedWorkbook() {
  const workbook = JSON.parse(await readFile(demo, 'utf8'));
  // AWS's Windows licence charge: 0.046 USD per vCPU-hour × 730 hours = 33.58 a vCPU-month.
  workbook.licence_included = [{
    provider: 'aws', product: 'ms-windows-server-standard',
    per_vcpu_month: { amount: '33.58', currency: 'USD' }, valid_from: null, valid_to: null,
    source: 'AWS EC2 Windows licence charge, 0.046 USD per vCPU-hour x 730',
  }];
  workbook.price_list = [{
    sku: '359-00961', product: 'ms-sql-server-cal', pack_size: 1, licence_type: 'Perpetual',
    price: { amount: '230.00', currency: 'USD' }, valid_from: null, valid_to: null,
    source: 'Reseller quote Q-2041',
  }];
  return Buffer.from(JSON.stringify(workbook));
}

test('three AWS instances with Windows Server and 250 users with SQL Server CALs, renamed, kept across a reload', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByTestId('open-workbook').setInputFiles({ name: 'rates.json', mimeType: 'application/json', buffer: await pricedWorkbook() });
  await expect(page.getByTestId('workbook-report')).toContainText('Opened rates.json');

  await page.getByRole('button', { name: 'New scenario' }).click();
  await expect(page.getByText('No cloud instances yet.')).toBeVisible();
  await expect(page.getByText('No user groups yet.')).toBeVisible();
  await page.locator('#deployment-start').fill('2027-01-04');

  const addInstances = page.getByRole('form', { name: 'Add cloud instances' });
  await addInstances.getByLabel('How many', { exact: true }).fill('3');
  await addInstances.getByLabel('Named', { exact: true }).fill('aws-{n}');
  await expect(addInstances.getByLabel('Provider', { exact: true })).toHaveValue('aws');
  await addInstances.getByLabel('vCPUs', { exact: true }).fill('8');
  await expect(addInstances.getByLabel('Dedicated host', { exact: true })).not.toBeChecked();
  // Only products that run on machines are offered here: no CAL (a Server + CAL server licence is).
  await expect(addInstances.getByLabel('Running', { exact: true }).locator('option', { hasText: / CAL$/ })).toHaveCount(0);
  await addInstances.getByLabel('Running', { exact: true }).selectOption({ label: 'Windows Server Standard' });
  await addInstances.getByRole('button', { name: 'Add instances' }).click();
  await expect(addInstances).toContainText('Added 3 instances: aws-1 … aws-3.');
  const instances = page.getByTestId('instances').locator('tbody tr');
  await expect(instances).toHaveCount(3);
  await expect(instances.nth(2)).toContainText('Windows Server Standard');

  const addGroup = page.getByRole('form', { name: 'Add a user group' });
  await addGroup.getByLabel('Named', { exact: true }).fill('staff');
  await page.locator('#add-group-users').fill('lots');
  await expect(page.locator('#add-group-users-error')).toHaveText('users must be a whole number from 0 to 10000000');
  await page.locator('#add-group-users').fill('250');
  await expect(page.locator('#add-group-users-error')).toBeEmpty();
  // Only products licensed by users or devices are offered for a group.
  await expect(addGroup.getByLabel('Using', { exact: true }).locator('option', { hasText: 'SQL Server Enterprise' })).toHaveCount(0);
  await addGroup.getByLabel('Using', { exact: true }).selectOption({ label: 'SQL Server CAL' });
  await addGroup.getByRole('button', { name: 'Add user group' }).click();
  await expect(page.getByTestId('user-groups').locator('tbody tr')).toHaveCount(1);

  // Windows Server on a Listed Provider's shared hardware is licence included: no licence is
  // needed, the provider's charge is recurring, 3 × 8 vCPU × 33.58 × 12 months = 9,671.04 a year.
  // 250 users need 250 SQL Server CALs, none owned: 250 × 230.00 = 57,500.00, bought once.
  const cal = position(page, 'ms-sql-server-cal');
  await expect(cal.field('required')).toContainText('250');
  await expect(cal.field('shortfall')).toHaveText('250');
  await expect(cal.field('cost')).toHaveText('USD 57,500.00');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 57,500.00');
  const year = (label) => page.getByTestId('budget').locator(`tr[data-year="${label}"]`);
  await expect(year('FY2027').locator('[data-field="capex"]')).toHaveText('USD 57,500.00');
  await expect(year('FY2027').locator('[data-field="opex"]')).toHaveText('USD 9,671.04');
  await expect(year('FY2028').locator('[data-field="opex"]')).toHaveText('USD 9,671.04');
  // 57,500.00 + 9,671.04
  await expect(year('FY2027').locator('[data-field="total"]')).toHaveText('USD 67,171.04');

  // Placed from the placement row too: SQL Server Enterprise is refused for a group (per core).
  const placements = page.getByTestId('placements').locator('tbody tr');
  await expect(placements).toHaveCount(2);
  await expect(page.locator('#placement-0-instances')).toHaveValue('aws-1, aws-2, aws-3');
  await expect(page.locator('#placement-1-user-groups')).toHaveValue('staff');
  await page.locator('#placement-0-user-groups').fill('staff');
  await expect(page.locator('#placement-0-user-groups-error')).toHaveText('Windows Server Standard is licensed per core, not by users or devices: place it on hosts, VMs or cloud instances');

  // A rename of the group and of an instance follows into the placements.
  await page.locator('#user-group-0-name').fill('analysts');
  await expect(page.locator('#placement-1-user-groups')).toHaveValue('analysts');
  await page.locator('#instance-2-name').fill('aws-web');
  await expect(page.locator('#placement-0-instances')).toHaveValue('aws-1, aws-2, aws-web');
  await page.locator('#user-group-0-concurrent').fill('300');
  await expect(page.locator('#user-group-0-concurrent-error')).toHaveText('peak concurrent users (300) cannot be more than the users (250)');
  await page.locator('#user-group-0-concurrent').fill('120');
  await expect(page.locator('#user-group-0-concurrent-error')).toBeEmpty();

  // Kept across a reload.
  await expect.poll(() => page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem('preflight.workbook'))?.workbook;
    const scenario = saved?.scenarios?.[saved.active];
    return [scenario?.deployment?.cloud_instances?.length, scenario?.deployment?.user_groups?.[0]?.name];
  })).toEqual([3, 'analysts']);
  await page.reload();
  await expect(page.getByTestId('instances').locator('tbody tr')).toHaveCount(3);
  await expect(page.locator('#instance-2-name')).toHaveValue('aws-web');
  await expect(page.locator('#user-group-0-name')).toHaveValue('analysts');
  await expect(page.locator('#user-group-0-users')).toHaveValue('250');
  await expect(page.locator('#user-group-0-concurrent')).toHaveValue('120');
  await expect(page.locator('#placement-1-user-groups')).toHaveValue('analysts');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 57,500.00');
  await expect(year('FY2027').locator('[data-field="opex"]')).toHaveText('USD 9,671.04');

  // Deleting an instance takes it out of the placement; undo brings it back.
  await page.getByRole('button', { name: 'Delete aws-1' }).click();
  await expect(page.locator('#placement-0-instances')).toHaveValue('aws-2, aws-web');
  // 2 × 8 × 33.58 × 12 = 6,447.36
  await expect(year('FY2027').locator('[data-field="opex"]')).toHaveText('USD 6,447.36');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('#placement-0-instances')).toHaveValue('aws-1, aws-2, aws-web');
  expect(problems).toEqual([]);
});

test('the cloud and user templates start a scenario that evaluates', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByLabel('Template').selectOption({ label: '1,000 users with CALs' });
  await page.getByRole('button', { name: 'Start from template' }).click();
  await expect(page.locator('#user-group-0-users')).toHaveValue('1000');
  // One Windows Server CAL per user: 1,000 needed, none owned.
  await expect(position(page, 'ms-windows-server-cal').field('required')).toContainText('1,000');
  await page.getByLabel('Template').selectOption({ label: 'Azure: 4 Windows Server VMs' });
  await page.getByRole('button', { name: 'Start from template' }).click();
  await expect(page.getByTestId('instances').locator('tbody tr')).toHaveCount(4);
  await expect(page.locator('#instance-0-provider')).toHaveValue('azure');
  expect(problems).toEqual([]);
});
