// Share links: a scenario made in one browser profile opens in another against that profile's own
// entitlements, leaves its saved workbook alone until "Keep this scenario", and a damaged link
// says so without harm.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { fixture, importFile, watch } from './helpers.mjs';

const KEY = 'preflight.workbook';
const saved = (page) => page.evaluate((key) => localStorage.getItem(key), KEY);

test('a shared scenario opens in a fresh profile against its own entitlements, saved only when kept', async ({ browser, baseURL }) => {
  // The sender: the demo with two of its four hosts deleted, shared without their files.
  const sender = await browser.newContext({ baseURL });
  const sending = await sender.newPage();
  const senderProblems = await watch(sending, baseURL);
  await sending.goto('/tools/preflight/');
  await sending.getByRole('button', { name: 'Delete sql-node-03' }).click();
  await sending.getByRole('button', { name: 'Delete sql-node-04' }).click();
  await sending.getByTestId('make-share-link').click();
  const link = await sending.getByTestId('share-url').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tools\/preflight\/#share=1\.[A-Za-z0-9_-]+$/);
  expect(link.length).toBeLessThan(2000);
  await expect(sending.getByTestId('share-warning')).toHaveCount(0);
  // An edit after the link was made gives a new link.
  await sending.getByRole('button', { name: 'Undo' }).click();
  await expect(sending.getByTestId('share-url')).not.toHaveValue(link);
  await sending.getByRole('button', { name: 'Redo' }).click();
  await expect(sending.getByTestId('share-url')).toHaveValue(link);
  expect(senderProblems).toEqual([]);

  // The recipient: another profile, whose own saved work holds other entitlements.
  const recipient = await browser.newContext({ baseURL });
  const own = await recipient.newPage();
  const problems = await watch(own, baseURL);
  await own.goto('/tools/preflight/');
  await own.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  await importFile(own, fixture('owned-licences.csv'));
  await expect(own.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await expect.poll(async () => JSON.parse(await saved(own)).revision).toBe(2);
  const before = await saved(own);

  const page = await recipient.newPage();
  const pageProblems = await watch(page, baseURL);
  await page.goto(link);
  const shared = page.getByTestId('shared-scenario');
  await expect(shared).toContainText('Demo: 4-host SQL Server cluster');
  // Two hosts of 2 × 16 cores: 64 core licences of each. Against the recipient's file: Windows
  // Server Datacenter 4 × 16 = 64 owned, covered; SQL Server Enterprise 20 × 2 = 40 owned, 24
  // short = 12 two-core packs at the file's 14,000.00 = 168,000.00.
  const row = (product) => shared.getByTestId(`shared-position-${product}`);
  await expect(row('ms-windows-server-datacenter').locator('[data-field="required"]')).toHaveText('64');
  await expect(row('ms-windows-server-datacenter').locator('[data-field="entitled"]')).toHaveText('64');
  await expect(row('ms-windows-server-datacenter').locator('[data-field="shortfall"]')).toHaveText('0');
  await expect(row('ms-sql-server-enterprise').locator('[data-field="entitled"]')).toHaveText('40');
  await expect(row('ms-sql-server-enterprise').locator('[data-field="shortfall"]')).toHaveText('24');
  await expect(page.getByTestId('shared-total')).toHaveText('USD 168,000.00');
  // The recipient's own scenario is still the one on the page, and nothing was saved.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await page.waitForTimeout(300);
  expect(await saved(page)).toBe(before);
  // No sender files came with it, so there is nothing to switch to.
  await expect(page.getByTestId('shared-senders-files')).toHaveCount(0);

  // Closing takes the link out of the address bar and leaves the storage alone.
  await page.getByTestId('close-shared').click();
  await expect(shared).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('');
  expect(await saved(page)).toBe(before);

  // Opened again and kept: it becomes a scenario of the recipient's workbook, the active one.
  await page.goto(link);
  await page.getByTestId('keep-shared').click();
  await expect(shared).toHaveCount(0);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 168,000.00');
  await expect.poll(async () => JSON.parse(await saved(page)).revision).toBe(3);
  const kept = JSON.parse(await saved(page)).workbook;
  expect(kept.scenarios.map((scenario) => scenario.name)).toEqual(['Proposed', 'Proposed 2']);
  expect(kept.active).toBe(1);
  expect(kept.sources.map((source) => source.file)).toEqual(['owned-licences.csv']);
  expect(kept.scenarios[1].deployment.hosts.map((host) => host.name)).toEqual(['sql-node-01', 'sql-node-02']);
  expect(new URL(page.url()).hash).toBe('');
  expect([...problems, ...pageProblems]).toEqual([]);
  await sender.close();
  await recipient.close();
});

test('the sender may include their files, and the recipient chooses whose to evaluate with', async ({ browser, baseURL }) => {
  const sender = await browser.newContext({ baseURL });
  const sending = await sender.newPage();
  await sending.goto('/');
  await sending.getByTestId('share-include-files').check();
  await sending.getByTestId('make-share-link').click();
  const link = await sending.getByTestId('share-url').inputValue();

  const recipient = await browser.newContext({ baseURL });
  const page = await recipient.newPage();
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await page.goto(link);
  await expect(page.getByTestId('shared-total')).toHaveText('nothing priced');
  await page.getByTestId('shared-senders-files').check();
  // The demo's own figures, as the sender sees them.
  await expect(page.getByTestId('shared-total')).toHaveText('USD 756,679.00');
  await page.getByTestId('keep-shared').click();
  // Keeping takes the scenario only: the recipient's files stay their own.
  const kept = JSON.parse(await saved(page)).workbook;
  expect(kept.sources).toEqual([]);
  expect(problems).toEqual([]);
  await sender.close();
  await recipient.close();
});

test('a damaged, cut or newer link is explained and changes nothing', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByTestId('make-share-link').click();
  const link = await page.getByTestId('share-url').inputValue();
  for (const [bad, message] of [
    [link.slice(0, Math.floor(link.length * 0.6)), /damaged.*cut short/],
    [link.replace('#share=1.', '#share=1.*'), /damaged/],
    [link.replace('#share=1.', '#share=9.'), /newer Preflight/],
  ]) {
    await page.goto(bad);
    await expect(page.getByTestId('shared-error')).toContainText(message);
    await expect(page.getByTestId('shared-error')).toContainText('Your workbook is unchanged.');
    await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  }
  expect(await saved(page)).toBeNull();
  expect(problems).toEqual([]);
});

