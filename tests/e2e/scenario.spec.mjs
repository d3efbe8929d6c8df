// The scenario editor as a user drives it: a cluster with VMs built from an empty scenario in a
// counted number of actions, undo and redo by button and keyboard, and a bad value refused
// beside its field. The results panels follow every change.
import { test, expect } from '@playwright/test';
import { position, watch } from './helpers.mjs';

/** Wraps the user's actions (click, fill, select, check) so the test can count them. */
function user(page) {
  let count = 0;
  const act = async (action) => {
    count += 1;
    await action();
  };
  return {
    get actions() {
      return count;
    },
    click: (locator) => act(() => locator.click()),
    fill: (locator, text) => act(() => locator.fill(text)),
    select: (locator, option) => act(() => locator.selectOption(option)),
    check: (locator) => act(() => locator.check()),
    press: (keys) => act(() => page.keyboard.press(keys)),
  };
}

test('a 4-host cluster with 30 Windows VMs and SQL Server on 6 of them, from an empty scenario, in at most 25 actions', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const me = user(page);

  await me.click(page.getByRole('button', { name: 'New scenario' }));
  await expect(page.getByText('No hosts yet.')).toBeVisible();
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');

  const addHosts = page.getByRole('form', { name: 'Add hosts' });
  await me.fill(addHosts.getByLabel('How many'), '4');
  await me.fill(addHosts.getByLabel('Named'), 'esx-{n}');
  await me.fill(addHosts.getByLabel('Sockets'), '2');
  await me.fill(addHosts.getByLabel('Cores per socket'), '16');
  await me.fill(addHosts.getByLabel('In cluster'), 'prod');
  await me.click(addHosts.getByRole('button', { name: 'Add hosts' }));
  await expect(page.getByTestId('hosts').locator('tbody tr')).toHaveCount(4);

  const addVms = page.getByRole('form', { name: 'Add VMs' });
  await me.fill(addVms.getByLabel('How many'), '30');
  await me.fill(addVms.getByLabel('Named'), 'app-{n}');
  await me.select(addVms.getByLabel('In cluster'), 'prod');
  await me.click(addVms.getByRole('button', { name: 'Add VMs' }));
  await expect(page.getByTestId('vms').locator('tbody tr')).toHaveCount(30);

  const bulk = page.getByTestId('bulk');
  await me.check(page.getByLabel('Select all VMs'));
  await expect(bulk).toContainText('30 selected');
  await me.select(bulk.getByLabel('Product for the selected VMs'), { label: 'Windows Server Datacenter' });
  await me.click(bulk.getByRole('button', { name: 'Add to selected' }));
  await me.click(bulk.getByRole('button', { name: 'Clear selection' }));
  for (let n = 1; n <= 6; n += 1) await me.check(page.getByLabel(`Select app-${n}`, { exact: true }));
  await expect(bulk).toContainText('6 selected');
  await me.select(bulk.getByLabel('Product for the selected VMs'), { label: 'SQL Server Enterprise' });
  await me.click(bulk.getByRole('button', { name: 'Add to selected' }));

  expect(me.actions).toBeLessThanOrEqual(25);

  // Each VM may run on any host of "prod", so each product needs every physical core of all
  // 4 hosts (MS-WS-ALLCORES, MS-SQL-PHYS-ALLCORES): 4 × 2 sockets × 16 cores = 128 cores; the
  // minimums (8 per processor, 16 per server; 4 per processor for SQL) are below that.
  const ws = position(page, 'ms-windows-server-datacenter');
  const sql = position(page, 'ms-sql-server-enterprise');
  await expect(ws.field('required')).toContainText('128');
  await expect(ws.field('required-packs')).toHaveText('8 × 16-pack');
  await expect(sql.field('required')).toContainText('128');
  await expect(sql.field('required-packs')).toHaveText('64 × 2-pack');
  // The demo's entitlements stay (a new scenario replaces the deployment, not what is owned):
  // Windows Server 3 × 16-pack = 48 owned, 80 short = 5 × 16-pack at 6,155.00 = 30,775.00;
  // SQL Server 16 × 2-pack = 32 owned, 96 short = 48 × 2-pack at 15,123.00 = 725,904.00.
  await expect(ws.field('entitled')).toHaveText('48');
  await expect(ws.field('shortfall')).toHaveText('80');
  await expect(ws.field('cost')).toHaveText('USD 30,775.00');
  await expect(sql.field('entitled')).toHaveText('32');
  await expect(sql.field('shortfall')).toHaveText('96');
  await expect(sql.field('to-buy')).toHaveText('48 × 2-pack at USD 15,123.00');
  await expect(sql.field('cost')).toHaveText('USD 725,904.00');
  // 30,775.00 + 725,904.00
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await expect(page.getByTestId('products-short')).toHaveText('2');

  // The products are where the editor says: Windows Server on all 30, SQL Server on app-1..6.
  const placements = page.getByTestId('placements').locator('tbody tr');
  await expect(placements).toHaveCount(2);
  await expect(page.locator('#placement-1-vms')).toHaveValue('app-1, app-2, app-3, app-4, app-5, app-6');
  await expect(page.getByTestId('vms').locator('tbody tr').nth(6)).toContainText('Windows Server Datacenter');
  await expect(page.getByTestId('vms').locator('tbody tr').nth(6)).not.toContainText('SQL Server');
  expect(problems).toEqual([]);
});

