// The licence manager enters a cloud provider's licence-included rate on the page (before, only
// a workbook file or the site data could hold one): three AWS instances running Windows Server
// on shared hardware take no own licence (MS-CLOUD-BYOL), and without a rate their charge is a
// finding; the rate typed in prices it as a yearly cost, a bad one is refused beside the form
// and changes nothing, a corrected one replaces it, and it is kept across a reload.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';

test('a licence-included rate typed in prices the AWS instances, is checked, corrected, kept and removed', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await page.getByRole('button', { name: 'New scenario' }).click();
  await page.locator('#deployment-start').fill('2027-01-04');
  const addInstances = page.getByRole('form', { name: 'Add cloud instances' });
  await addInstances.getByLabel('How many', { exact: true }).fill('3');
  await addInstances.getByLabel('Named', { exact: true }).fill('aws-{n}');
  await addInstances.getByLabel('vCPUs', { exact: true }).fill('8');
  await addInstances.getByLabel('Running', { exact: true }).selectOption({ label: 'Windows Server Standard' });
  await addInstances.getByRole('button', { name: 'Add instances' }).click();
  await expect(page.getByTestId('instances').locator('tbody tr')).toHaveCount(3);

  // No rate yet: the charge cannot be priced and the findings say so.
  const rates = page.getByTestId('cloud-rates').locator('tbody tr');
  await expect(rates).toHaveCount(0);
  const findings = page.getByTestId('findings');
  await expect(findings).toContainText('no licence-included rate for this provider');
  const opex = (fy) => page.getByTestId('budget').locator(`tr[data-year="${fy}"] [data-field="opex"]`);
  await expect(opex('FY2027')).toHaveText('—');

  const form = page.getByTestId('cloud-rate-form');
  await form.getByLabel('Provider', { exact: true }).selectOption({ label: 'AWS' });
  await form.getByLabel('Product', { exact: true }).selectOption({ label: 'Windows Server Standard' });
  // The workbook's currency is offered, and follows it while nothing else is typed.
  await expect(page.locator('#cloud-rate-currency')).toHaveValue('USD');
  await page.locator('#settings-currency').selectOption('EUR');
  await expect(page.locator('#cloud-rate-currency')).toHaveValue('EUR');
  await page.locator('#settings-currency').selectOption('USD');
  await expect(page.locator('#cloud-rate-currency')).toHaveValue('USD');
  // A currency typed in stays when the workbook's changes.
  await page.locator('#cloud-rate-currency').fill('GBP');
  await page.locator('#settings-currency').selectOption('EUR');
  await expect(page.locator('#settings-currency')).toHaveValue('EUR');
  await expect(page.locator('#cloud-rate-currency')).toHaveValue('GBP');
  await page.locator('#settings-currency').selectOption('USD');
  await page.locator('#cloud-rate-currency').fill('USD');
  // A price that is not a number is refused beside the form; nothing is added.
  await page.locator('#cloud-rate-price').fill('33,58');
  await page.locator('#cloud-rate-source').fill('AWS EC2 Windows licence charge, 0.046 USD per vCPU-hour x 730');
  await form.getByRole('button', { name: 'Add licence-included rate' }).click();
  await expect(page.getByTestId('cloud-rate-error')).toHaveText('"33,58" is not a rate: a number above zero, with "." as the decimal point');
  await expect(rates).toHaveCount(0);

  // 0.046 USD an hour × 730 = 33.58 a vCPU-month; 3 × 8 vCPU × 33.58 × 12 = 9,671.04 a year.
  await page.locator('#cloud-rate-price').fill('33.58');
  await form.getByRole('button', { name: 'Add licence-included rate' }).click();
  await expect(page.getByTestId('cloud-rate-error')).toBeEmpty();
  await expect(rates).toHaveCount(1);
  await expect(rates.first()).toContainText('AWS');
  await expect(rates.first()).toContainText('Windows Server Standard');
  await expect(rates.first()).toContainText('USD 33.58');
  await expect(rates.first()).toContainText('always');
  await expect(opex('FY2027')).toHaveText('USD 9,671.04');
  await expect(opex('FY2028')).toHaveText('USD 9,671.04');
  await expect(findings).not.toContainText('no licence-included rate for this provider');

  // A corrected rate (same provider, product and start) replaces it: 3 × 8 × 35.04 × 12 = 10,091.52.
  await form.getByLabel('Product', { exact: true }).selectOption({ label: 'Windows Server Standard' });
  await page.locator('#cloud-rate-price').fill('35.04');
  await page.locator('#cloud-rate-source').fill('AWS EC2 Windows licence charge, 0.048 USD per vCPU-hour x 730');
  await form.getByRole('button', { name: 'Add licence-included rate' }).click();
  await expect(rates).toHaveCount(1);
  await expect(rates.first()).toContainText('USD 35.04');
  await expect(opex('FY2027')).toHaveText('USD 10,091.52');

  // Dates out of order are refused.
  await page.locator('#cloud-rate-price').fill('30');
  await page.locator('#cloud-rate-from').fill('2027-06-01');
  await page.locator('#cloud-rate-to').fill('2027-01-01');
  await page.locator('#cloud-rate-source').fill('x');
  await form.getByRole('button', { name: 'Add licence-included rate' }).click();
  await expect(page.getByTestId('cloud-rate-error')).toHaveText('the rate ends on 2027-01-01, before it starts on 2027-06-01');
  await expect(rates).toHaveCount(1);

  // Kept with the workbook across a reload.
  await page.reload();
  await expect(rates).toHaveCount(1);
  await expect(opex('FY2027')).toHaveText('USD 10,091.52');

  await rates.first().getByRole('button', { name: 'Remove the rate for Windows Server Standard on AWS' }).click();
  await expect(rates).toHaveCount(0);
  await expect(opex('FY2027')).toHaveText('—');
  expect(problems).toEqual([]);
});