test('a scenario too long for a link offers the workbook file, a long one warns', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  // Entitlement lines of differing quantities and prices, as a real estate export has: they
  // compress far less than a scenario's repeated names.
  const header = 'Publisher,Product,Edition,Metric,Licence type,Rights per pack,Quantity,Unit price,Currency,Purchase date';
  const csv = (n) => Buffer.from([header, ...Array.from({ length: n }, (_, i) =>
    `Microsoft,SQL Server,Enterprise,Per core,Perpetual,2,${(i * 37) % 101 + 1},${(i * 7919) % 9973}.${String((i * 31) % 100).padStart(2, '0')},USD,2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`)].join('\n'));
  await importFile(page, { name: 'some.csv', mimeType: 'text/csv', buffer: csv(60) });
  await expect(page.getByTestId('source')).toHaveCount(2);
  await page.getByTestId('make-share-link').click();
  await expect(page.getByTestId('share-warning')).toHaveCount(0);
  await page.getByTestId('share-include-files').check();
  await expect(page.getByTestId('share-warning')).toContainText('longer than 2,000 characters');
  const long = await page.getByTestId('share-url').inputValue();
  expect(long.length).toBeGreaterThan(2000);
  expect(long.length).toBeLessThanOrEqual(32000);
  // 3,000 such lines cannot travel in a link: the file is offered instead.
  await importFile(page, { name: 'estate.csv', mimeType: 'text/csv', buffer: csv(3000) });
  await expect(page.getByTestId('source')).toHaveCount(3);
  await expect(page.getByTestId('share-report')).toContainText('more than a link can carry');
  await expect(page.getByTestId('share-url')).toHaveCount(0);
  await expect(page.getByTestId('share-export')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a link opened under another rule pack says so above the figures', async ({ browser, baseURL }, testInfo) => {
  const builtin = JSON.parse(readFileSync(new URL('../../crates/preflight-engine/rules/builtin.json', import.meta.url), 'utf8'));
  const sender = await browser.newContext({ baseURL });
  const sending = await sender.newPage();
  await sending.goto('/');
  await sending.getByTestId('make-share-link').click();
  const link = await sending.getByTestId('share-url').inputValue();

  const recipient = await browser.newContext({ baseURL });
  const page = await recipient.newPage();
  const problems = await watch(page, baseURL);
  await page.goto('/');
  // Under the sender's pack: nothing to say.
  await page.goto(link);
  await expect(page.getByTestId('shared-scenario')).toBeVisible();
  await expect(page.getByTestId('shared-differs')).toHaveText('');

  // The recipient's licence manager issued a newer pack: the link says whose pack is whose.
  const pack = structuredClone(builtin);
  pack.version = '2026.12.1-test';
  const packFile = testInfo.outputPath('rules-newer.json');
  writeFileSync(packFile, JSON.stringify(pack));
  await page.goto('/');
  await page.getByTestId('rule-pack-file').setInputFiles(packFile);
  await expect(page.getByTestId('rule-pack-report')).toContainText('Using the rule pack in rules-newer.json');
  await page.goto(link);
  await expect(page.getByTestId('shared-differs')).toHaveText(
    `You evaluate with rule pack preflight-builtin 2026.12.1-test; the sender used preflight-builtin ${builtin.version}: where the packs' rules or tables differ, so may the figures.`);
  expect(problems).toEqual([]);
  await sender.close();
  await recipient.close();
});