test('undo and redo walk the edits back and forth, by button and by keyboard', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const undo = page.getByRole('button', { name: 'Undo' });
  const redo = page.getByRole('button', { name: 'Redo' });
  const hosts = page.getByTestId('hosts').locator('tbody tr');
  const ws = position(page, 'ms-windows-server-datacenter');
  await expect(undo).toBeDisabled();
  await expect(hosts).toHaveCount(4);

  // Typing "4" into the first host's sockets is one step: 2 × 16 + 3 × 32 → 4 × 16 + 3 × 32.
  await page.locator('#host-0-sockets').fill('4');
  await expect(ws.field('required')).toContainText('160');
  await page.getByRole('button', { name: 'Duplicate sql-node-04' }).click();
  await expect(hosts).toHaveCount(5);
  await expect(page.locator('#host-4-name')).toHaveValue('sql-node-05');
  await expect(ws.field('required')).toContainText('192');

  await undo.click();
  await expect(hosts).toHaveCount(4);
  await expect(ws.field('required')).toContainText('160');
  await expect(redo).toBeEnabled();
  await page.keyboard.press('Control+z');
  await expect(ws.field('required')).toContainText('128');
  await expect(page.locator('#host-0-sockets')).toHaveValue('2');
  await expect(undo).toBeDisabled();

  await page.keyboard.press('Control+y');
  await expect(page.locator('#host-0-sockets')).toHaveValue('4');
  await redo.click();
  await expect(hosts).toHaveCount(5);
  await expect(redo).toBeDisabled();

  // Starting over is an edit too, and undone like one.
  await page.getByRole('button', { name: 'Empty this scenario' }).click();
  await expect(page.getByText('No hosts yet.')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(hosts).toHaveCount(5);
  await expect(ws.field('required')).toContainText('192');
  expect(problems).toEqual([]);
});

