// What every end-to-end test shares: the watch on what must never happen, and page helpers.
import { fileURLToPath } from 'node:url';

export const fixture = (name) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

/**
 * Collects what must never happen on any page: console errors, page errors, CSP violations,
 * failed or foreign requests, and requests that could carry user data. A `securitypolicyviolation` event is logged as a console error
 * from inside the page, so a blocked style or script fails the test even when the browser itself
 * stays quiet about it.
 */
export async function watch(page, baseURL) {
  const problems = [];
  const origin = new URL(baseURL).origin;
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    // blob: URLs of this origin are the app's own downloads, made in memory.
    if (url.startsWith(`blob:${origin}/`)) return;
    if (!url.startsWith(`${origin}/`)) problems.push(`request to another origin: ${url}`);
    // The site only fetches its own static files: a request that could carry user data (a
    // body, a query or any method but GET) fails the test, even to this origin.
    const { search, hash } = new URL(url);
    if (request.method() !== 'GET' || request.postData() !== null || search || hash) {
      problems.push(`request that could carry data: ${request.method()} ${url}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return problems;
}

/** Imports a file as a user does: chooses it, reads the preview, adds it to the workbook. */
export async function importFile(page, files) {
  await page.getByTestId('import-file').setInputFiles(files);
  await page.getByTestId('import-accept').click();
}

/** A product's row in the licence position table, by `data-field`. */
export function position(page, product) {
  const rows = page.getByTestId(`position-${product}`);
  return {
    field: (name) => rows.locator(`[data-field="${name}"]`).first(),
  };
}
