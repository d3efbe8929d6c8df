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

test('printing from the browser (Ctrl+P, not the button) prints the approval pack, built for the print', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  // What the page holds when the browser says printing is over, before the page's own handler.
  await page.addInitScript(() => {
    window.__printed = [];
    addEventListener('afterprint', () => {
      const pack = document.querySelector('[data-testid="approval-pack"]');
      window.__printed.push({
        signOff: !!document.querySelector('[data-testid="sign-off"]'),
        charts: pack ? pack.querySelectorAll('svg').length : 0,
      });
    });
  });
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // The pack is not built on screen until asked for; its code is in once the browser was idle
  // (the split build's module: printing builds the pack in the same task, with no time to fetch).
  await expect(page.getByTestId('sign-off')).toHaveCount(0);
  await expect(page.getByTestId('approval-pack')).toHaveAttribute('data-ready', 'true');
  // Chromium's own print to PDF: beforeprint, print layout, afterprint, as for Ctrl+P.
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  expect(await page.evaluate(() => window.__printed)).toEqual([{ signOff: true, charts: 2 }]);
  // Without the pack the print would be one empty page (everything else is hidden in print).
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
  expect(pages).toBeGreaterThanOrEqual(3);
  // Printing over, the pack is dropped again.
  await expect(page.getByTestId('sign-off')).toHaveCount(0);
  expect(problems).toEqual([]);
});
