// The existing estate in the scenario editor, as a user drives it: a server list added as the
// existing estate; then, on a workbook whose estate runs licensed products, a host retired, one
// resized (a bad size refused beside its field), a VM moved and a host P2V'd into the project,
// each change marked on its row and weighed by what it saves, the total following; one change
// undone, the page reloaded and the changes found kept, one removed. Every figure is worked by
// hand in the comments, from the demo's own lines (Windows Server Datacenter 16-core packs at
// USD 6,155.00, SQL Server Enterprise 2-core packs at USD 15,123.00; 48 and 32 cores owned).
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fixture, watch } from './helpers.mjs';

const MINUS = '\u2212';

async function openEstate(page) {
  await page.getByRole('button', { name: 'Show the existing estate, the changes and their cost' }).click();
  await expect(page.getByTestId('estate-panel').getByRole('heading', { name: 'Changes to the existing estate' })).toBeVisible();
}

const hostRow = (page, name) => page.getByTestId('estate-host').filter({ has: page.getByRole('cell', { name, exact: true }) });
const vmRow = (page, name) => page.getByTestId('estate-vm').filter({ has: page.getByRole('cell', { name, exact: true }) });
const change = (page, index) => page.getByTestId('estate-change').nth(index);

async function openEstateWorkbook(page) {
  const buffer = await readFile(fixture('estate-workbook.json'));
  await page.getByTestId('open-workbook').setInputFiles({ name: 'estate-workbook.json', mimeType: 'application/json', buffer });
  await expect(page.getByTestId('workbook-report')).toContainText('estate-workbook.json');
}

test('a server list becomes the existing estate, not a scenario', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await openEstate(page);
  await expect(page.getByTestId('estate-empty')).toBeVisible();
  const tabs = await page.getByTestId('scenario-tab').count();
  expect(tabs).toBe(1);

  await page.getByTestId('import-file').setInputFiles(fixture('estate-servers.csv'));
  await expect(page.getByTestId('import-estate-note')).toHaveText('The workbook has no existing estate yet.');
  await expect(page.getByTestId('import-accept')).toHaveText('Add as a scenario');
  await page.getByTestId('import-as-estate').click();

  await expect(page.getByTestId('estate-host')).toHaveCount(2);
  await expect(hostRow(page, 'srv-01').getByTestId('estate-host-mark')).toHaveText('unchanged');
  await expect(vmRow(page, 'db-1')).toContainText('cluster LEGACY');
  await expect(page.getByTestId('scenario-tab')).toHaveCount(tabs);
  // No product is placed on a server list's hosts: the project's figure is unchanged.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');

  // A second server list says what it replaces before it does.
  await page.getByTestId('import-file').setInputFiles(fixture('estate-servers.csv'));
  await expect(page.getByTestId('import-estate-note')).toHaveText(
    "Replaces the existing estate as a whole (2 host(s), 1 VM(s)); the scenarios' changes to it stay.",
  );
  await page.getByTestId('import-cancel').click();
  expect(problems).toEqual([]);
});

