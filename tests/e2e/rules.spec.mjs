// The vendor rule library in the page: a workbook with Oracle Database EE in a VM on VMware is
// counted under the workbook's partitioning scope, the wider scope is offered and priced as an
// audit risk, and changing the scope re-evaluates at once.
import { readFileSync, writeFileSync } from 'node:fs';
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

// The licence manager replaces the built-in rule pack with a file of the same shape (here a
// core factor table whose Xeon row says 1.0 instead of 0.5): every figure is recounted under it,
// the working names it, it survives a reload, a file that is not a pack changes nothing, and the
// built-in pack comes back with one click.
test('a rule pack file replaces the built-in one, is kept, and a bad one changes nothing', async ({ page, baseURL }, testInfo) => {
  const problems = await watch(page, baseURL);
  const builtin = JSON.parse(readFileSync(new URL('../../crates/preflight-engine/rules/builtin.json', import.meta.url), 'utf8'));
  const pack = structuredClone(builtin);
  pack.version = '2026.12.1-test';
  const xeon = pack.core_factors.find((row) => row.matches.length === 1 && row.matches[0] === 'xeon');
  xeon.factor = '1.0';
  pack.catalogue.products.find((p) => p.id === 'ms-windows-server-standard').edition = 'Standard (test pack)';
  const packFile = testInfo.outputPath('rules-xeon-1.0.json');
  writeFileSync(packFile, JSON.stringify(pack));
  const badFile = testInfo.outputPath('not-a-pack.json');
  writeFileSync(badFile, JSON.stringify({ id: 'x', version: '1' }));

  await page.goto('/tools/preflight/');
  await page.getByTestId('open-workbook').setInputFiles(fixture('oracle-on-vmware.json'));
  const oracle = position(page, 'oracle-database-ee');
  await expect(oracle.field('required')).toContainText('48');
  await expect(page.getByTestId('rule-pack-name')).toHaveText(`preflight-builtin ${builtin.version} of ${builtin.published}`);
  await expect(page.getByTestId('rule-pack-builtin')).toBeDisabled();

  // 3 hosts × 32 cores × 1.0 = 96 processors at USD 47,500 = 4,560,000.
  await page.getByTestId('rule-pack-file').setInputFiles(packFile);
  await expect(page.getByTestId('rule-pack-report')).toContainText('Using the rule pack in rules-xeon-1.0.json');
  await expect(page.getByTestId('rule-pack-name')).toHaveText(`preflight-builtin 2026.12.1-test of ${builtin.published}`);
  await expect(oracle.field('required')).toContainText('96');
  // The editor's add forms offer the pack's products by the pack's names.
  const running = page.locator('#add-instances-product option');
  await expect(running.filter({ hasText: 'Windows Server Standard (test pack)' })).toHaveCount(1);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 4,560,000.00');
  await page.getByTestId('position-oracle-database-ee').getByText('Show the working').click();
  await expect(page.getByTestId('position-oracle-database-ee').locator('.derivation'))
    .toContainText('rule pack preflight-builtin 2026.12.1-test');

  // Not a pack: refused by name with the reason, the figures stay.
  await page.getByTestId('rule-pack-file').setInputFiles(badFile);
  await expect(page.getByTestId('rule-pack-report')).toContainText('Not used: not-a-pack.json:');
  await expect(page.getByTestId('rule-pack-report')).toContainText('The rule pack is unchanged.');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 4,560,000.00');

  // Kept across a reload.
  await page.reload();
  await expect(page.getByTestId('rule-pack-name')).toHaveText(`preflight-builtin 2026.12.1-test of ${builtin.published}`);
  await expect(page.getByTestId('rule-pack')).toContainText('(from rules-xeon-1.0.json)');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 4,560,000.00');

  await page.getByTestId('rule-pack-builtin').click();
  await expect(page.getByTestId('rule-pack-report')).toHaveText('Back to the built-in rule pack.');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 2,280,000.00');
  await expect(running.filter({ hasText: 'Windows Server Standard (test pack)' })).toHaveCount(0);
  await expect(running.filter({ hasText: /^Windows Server Standard$/ })).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('rule-pack')).toContainText('(built in)');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 2,280,000.00');
  expect(problems).toEqual([]);
});
