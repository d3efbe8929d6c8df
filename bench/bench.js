// The browser benchmark page's timings, called by bench/run.mjs through Playwright. Every figure
// is wall time from performance.now() on the page's main thread, around one call; the wasm is
// crates/preflight-bench-web (the app's importer and engine), PapaParse is npm's papaparse.
// Nothing here decides pass or fail: run.mjs collects, xtask writes BENCHMARKS.md.

const started = new Promise((resolve) => {
  if (window.wasmBindings) resolve(window.wasmBindings);
  else addEventListener('TrunkApplicationStarted', () => resolve(window.wasmBindings), { once: true });
});

async function bytesOf(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const time = (f) => {
  const t0 = performance.now();
  const result = f();
  return [performance.now() - t0, result];
};

const timeAsync = async (f) => {
  const t0 = performance.now();
  const result = await f();
  return [performance.now() - t0, result];
};

// Our import as the import worker runs it (crates/preflight-worker): the file's SHA-256 started
// in SubtleCrypto on the bytes as they are in JavaScript (native code, off this thread), the
// read in wasm with the digest left to the caller, then the digest awaited.
async function ours(wasm, file, bytes) {
  const digest = crypto.subtle.digest('SHA-256', bytes);
  const counts = wasm.import_entitlements(file, bytes, true);
  await digest;
  return counts;
}

// PapaParse as a page would use it on a string: no worker, delimiter auto-detected, rows as
// arrays (its fastest output), no typing. Parse only: the text is decoded beforehand.
const papa = (text) => Papa.parse(text);

window.bench = {
  ready: () => started.then(() => true),

  /** Ours and PapaParse on the same bytes, alternating which goes first, after one warm-up. */
  async importSideBySide(url, runs) {
    const wasm = await started;
    const bytes = await bytesOf(url);
    const file = url.split('/').pop();
    const decode = [];
    const oursMs = [];
    const oursTable = [];
    const papaparse = [];
    let counts;
    let papaRows;
    let text = new TextDecoder().decode(bytes);
    counts = await ours(wasm, file, bytes);
    papaRows = papa(text).data.length;
    for (let run = 0; run < runs; run++) {
      const [decodeMs, decoded] = time(() => new TextDecoder().decode(bytes));
      decode.push(decodeMs);
      text = decoded;
      const oursFirst = run % 2 === 0;
      if (oursFirst) oursMs.push((await timeAsync(() => ours(wasm, file, bytes)))[0]);
      const [papaMs, result] = time(() => papa(text));
      papaparse.push(papaMs);
      papaRows = result.data.length;
      if (!oursFirst) oursMs.push((await timeAsync(() => ours(wasm, file, bytes)))[0]);
      oursTable.push(time(() => wasm.csv_table_rows(file, bytes))[0]);
    }
    return { bytes: bytes.length, counts: Array.from(counts), papaRows, ours: oursMs, oursTable, papaparse, decode };
  },

  /** One import on a fresh instance: wasm memory before the bytes arrive and after the import. */
  async importOnce(url) {
    const wasm = await started;
    const before = wasm.memory_bytes();
    const bytes = await bytesOf(url);
    const file = url.split('/').pop();
    try {
      const [ms, counts] = await timeAsync(() => ours(wasm, file, bytes));
      return { bytes: bytes.length, before, after: wasm.memory_bytes(), ms, counts: Array.from(counts) };
    } catch (error) {
      return { bytes: bytes.length, before, after: wasm.memory_bytes(), error: String(error) };
    }
  },

  /** PapaParse once on a fresh page: time and JS heap growth while its result is held. */
  async papaOnce(url) {
    await started;
    const bytes = await bytesOf(url);
    const text = new TextDecoder().decode(bytes);
    if (window.gc) window.gc();
    const heapBefore = performance.memory ? performance.memory.usedJSHeapSize : null;
    try {
      const [ms, result] = time(() => papa(text));
      const heapAfter = performance.memory ? performance.memory.usedJSHeapSize : null;
      return { bytes: bytes.length, ms, rows: result.data.length, heapBefore, heapAfter, textChars: text.length };
    } catch (error) {
      return { bytes: bytes.length, error: String(error) };
    }
  },

  /**
   * An XLSX file read three ways, `runs` times each after one warm-up, alternating the order:
   * our whole import (`read_entitlements`, as the import worker runs it), our table stage
   * alone (the worker's spreadsheet reader: calamine streamed into text cells), and calamine
   * alone reading every cell (the native bench's reference, here in wasm).
   */
  async spreadsheet(url, runs) {
    const wasm = await started;
    const bytes = await bytesOf(url);
    const file = url.split('/').pop();
    const counts = Array.from(await ours(wasm, file, bytes));
    const tableRows = wasm.spreadsheet_table_rows(file, bytes);
    const cells = wasm.calamine_cells(bytes);
    const oursMs = [];
    const table = [];
    const calamine = [];
    for (let run = 0; run < runs; run++) {
      const steps = [
        async () => oursMs.push((await timeAsync(() => ours(wasm, file, bytes)))[0]),
        async () => table.push(time(() => wasm.spreadsheet_table_rows(file, bytes))[0]),
        async () => calamine.push(time(() => wasm.calamine_cells(bytes))[0]),
      ];
      for (let step = 0; step < steps.length; step++) await steps[(step + run) % steps.length]();
    }
    return { bytes: bytes.length, counts, tableRows, cells, ours: oursMs, table, calamine };
  },

  /**
   * The app's two charts drawn from one evaluation of a prepared workbook, `runs` times each
   * after one warm-up; `batch` calls per run for the demo's (below the timer's resolution).
   */
  async charts(kind, runs, lines, hosts, batch) {
    const wasm = await started;
    const entitlementLines = kind === 'demo' ? wasm.prepare_demo() : wasm.prepare_large(lines, hosts);
    const positions = wasm.keep_evaluation(kind);
    const cost = [];
    const position = [];
    const svg = { cost: wasm.draw_cost_chart(), position: wasm.draw_position_chart() };
    for (let run = 0; run < runs; run++) {
      cost.push(time(() => { for (let n = 0; n < batch; n++) wasm.draw_cost_chart(); })[0] / batch);
      position.push(time(() => { for (let n = 0; n < batch; n++) wasm.draw_position_chart(); })[0] / batch);
    }
    return { entitlementLines, positions, svg, cost, position };
  },

  /**
   * One edit of the scenario editor on a prepared estate, taken through every step the page
   * runs in the edit's task, each timed: the deployment copied and changed, the evaluation and
   * both charts redrawn. The DOM update is not included (this page has none); the sum is the
   * engine's share. What the page runs afterwards, in tasks of its own, is timed apart and not
   * in the sum: the workbook written as JSON for the save (its lines' JSON kept from the last
   * save, as the page keeps it) and the alternatives.
   */
  /** The estate of `edit` as a workbook file, for the shipped page to open (run.mjs). */
  async editWorkbook(lines, hosts) {
    const wasm = await started;
    return wasm.edit_workbook_json(lines, hosts);
  },

  async edit(runs, lines, hosts) {
    const wasm = await started;
    const entitlementLines = wasm.prepare_edit(lines, hosts);
    wasm.keep_evaluation('large');
    const steps = {
      edit: wasm.edit_host,
      evaluate: wasm.edit_evaluate,
      charts: () => wasm.draw_cost_chart() + wasm.draw_position_chart(),
    };
    const times = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
    times.save = [];
    times.alternatives = [];
    const total = [];
    let alternatives = 0;
    for (let run = 0; run <= runs; run++) {
      let sum = 0;
      for (const [name, step] of Object.entries(steps)) {
        const [ms] = time(step);
        // Run 0 is the warm-up.
        if (run > 0) times[name].push(ms);
        sum += ms;
      }
      if (run > 0) total.push(sum);
      // After the edit, in tasks of their own: the save, then the alternatives.
      const [saveMs] = time(wasm.edit_save);
      if (run > 0) times.save.push(saveMs);
      const [ms, count] = time(wasm.edit_alternatives);
      alternatives = count;
      if (run > 0) times.alternatives.push(ms);
    }
    return { entitlementLines, alternatives, times, total };
  },

  /**
   * The engine's evaluate on a prepared workbook, `runs` times after one warm-up. Each run times
   * `batch` calls and gives the time per call: performance.now() is coarsened to 0.1 ms on a
   * page that is not cross-origin isolated, too coarse for the demo's single call.
   */
  async evaluate(kind, runs, lines, hosts, batch) {
    const wasm = await started;
    const [prepareMs, entitlementLines] =
      kind === 'demo' ? time(() => wasm.prepare_demo()) : time(() => wasm.prepare_large(lines, hosts));
    const call = kind === 'demo' ? wasm.evaluate_demo : wasm.evaluate_large;
    const positions = call();
    const times = [];
    for (let run = 0; run < runs; run++) {
      const [ms] = time(() => {
        for (let n = 0; n < batch; n++) call();
      });
      times.push(ms / batch);
    }
    return { entitlementLines, positions, prepareMs, batch, times, memory: wasm.memory_bytes() };
  },
};
