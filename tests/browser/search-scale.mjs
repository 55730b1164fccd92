// Bytes moved and time to first results for a reader's first query, in a fresh browser profile.
// Usage: node tests/browser/search-scale.mjs [SITE_ROOT]   (ERRDOCS_BIN picks the binary)
import { performance } from "node:perf_hooks";
import { build, serve, launch, repo } from "./harness.mjs";

const root = process.argv[2] || repo;
const t0 = performance.now();
const out = build(root);
const buildMs = performance.now() - t0;
const srv = await serve(out);
const browser = await launch();
const queries = ["401", "invalid_token", "expired token", "WWW-Authenticate", "works in curl but not in the browser", "expird"];
const rows = [];
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(srv.url + "404.html");
  await page.waitForLoadState("networkidle");
  let bytes = 0;
  let files = 0;
  page.on("response", async (r) => {
    if (r.url().includes("/search/")) { files++; bytes += (await r.body().catch(() => Buffer.alloc(0))).length; }
  });
  await page.focus("[data-search-input]");
  const start = await page.evaluate(() => performance.now());
  await page.keyboard.insertText(q);
  await page.waitForFunction(() => document.querySelector("[data-search-status]").textContent.trim() !== "", null, { timeout: 60000 });
  const ms = (await page.evaluate(() => performance.now())) - start;
  await page.waitForLoadState("networkidle");
  const first = await page.$eval("[data-search-results] a .result-title", (e) => e.textContent).catch(() => "(none)");
  rows.push({ q, files, kB: (bytes / 1000).toFixed(1), ms: ms.toFixed(0), first });
  await context.close();
}
await browser.close();
await srv.close();
console.log(`site ${root}: build ${buildMs.toFixed(0)} ms`);
console.table(rows);
