// The workbook's settings in the page: horizon, currency with a dated exchange rate, and the
// as-of date, each checked as typed with its message beside it; a refused value changes nothing.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';

test('horizon, currency, exchange rates and the as-of date are set in the page and recount at once', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/tools/preflight/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const years = page.getByTestId('budget').locator('tr[data-year]');
  await expect(years).toHaveCount(3);

  const horizon = page.locator('#settings-horizon');
  await horizon.fill('0');
  await expect(page.locator('#settings-horizon-error')).toHaveText('the horizon in fiscal years must be a whole number from 1 to 15');
  await expect(years).toHaveCount(3);
  await horizon.fill('5');
  await expect(page.locator('#settings-horizon-error')).toHaveText('');
  await expect(years).toHaveCount(5);

  // The demo's prices are in USD: in EUR at a rate of exactly 2, every converted price doubles,
  // so the total is 2 × 756,679.00.
  await page.locator('#settings-currency').selectOption('EUR');
  await page.locator('#rate-from').fill('USD');
  await page.locator('#rate-to').fill('EUR');
  await page.locator('#rate-value').fill('two');
  await page.locator('#rate-as-of').fill('2026-01-01');
  await page.locator('#rate-source').fill('Finance budget rate FY2027');
  await page.getByRole('button', { name: 'Add rate' }).click();
  await expect(page.getByTestId('rate-error')).toHaveText('"two" is not a rate: a number above zero, with "." as the decimal point');
  await expect(page.getByTestId('exchange-rate')).toHaveCount(0);
  await page.locator('#rate-value').fill('2');
  await page.getByRole('button', { name: 'Add rate' }).click();
  await expect(page.getByTestId('exchange-rate')).toHaveText(['1 USD = 2 EUR2026-01-01Finance budget rate FY2027Remove']);
  await expect(page.getByTestId('total-cost')).toHaveText('EUR 1,513,358.00');

  await page.getByRole('button', { name: 'Remove the rate USD to EUR of 2026-01-01' }).click();
  await expect(page.getByTestId('exchange-rate')).toHaveCount(0);
  await page.locator('#settings-currency').selectOption('USD');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');

  const asOf = page.locator('#settings-as-of');
  await asOf.fill('2027-02-01');
  await expect(page.getByTestId('as-of')).toHaveText('2027-02-01');
  expect(problems).toEqual([]);
});