test('a bad value is refused beside its field and changes nothing; renames carry references', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  const ws = position(page, 'ms-windows-server-datacenter');
  const sockets = page.locator('#host-0-sockets');
  const message = page.locator('#host-0-sockets-error');
  await expect(sockets).toHaveAttribute('aria-describedby', 'host-0-sockets-error');

  await sockets.fill('two');
  await expect(message).toHaveText('sockets must be a whole number from 1 to 64');
  await expect(sockets).toHaveAttribute('aria-invalid', 'true');
  await expect(sockets).toHaveValue('two');
  await expect(ws.field('required')).toContainText('128');
  await sockets.fill('0');
  await expect(message).toHaveText('sockets must be a whole number from 1 to 64');
  await expect(ws.field('required')).toContainText('128');
  await sockets.fill('1');
  await expect(message).toBeEmpty();
  await expect(sockets).not.toHaveAttribute('aria-invalid', 'true');
  // 1 × max(16, 8) = 16 for that host, + 3 × 32.
  await expect(ws.field('required')).toContainText('112');

  // A name another host has is refused; a free one renames the host and the placements on it.
  const name = page.locator('#host-0-name');
  await name.fill('sql-node-02');
  await expect(page.locator('#host-0-name-error')).toHaveText('another host is already named "sql-node-02"');
  await name.fill('db-1');
  await expect(page.locator('#host-0-name-error')).toBeEmpty();
  await expect(page.locator('#placement-0-hosts')).toHaveValue('db-1, sql-node-02, sql-node-03, sql-node-04');
  await page.getByRole('button', { name: 'Delete sql-node-02' }).click();
  await expect(page.locator('#placement-1-hosts')).toHaveValue('db-1, sql-node-03, sql-node-04');

  // A form says what is wrong as it is typed, and adds nothing while it is wrong.
  const addHosts = page.getByRole('form', { name: 'Add hosts' });
  await addHosts.getByLabel('How many').fill('0');
  await expect(page.locator('#add-hosts-count-error')).toHaveText('how many must be a whole number from 1 to 500');
  await addHosts.getByRole('button', { name: 'Add hosts' }).click();
  await expect(page.getByTestId('hosts').locator('tbody tr')).toHaveCount(3);
  // A product is chosen from the catalogue, never typed.
  const product = page.locator('#placement-0-product');
  expect(await product.evaluate((element) => element.tagName)).toBe('SELECT');
  await expect(product.locator('option', { hasText: /^SQL Server Standard$/ })).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('from the 3-node template: a host group, a phased placement with a version, bulk changes', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await page.getByLabel('Template').selectOption({ label: '3-node VMware cluster' });
  await page.getByRole('button', { name: 'Start from template' }).click();
  await expect(page.getByTestId('hosts').locator('tbody tr')).toHaveCount(3);
  await expect(page.locator('#cluster-0-name')).toHaveValue('vsphere-cluster');
  await expect(page.locator('#cluster-0-hosts')).toHaveValue('esx-01, esx-02, esx-03');
  await expect(page.locator('#host-0-threads')).toHaveValue('2');

  // A host group of two of the cluster's hosts; a host outside the cluster is refused.
  await page.getByRole('button', { name: 'Add a host group to vsphere-cluster' }).click();
  const groupHosts = page.locator('#cluster-0-group-0-hosts');
  await groupHosts.fill('esx-01, esx-09');
  await expect(page.locator('#cluster-0-group-0-hosts-error')).toHaveText('host "esx-09" is not in cluster "vsphere-cluster"');
  await groupHosts.fill('esx-01, esx-02');
  await expect(page.locator('#cluster-0-group-0-hosts-error')).toBeEmpty();

  const addVms = page.getByRole('form', { name: 'Add VMs' });
  await addVms.getByLabel('How many').fill('2');
  await addVms.getByLabel('Named').fill('db-{n}');
  await addVms.getByLabel('In cluster').selectOption('vsphere-cluster');
  await addVms.getByRole('button', { name: 'Add VMs' }).click();
  await expect(addVms).toContainText('Added 2 VMs: db-1 … db-2.');
  await page.getByLabel('Host group of db-1').selectOption('group-1');

  // SQL Server on db-1, which may run only on the group's 2 hosts: 2 × 2 × 16 = 64 cores;
  // 32 owned (demo), 32 short = 16 × 2-pack at 15,123.00 = 241,968.00.
  await page.getByLabel('Product to place').selectOption({ label: 'SQL Server Enterprise' });
  await page.getByRole('button', { name: 'Place product' }).click();
  await page.locator('#placement-0-vms').fill('db-1');
  const sql = position(page, 'ms-sql-server-enterprise');
  await expect(sql.field('required')).toContainText('64');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 241,968.00');

  // In a phase going live in July 2027: bought in FY2027.
  await page.getByRole('button', { name: 'Add phase' }).click();
  await page.locator('#phase-0-start').fill('2027-07-01');
  await page.locator('#placement-0-phase').selectOption('phase-1');
  await page.locator('#placement-0-version').selectOption('2022');
  const fy2027 = page.getByTestId('budget').locator('tr[data-year="FY2027"]');
  await expect(fy2027.locator('[data-field="capex"]')).toHaveText('USD 241,968.00');
  await expect(page.locator('#placement-0-version')).toHaveValue('2022');

  // Renaming the cluster follows into the VMs; deleting the group widens db-1 to the cluster.
  await page.locator('#cluster-0-name').fill('prod');
  await expect(page.locator('#vm-0-cluster')).toHaveValue('prod');
  await page.getByRole('button', { name: 'Delete host group group-1' }).click();
  await expect(page.locator('#vm-0-group')).toHaveValue('');
  await expect(sql.field('required')).toContainText('96');

  // Bulk: both VMs to Test.
  await page.getByLabel('Select all VMs').check();
  const bulk = page.getByTestId('bulk');
  await bulk.getByLabel('Environment for the selected VMs').selectOption({ label: 'Test' });
  await bulk.getByRole('button', { name: 'Set' }).click();
  await expect(page.locator('#vm-1-environment option:checked')).toHaveText('Test');
  await bulk.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByTestId('vms').locator('tbody tr')).toHaveCount(4);
  await expect(page.locator('#placement-0-vms')).toHaveValue('db-1, db-3');
  expect(problems).toEqual([]);
});
