// Work saved in the browser: it survives a reload, and each way localStorage can let the user
// down (full, blocked, a corrupt value, a newer schema, another tab) is told and never loses or
// overwrites work silently.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { fixture, position, watch, importFile } from './helpers.mjs';

const KEY = 'preflight.workbook';
const saved = (page) => page.evaluate((key) => localStorage.getItem(key), KEY);
const envelope = async (page) => JSON.parse(await saved(page));
const removeDemo = (page) =>
  page.getByTestId('source').filter({ hasText: 'demo-entitlements.csv' }).getByRole('button', { name: 'Remove' }).click();

test('work is saved after every change and survives a reload', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  // Opening the page saves nothing: the demo is not the user's work.
  expect(await saved(page)).toBeNull();
  await removeDemo(page);
  await importFile(page, fixture('owned-licences.csv'));
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await expect.poll(async () => (await envelope(page)).revision).toBe(2);
  const stored = await envelope(page);
  expect(stored.schema).toBe(2);
  expect(Date.parse(stored.saved_at)).toBeGreaterThan(Date.parse('2020-01-01'));
  expect(stored.workbook.sources.map((source) => source.file)).toEqual(['owned-licences.csv']);

  await page.reload();
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await expect(page.getByTestId('source')).toHaveText([/owned-licences\.csv/]);
  await expect(page.getByTestId('storage-notice')).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('changes are written after they show, together, and at once when the tab is closed first', async ({ context, baseURL }) => {
  const page = await context.newPage();
  const problems = await watch(page, baseURL);
  // As in a tab closed right after its changes: no frame comes, so the write queued to run
  // after the next paint has not run yet when the user closes it.
  await page.addInitScript(() => {
    window.requestAnimationFrame = () => 0;
  });
  await page.goto('/');
  await removeDemo(page);
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await importFile(page, fixture('owned-licences.csv'));
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  // Shown, not yet written: the write waits for the paint.
  expect(await saved(page)).toBeNull();
  await page.close({ runBeforeUnload: true });

  // Closing the tab wrote both changes, in one write.
  const next = await context.newPage();
  const nextProblems = await watch(next, baseURL);
  await next.goto('/');
  await expect(next.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await expect(next.getByTestId('source')).toHaveText([/owned-licences\.csv/]);
  const stored = await envelope(next);
  expect(stored.revision).toBe(1);
  expect(stored.workbook.sources.map((source) => source.file)).toEqual(['owned-licences.csv']);
  problems.push(...nextProblems);
  expect(problems).toEqual([]);
});

test('storage full: the user is told on that save, keeps the work and can export it', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  // The browser's quota, as Chromium reports it, at 2 million characters for this origin.
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(value).length > 2_000_000) {
        throw new DOMException("Failed to execute 'setItem' on 'Storage': exceeded the quota.", 'QuotaExceededError');
      }
      return setItem.call(this, key, value);
    };
  });
  await page.goto('/');
  await removeDemo(page);
  await expect.poll(async () => (await envelope(page)).revision).toBe(1);

  // A realistic estate export: 20,000 lines of 2-core packs, half Windows Server, half SQL Server.
  const header = 'Publisher,Product,Edition,Metric,Licence type,Rights per pack,Quantity,Unit price,Currency,Purchase date';
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    i % 2 === 0
      ? `Microsoft,Windows Server,Datacenter,Per core,Perpetual,2,1,770.00,USD,2025-01-${String((i % 28) + 1).padStart(2, '0')}`
      : `Microsoft,SQL Server,Enterprise,Per core,Perpetual + SA,2,1,15123.00,USD,2025-02-${String((i % 28) + 1).padStart(2, '0')}`,
  );
  const csv = Buffer.from([header, ...lines].join('\n'));
  await importFile(page, { name: 'estate-export.csv', mimeType: 'text/csv', buffer: csv });
  await expect(page.getByTestId('import-report')).toContainText('Imported estate-export.csv: 20000 row(s) read: 20000 accepted', { timeout: 30_000 });

  // Told on that same save attempt; the work is in memory, the saved copy is the one before.
  const status = page.getByTestId('save-status');
  await expect(status).toContainText('Your last change could not be saved in this browser: its storage is full.');
  await expect(status).toContainText('Your work is still here in this tab');
  await expect(position(page, 'ms-windows-server-datacenter').field('entitled')).toHaveText('20,000');
  await expect(position(page, 'ms-sql-server-enterprise').field('entitled')).toHaveText('20,000');
  const before = await envelope(page);
  expect(before.revision).toBe(1);
  expect(before.workbook.sources).toEqual([]);

  // The banner's export hands over everything, all 20,000 lines.
  const downloading = page.waitForEvent('download');
  await status.getByRole('button', { name: 'Export workbook' }).click();
  const exported = JSON.parse(await readFile(await (await downloading).path(), 'utf8'));
  expect(exported.sources.map((source) => [source.file, source.entitlements.length])).toEqual([['estate-export.csv', 20_000]]);

  // The next change fits again: saved, and the banner goes.
  await page.getByTestId('source').filter({ hasText: 'estate-export.csv' }).getByRole('button', { name: 'Remove' }).click();
  await expect(status).toHaveCount(0);
  expect((await envelope(page)).revision).toBe(2);
  expect(problems).toEqual([]);
});