test('retire, resize, move and P2V the existing estate: marks, each change weighed, undo, kept on reload', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  // Today old-01 (2x16) runs Windows Server Datacenter and SQL Server Enterprise: 32 + 32 cores;
  // old-02 (1x16) Windows Server: 16. That consumes all 48 + 32 owned. The project's 4 hosts of
  // 2x16 need 128 of each, all short: Windows 8 packs x 6,155.00 = 49,240.00, SQL 64 packs x
  // 15,123.00 = 967,872.00; 1,017,112.00.
  await openEstateWorkbook(page);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 1,017,112.00');
  await openEstate(page);
  await expect(page.getByTestId('estate-host')).toHaveCount(3);
  await expect(page.getByTestId('estate-host-mark')).toHaveText(['unchanged', 'unchanged', 'unchanged']);
  await expect(page.getByTestId('estate-added').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('estate-added').locator('tbody tr').first()).toContainText('added');

  // Retire old-02: its 16 Windows cores go to the project, which buys 7 packs, not 8:
  // -6,155.00; 1,010,957.00.
  await page.getByRole('button', { name: 'Retire old-02' }).click();
  await expect(hostRow(page, 'old-02').getByTestId('estate-host-mark')).toHaveText('retired');
  await expect(change(page, 0)).toContainText('Retire host old-02');
  await expect(change(page, 0).getByTestId('impact-to-buy')).toHaveText(`${MINUS}USD 6,155.00`);
  // Over the horizon too: priced from the lines, with no price list listing SA, nothing is
  // bought with SA, so the budget holds the licences alone.
  await expect(change(page, 0).getByTestId('impact-horizon')).toHaveText(`${MINUS}USD 6,155.00`);
  await expect(change(page, 0).getByTestId('impact-rights')).toContainText(`Windows Server Datacenter ${MINUS}16`);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 1,010,957.00');

  // Resize old-01 to 1x16: a bad size is refused beside the field and changes nothing.
  const sockets = page.getByLabel('Sockets of old-01');
  await sockets.fill('0');
  await expect(page.locator('#estate-host-0-sockets-error')).toContainText('whole number from 1 to');
  await expect(hostRow(page, 'old-01').getByTestId('estate-host-mark')).toHaveText('unchanged');
  await sockets.fill('1');
  // 16 cores each of Windows and SQL now: the project buys Windows 96 (6 packs, 36,930.00) and
  // SQL 112 (56 packs, 846,888.00): 883,818.00. The resize saves 16 Windows cores (6,155.00)
  // and 16 SQL cores (8 packs, 120,984.00): -127,139.00.
  await expect(hostRow(page, 'old-01').getByTestId('estate-host-mark')).toHaveText('changed');
  await expect(change(page, 1)).toContainText('Resize host old-01 to 1 × 16 cores');
  await expect(change(page, 1).getByTestId('impact-to-buy')).toHaveText(`${MINUS}USD 127,139.00`);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 883,818.00');

  // Move VM app-1 (no product on it) from cluster legacy to host old-03: changed, costs nothing.
  await page.getByLabel('Where app-1 runs').selectOption({ label: 'host old-03' });
  await expect(vmRow(page, 'app-1').getByTestId('estate-vm-mark')).toHaveText('changed');
  await expect(change(page, 2)).toContainText('Move VM app-1 to host old-03');
  await expect(change(page, 2).getByTestId('impact-to-buy')).toHaveText('no change');

  // P2V old-01 onto the project's sql-node-01: old-01 leaves (its 16 + 16 cores freed), its VM
  // runs on a host the project licenses already. Windows 80 short (5 packs, 30,775.00), SQL 96
  // (48 packs, 725,904.00): 756,679.00, the demo's own figure. The P2V saves 883,818.00 -
  // 756,679.00 = 127,139.00; the resize, of a host that has left, no longer saves anything.
  await page.getByLabel('Where the VM of old-01 runs').selectOption({ label: 'host sql-node-01' });
  await page.getByRole('button', { name: 'P2V old-01' }).click();
  await expect(hostRow(page, 'old-01').getByTestId('estate-host-mark')).toHaveText('retired');
  await expect(page.getByTestId('estate-added')).toContainText('VM, 16 vCPUs (P2V of host old-01)');
  await expect(change(page, 3)).toContainText('P2V host old-01 to VM old-01 of the project');
  await expect(change(page, 3).getByTestId('impact-to-buy')).toHaveText(`${MINUS}USD 127,139.00`);
  await expect(change(page, 1).getByTestId('impact-to-buy')).toHaveText('no change');
  await expect(change(page, 0).getByTestId('impact-to-buy')).toHaveText(`${MINUS}USD 6,155.00`);
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');

  // Undo takes the P2V back, VM and all.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByTestId('estate-change')).toHaveCount(3);
  await expect(page.getByTestId('estate-added')).not.toContainText('old-01');
  await expect(hostRow(page, 'old-01').getByTestId('estate-host-mark')).toHaveText('changed');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 883,818.00');

  // Reload: the changes were kept.
  await page.reload();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 883,818.00');
  await openEstate(page);
  await expect(page.getByTestId('estate-host-mark')).toHaveText(['changed', 'retired', 'unchanged']);
  await expect(page.getByTestId('estate-vm-mark')).toHaveText(['changed', 'unchanged']);
  await expect(page.getByTestId('estate-change')).toHaveCount(3);

  // One change removed alone: the move.
  await page.getByRole('button', { name: 'Remove change: Move VM app-1 to host old-03' }).click();
  await expect(page.getByTestId('estate-change')).toHaveCount(2);
  await expect(vmRow(page, 'app-1').getByTestId('estate-vm-mark')).toHaveText('unchanged');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 883,818.00');
  expect(problems).toEqual([]);
});

test.describe('accessibility', () => {
  // axe is injected into the page, which the page's CSP would refuse (as in accessibility.spec).
  test.use({ bypassCSP: true });
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

  test('the open estate panel has no serious or critical accessibility violation', async ({ page, baseURL }) => {
    const problems = await watch(page, baseURL);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await openEstateWorkbook(page);
    await openEstate(page);
    await page.getByRole('button', { name: 'Retire old-02' }).click();
    await expect(page.getByTestId('estate-change')).toHaveCount(1);
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run('[data-testid="estate-panel"]', { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'empty-table-header')
        .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    });
    expect(violations).toEqual([]);
    await page.getByTestId('estate-panel').screenshot({ path: 'target/e2e-results/estate-panel.png' });
    expect(problems).toEqual([]);
  });
});
