// The newcomer's guide on the demo workbook: three steps, each taking the keyboard focus to the
// real control, worked through with the keyboard alone; closed, it stays closed after a reload,
// and it is never printed.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';

test('the guide walks through three steps by keyboard, points at each control, and stays closed', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const guide = page.getByTestId('guide');
  await expect(guide).toBeVisible();
  await expect(page.getByTestId('guide-step')).toHaveText('Import your entitlements');
  await expect(guide).toContainText('step 1 of 3');

  // Each "Show me" moves the focus to the control it names; Enter presses the focused button.
  await page.getByTestId('guide-show').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#import-file')).toBeFocused();

  await page.getByTestId('guide-next').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('guide-step')).toHaveText('Sketch the deployment');
  await page.getByTestId('guide-show').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#scenario-heading')).toBeFocused();

  await page.getByTestId('guide-next').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('guide-step')).toHaveText('Read the results and hand in the approval pack');
  await expect(guide).toContainText('step 3 of 3');
  await page.getByTestId('guide-show').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('print-pack')).toBeFocused();
  // Back is a step back; on the last step "Done" closes the guide.
  await guide.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByTestId('guide-step')).toHaveText('Sketch the deployment');
  await page.getByTestId('guide-next').click();

  // Never in print, even while open.
  await page.emulateMedia({ media: 'print' });
  await expect(guide).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(guide).toBeVisible();

  await page.getByTestId('guide-done').focus();
  await page.keyboard.press('Enter');
  await expect(guide).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('guide')).toBeHidden();
  expect(problems).toEqual([]);
});

test('Escape closes the guide, remembered in this browser', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('guide-next').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('guide')).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('preflight.guide.dismissed'))).toBe('true');
  await page.reload();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('guide')).toBeHidden();
  expect(problems).toEqual([]);
});
