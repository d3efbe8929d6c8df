// Drives the browser benchmarks in Debian's headless Chromium (Playwright as a library, no test
// runner: nothing here passes or fails on time) and writes every raw timing as JSON for
// `cargo xtask bench`, which computes the medians and writes BENCHMARKS.md.
//
//   node bench/run.mjs BENCH_DIST SITE_DIST OUT.json
//
// BENCH_DIST is the benchmark page (target/bench-dist, with its data/ files); SITE_DIST the
// shipped site (dist/), for start-up and long tasks. Both are served on loopback by the e2e
// tests' static server.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from '@playwright/test';

const [benchDist, siteDist, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node bench/run.mjs BENCH_DIST SITE_DIST OUT.json');
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function serve(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, ['tests/e2e/serve.mjs', dir, String(port)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${base}index.html`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`the static server for ${dir} did not start`);
}

const log = (message) => console.log(`    ${message}`);

const bench = await serve(benchDist);
const site = await serve(siteDist);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // performance.memory in exact bytes, and gc() before a heap reading.
    '--enable-precise-memory-info',
    '--js-flags=--expose-gc',
  ],
});

/** A fresh page (fresh context: cold cache, fresh wasm instance) on the benchmark page. */
async function benchPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(`${bench.base}index.html`);
  await page.evaluate(() => window.bench.ready());
  return { page, close: () => context.close() };
}

async function onFreshPage(f) {
  const { page, close } = await benchPage();
  try {
    return await f(page);
  } finally {
    await close();
  }
}

const results = {
  chromium: browser.version(),
  import: {},
  memory: {},
  million: {},
  evaluate: {},
  spreadsheet: {},
  charts: {},
  edit: {},
  startup: [],
};
try {
  for (const [rows, runs] of [[10_000, 15], [100_000, 7]]) {
    log(`import: ${rows} rows, ours and PapaParse side by side, ${runs} runs`);
    results.import[rows] = await onFreshPage((page) =>
      page.evaluate(([url, runs]) => window.bench.importSideBySide(url, runs), [`data/export-${rows}.csv`, runs]),
    );
    log(`import: ${rows} rows, wasm memory on a fresh instance`);
    results.memory[rows] = await onFreshPage((page) =>
      page.evaluate((url) => window.bench.importOnce(url), `data/export-${rows}.csv`),
    );
  }

  // The largest file of this layout under the importer's 100 MiB limit (about 168 bytes a
  // row): wasm memory growth at the limit, which bounds it for any file the app accepts.
  log('import: 600,000 rows (just under the 100 MiB file limit), wasm memory on a fresh instance');
  results.memory[600_000] = await onFreshPage((page) =>
    page.evaluate((url) => window.bench.importOnce(url), 'data/export-600000.csv'),
  );

  log('import: 1,000,000 rows, ours then PapaParse, each on a fresh page');
  results.million.ours = await onFreshPage((page) =>
    page.evaluate((url) => window.bench.importOnce(url), 'data/export-1000000.csv'),
  );
  results.million.papaparse = await onFreshPage((page) =>
    page.evaluate((url) => window.bench.papaOnce(url), 'data/export-1000000.csv'),
  );
  results.papaMemory = await onFreshPage((page) =>
    page.evaluate((url) => window.bench.papaOnce(url), 'data/export-100000.csv'),
  );

  for (const [name, runs, lines, hosts, batch] of [
    ['demo', 21, 0, 0, 100],
    ['typical: 200 hosts, 20k lines', 21, 20_000, 200, 1],
    ['large: 5k hosts, 20k VMs, 10k lines', 7, 10_000, 5_000, 1],
    ['large: 5k hosts, 20k VMs, 100k lines', 7, 100_000, 5_000, 1],
  ]) {
    log(`evaluate in wasm: ${name}, ${runs} runs`);
    results.evaluate[name] = await onFreshPage((page) =>
      page.evaluate(
        ([kind, runs, lines, hosts, batch]) => window.bench.evaluate(kind, runs, lines, hosts, batch),
        [name === 'demo' ? 'demo' : 'large', runs, lines, hosts, batch],
      ),
    );
  }

  log('XLSX: 100,000 rows × 10 columns: our import, our table stage, calamine alone, 7 runs');
  results.spreadsheet = await onFreshPage((page) =>
    page.evaluate(([url, runs]) => window.bench.spreadsheet(url, runs), ['data/export-100000.xlsx', 7]),
  );

  for (const [name, runs, lines, hosts, batch] of [
    ['demo', 21, 0, 0, 20],
    ['typical: 200 hosts, 20k lines', 21, 20_000, 200, 1],
  ]) {
    log(`charts in wasm: ${name}, ${runs} runs`);
    results.charts[name] = await onFreshPage((page) =>
      page.evaluate(
        ([kind, runs, lines, hosts, batch]) => window.bench.charts(kind, runs, lines, hosts, batch),
        [name === 'demo' ? 'demo' : 'large', runs, lines, hosts, batch],
      ),
    );
  }

  log('one edit, re-evaluated and redrawn: 200 hosts, 20k lines, 7 runs');
  results.edit = await onFreshPage((page) =>
    page.evaluate(([runs, lines, hosts]) => window.bench.edit(runs, lines, hosts), [7, 20_000, 200]),
  );

  // Start-up of the shipped site: each load in a new context (empty cache and storage, so the
  // demo workbook). Long tasks, layout shifts and the moment the demo's total cost shows are
  // recorded from before the page's first script.
  for (let load = 0; load < 5; load++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__bench = { longTasks: [], layoutShift: 0, resultsVisible: null, lcp: null };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__bench.lcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (!entry.hadRecentInput) window.__bench.layoutShift += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
      const check = () => {
        const total = document.querySelector('[data-testid="total-cost"]');
        if (window.__bench.resultsVisible === null && total && /USD/.test(total.textContent)) {
          window.__bench.resultsVisible = performance.now();
        }
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(`${site.base}index.html`);
    await page.waitForFunction(() => window.__bench.resultsVisible !== null, null, { timeout: 30_000 });
    // Long tasks after the results are up (the first effects, storage) count too.
    await page.waitForTimeout(1_000);
    const load_ = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        ...window.__bench,
        domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
        transferred: performance
          .getEntriesByType('resource')
          .reduce((sum, entry) => sum + entry.transferSize, nav ? nav.transferSize : 0),
      };
    });
    results.startup.push(load_);
    log(`start-up ${load + 1}: demo results at ${load_.resultsVisible.toFixed(0)} ms, ${load_.longTasks.length} long task(s)`);
    await context.close();
  }

  // One edit in the shipped page itself, DOM and all: the edit estate (200 hosts, 20k lines)
  // opened as a workbook file, then the first host's cores per socket typed over, 8 ↔ 10, as a
  // user types. Timed in the page from the input event to the first frame after it (a frame,
  // then a task: the paint has happened), with the long tasks of the edit's own task and those
  // of the work it leaves for later (the alternatives, the save) counted apart.
  log('one edit in the shipped page: 200 hosts, 20k lines, 7 runs after one warm-up');
  {
    const workbook = await onFreshPage((page) =>
      page.evaluate(([lines, hosts]) => window.bench.editWorkbook(lines, hosts), [20_000, 200]),
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.addInitScript(() => {
      window.__edit = { longTasks: [], painted: [] };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.__edit.longTasks.push({ start: entry.startTime, duration: entry.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
      document.addEventListener('input', () => {
        const start = performance.now();
        requestAnimationFrame(() => setTimeout(() => window.__edit.painted.push([start, performance.now() - start]), 0));
      }, true);
    });
    await page.goto(`${site.base}index.html`);
    await page.getByTestId('total-cost').waitFor();
    const opened = Date.now();
    await page.getByTestId('open-workbook').setInputFiles({ name: 'edit-estate.json', mimeType: 'application/json', buffer: Buffer.from(workbook) });
    await page.getByTestId('workbook-report').filter({ hasText: 'edit-estate.json' }).waitFor({ timeout: 300_000 });
    const openMs = Date.now() - opened;
    const settled = () => page.getByTestId('alternatives-working').waitFor({ state: 'detached', timeout: 300_000 });
    await settled();
    const field = page.locator('#host-0-cores');
    const runs = [];
    for (let run = 0; run <= 7; run++) {
      await page.evaluate(() => { window.__edit.longTasks = []; window.__edit.painted = []; });
      await field.fill(run % 2 ? '8' : '10');
      await page.waitForFunction(() => window.__edit.painted.length > 0);
      await settled();
      await page.waitForTimeout(500);
      const edit = await page.evaluate(() => window.__edit);
      const [start, painted] = edit.painted[0];
      const own = edit.longTasks.filter((t) => t.start <= start + 1 && t.start + t.duration >= start);
      const after = edit.longTasks.filter((t) => !own.includes(t));
      if (run > 0) {
        runs.push({
          painted,
          ownLongest: Math.max(0, ...own.map((t) => t.duration)),
          laterLongTasks: after.length,
          laterLongest: Math.max(0, ...after.map((t) => t.duration)),
        });
      }
    }
    results.pageEdit = { openMs, nodes: await page.evaluate(() => document.getElementsByTagName('*').length), runs };
    log(`one edit in the page: input to paint ${runs.map((r) => r.painted.toFixed(0)).join(', ')} ms`);
    await context.close();
  }
} finally {
  await browser.close();
  bench.child.kill();
  site.child.kill();
}

writeFileSync(out, JSON.stringify(results, null, 2));
log(`raw browser figures in ${out}`);
