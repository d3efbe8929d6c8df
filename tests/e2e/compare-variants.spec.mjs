// The engine's alternatives as one-click variants in the comparison: a variant of the deployment
// joins the comparison as a scenario of its own while the active one stays shown; a variant of a
// setting is used, not compared.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';

const STANDARD = 'SQL Server Standard instead of SQL Server Enterprise';

test('an alternative joins the comparison in one click, the active scenario still shown', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const variants = page.getByTestId('compare-variants');
  await expect(variants).toContainText('Variants of “Proposed” to weigh');
  const standard = variants.locator(`li[data-name="${STANDARD}"]`);
  // 40 × 2-pack of SQL Server Standard at 3,945.00 + Windows Server's 30,775.00 = 188,575.00,
  // bought once: the same over the horizon as to buy, support aside (the alternatives table).
  await expect(standard).toContainText('cheapest compliant');
  await standard.getByRole('button', { name: 'Add to the comparison' }).click();

  const tabs = page.getByTestId('scenario-tab');
  await expect(tabs).toHaveText(['Proposed', STANDARD]);
  await expect(tabs.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const comparison = page.getByTestId('scenario-comparison');
  const total = comparison.locator('tr[data-row="total"] td');
  await expect(total).toHaveText(['USD 756,679.00', 'USD 188,575.00']);
  await expect(comparison.locator(`th[data-name="${STANDARD}"]`)).toContainText('cheapest compliant');
  // Added once: the variant now says where it is compared, and cannot be added again.
  await expect(standard.getByRole('button')).toHaveText(`Compared as “${STANDARD}”`);
  await expect(standard.getByRole('button')).toBeDisabled();
  expect(problems).toEqual([]);
});
