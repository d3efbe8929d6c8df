// Starts the app from a file rather than an inline script, so the page's Content-Security-Policy
// needs no 'unsafe-inline'. Trunk writes the hashed names of the generated JS and wasm into the
// data attributes of <meta name="preflight-app"> (Trunk.toml pattern_script), for release and
// dev builds alike, and a preload link with the wasm's sha384 integrity.
const app = document.querySelector('meta[name="preflight-app"]');
const wasm = document.querySelector('link[rel="preload"][as="fetch"]');
// The JS was preloaded with its integrity (modulepreload), so this import uses the checked copy.
const { default: init } = await import(new URL(app.dataset.js, document.baseURI).href);
const started = init({
  module_or_path: fetch(new URL(app.dataset.wasm, document.baseURI), {
    integrity: wasm ? wasm.integrity : '',
    credentials: 'same-origin',
  }),
});
// Two browser services cost tens of milliseconds on their first use in a page: number formatting
// loads its locale data, and local storage opens its area. Used here, while the wasm downloads
// and compiles, rather than in the app's first task (which shows the figures with them).
new Intl.NumberFormat().format(0);
try { window.localStorage; } catch { /* blocked: the app says so */ }
await started;