test('storage blocked: the app works in this tab and says its work is not saved', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  // As with cookies and site data blocked: reading window.localStorage throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
  await page.goto('/');
  await expect(page.getByTestId('save-status')).toContainText('This browser does not let Preflight save your work');
  await expect(page.getByTestId('save-status')).toContainText('Your work stays in this tab until it closes');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await removeDemo(page);
  await importFile(page, fixture('owned-licences.csv'));
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await expect(page.getByTestId('save-status')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a corrupt saved value is kept aside, reported, and the app starts from the demo', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  // Once the app has loaded (and found nothing saved), as if a save had been damaged since.
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const corrupt = '{"schema":1,"revision":4,"saved_at":"2026-11-27T10:00:00Z","workbook":{"schema":1,"sett';
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, corrupt]);
  await page.reload();

  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText('The work saved in this browser could not be read (');
  await expect(notice).toContainText('Preflight started from the demo workbook.');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  const keptAs = (await notice.textContent()).match(/“(preflight\.workbook\.corrupt\.\d+)”/)[1];
  expect(await page.evaluate((key) => localStorage.getItem(key), keptAs)).toBe(corrupt);
  expect(await saved(page)).toBeNull();

  // Work goes on and is saved; the kept copy stays as it was, and only one copy is kept.
  await removeDemo(page);
  await expect.poll(async () => (await envelope(page))?.revision).toBe(1);
  await page.reload();
  await expect(page.getByTestId('storage-notice')).toHaveCount(0);
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('.corrupt.')));
  expect(kept).toEqual([keptAs]);
  expect(await page.evaluate((key) => localStorage.getItem(key), keptAs)).toBe(corrupt);
  expect(problems).toEqual([]);
});

// Every earlier schema's saved example (the engine's migration fixtures) as an older Preflight
// left it in localStorage: it opens migrated, and the next save writes today's schema.
test('work saved by an earlier version opens migrated and is saved in today\'s form', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  const old = await readFile(new URL('../../crates/preflight-engine/tests/fixtures/workbook-schema-1.json', import.meta.url), 'utf8');
  const text = JSON.stringify({ schema: 1, revision: 5, saved_at: '2026-11-20T09:00:00Z', workbook: JSON.parse(old) });
  await page.addInitScript(([key, value]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, value);
      sessionStorage.setItem('seeded', '1');
    }
  }, [KEY, text]);
  await page.goto('/');
  // Its three retired SQL Server hosts free 48 core licences: USD 635,695.00 to buy, not the
  // demo's 756,679.00 (`preflight evaluate --workbook` on the same file gives the same figure).
  await expect(page.getByTestId('total-cost')).toHaveText('USD 635,695.00');
  await expect(page.getByTestId('storage-notice')).toHaveCount(0);
  expect(await saved(page)).toBe(text);
  await importFile(page, fixture('owned-licences.csv'));
  await expect.poll(async () => (await envelope(page)).revision).toBe(6);
  const stored = await envelope(page);
  expect([stored.schema, stored.workbook.schema]).toEqual([2, 2]);
  expect(stored.workbook.scenarios.map((s) => [s.name, s.changes.length])).toEqual([['Proposed', 3]]);
  expect(stored.workbook).not.toHaveProperty('deployment');
  expect(problems).toEqual([]);
});

