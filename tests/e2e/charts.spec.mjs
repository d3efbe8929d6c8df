// The result charts and the approval pack: both charts are SVG drawn from the demo's figures,
// follow a change of scenario, and the print view is the approval pack alone.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';

test('the charts show the demo products as SVG and redraw when the scenario changes', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  const cost = page.getByTestId('chart-cost');
  const positions = page.getByTestId('chart-position');
  await expect(cost.locator('svg')).toHaveCount(1);
  await expect(positions.locator('svg')).toHaveCount(1);
  await expect(cost).toHaveAttribute('role', 'img');
  for (const chart of [cost, positions]) {
    await expect(chart.locator('svg')).toContainText('Windows Server');
    await expect(chart.locator('svg')).toContainText('SQL Server');
  }
  await expect(cost.locator('svg')).toContainText('Cost (USD)');
  await expect(cost).toHaveAttribute('aria-label', /^Cost by fiscal year in USD: /);
  const before = await cost.getAttribute('aria-label');
  const positionsBefore = await positions.getAttribute('aria-label');

  // Buying subscriptions instead of licences changes every year's cost.
  await page.getByTestId('buy').selectOption('subscriptions');
  await expect(cost).not.toHaveAttribute('aria-label', before);
  await expect(cost.locator('svg')).toHaveCount(1);

  // A new, empty scenario: nothing to buy and no product to draw.
  await page.getByRole('button', { name: 'New scenario' }).click();
  await expect(cost).toHaveAttribute('aria-label', 'Cost by fiscal year: nothing to buy over the horizon.');
  await expect(positions).not.toHaveAttribute('aria-label', positionsBefore);
  await expect(cost.locator('svg')).toContainText('Nothing to buy over the horizon.');
  await page.screenshot({ path: 'target/e2e-results/charts-empty.png' });
  expect(problems).toEqual([]);
});

test('the print view is the approval pack: sources with SHA-256, SVG charts, sign-off; no editor', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  const pack = page.getByTestId('approval-pack');
  await expect(page.getByTestId('print-pack')).toBeVisible();
  await expect(pack).toBeHidden();

  await page.emulateMedia({ media: 'print' });
  await expect(pack).toBeVisible();
  await expect(page.locator('.scenario')).toBeHidden();
  await expect(page.getByTestId('print-pack')).toBeHidden();
  await expect(page.getByTestId('sign-off')).toBeVisible();
  await expect(page.getByTestId('sign-off')).toContainText('Signature');
  await expect(pack.getByTestId('pack-chart-cost').locator('svg')).toBeVisible();
  await expect(pack.getByTestId('pack-chart-position').locator('svg')).toBeVisible();
  const source = pack.getByTestId('pack-source').first();
  await expect(source).toContainText('entitlements.csv');
  await expect(source.locator('.hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(pack).toContainText('Rule pack ');
  await expect(pack).toContainText('cheapest compliant');
  await expect(page.getByTestId('pack-scope')).toContainText('4 host(s)');
  await page.pdf({ path: 'target/e2e-results/approval-pack.pdf' });
  expect(problems).toEqual([]);
});