test('work saved by a newer version opens read-only and is never overwritten', async ({ page, baseURL }) => {
  const problems = await watch(page, baseURL);
  await page.goto('/');
  await removeDemo(page);
  await expect.poll(async () => (await envelope(page))?.revision).toBe(1);
  // What schema 3 might look like: this version's fields plus one it does not know.
  const newer = await envelope(page);
  newer.schema = 3;
  newer.revision = 9;
  newer.workbook.schema = 3;
  newer.workbook.notes = 'a field from the future';
  const text = JSON.stringify(newer);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, text]);
  await page.reload();

  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText('comes from a newer Preflight (workbook schema 3; this version reads schema 2)');
  await expect(notice).toContainText('It is open read-only');
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  // Changes work in memory but are not saved over the newer work.
  await importFile(page, fixture('owned-licences.csv'));
  await expect(page.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await page.waitForTimeout(300);
  expect(await saved(page)).toBe(text);

  // A newer workbook this version cannot read at all: the demo, and still not overwritten.
  const unreadable = JSON.stringify({ schema: 4, revision: 12, saved_at: '2027-01-01T00:00:00Z', workbook: { schema: 4, parts: [] } });
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, unreadable]);
  await page.reload();
  await expect(notice).toContainText('comes from a newer Preflight (workbook schema 4; this version reads schema 2) and cannot be read here');
  await expect(page.getByTestId('total-cost')).toHaveText('USD 756,679.00');
  await removeDemo(page);
  await expect(page.getByTestId('total-cost')).toHaveText('nothing priced');
  await page.waitForTimeout(300);
  expect(await saved(page)).toBe(unreadable);
  expect(problems).toEqual([]);
});

test('a tab that sees a newer save from another tab stops saving and says so', async ({ context, baseURL }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  const problems = [await watch(first, baseURL), await watch(second, baseURL)];
  await first.goto('/');
  await second.goto('/');
  await expect(second.getByTestId('total-cost')).toHaveText('USD 756,679.00');

  // The first tab saves revision 1; the second hears of it and stops writing.
  await removeDemo(first);
  await expect.poll(async () => (await envelope(first))?.revision).toBe(1);
  const status = second.getByTestId('save-status');
  await expect(status).toContainText('This workbook was changed and saved in another tab (revision 1). This tab has stopped saving');
  await expect(first.getByTestId('save-status')).toHaveCount(0);
  await importFile(second, fixture('owned-licences.csv'));
  await expect(second.getByTestId('source')).toHaveText([/demo-entitlements\.csv/, /owned-licences\.csv/]);
  await second.waitForTimeout(300);
  const stored = await envelope(first);
  expect([stored.revision, stored.workbook.sources.length]).toEqual([1, 0]);

  // Reloading continues from the other tab's work; then it is the first tab that stops.
  await status.getByRole('button', { name: 'Reload' }).click();
  await expect(second.getByTestId('total-cost')).toHaveText('nothing priced');
  await expect(status).toHaveCount(0);
  await importFile(second, fixture('owned-licences.csv'));
  await expect(second.getByTestId('total-cost')).toHaveText('USD 641,600.00');
  await expect.poll(async () => (await envelope(first)).revision).toBe(2);
  await expect(first.getByTestId('save-status')).toContainText('saved in another tab (revision 2)');
  expect(problems).toEqual([[], []]);
});
