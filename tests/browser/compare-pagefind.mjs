// Measures errdocs' own search against Pagefind on the same built site, in one run:
// index build time, bytes moved by a first query, and how many of the ranking queries
// (ranking.mjs) put the expected page first. Usage: node tests/browser/compare-pagefind.mjs [SITE_ROOT]
// Pagefind comes from the npm registry on demand (npx); it is not part of the test suite.
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { build, serve, launch, repo } from "./harness.mjs";
import { RANKING } from "./ranking.mjs";

const root = process.argv[2] || repo;
const runs = 5;
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let out;
const ours = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  out = build(root);
  ours.push(performance.now() - t);
}
const pagefind = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  execFileSync("npx", ["--yes", "pagefind@1", "--site", out, "--output-subdir", "_pagefind", "--silent"], { stdio: "inherit" });
  pagefind.push(performance.now() - t);
}

// Pagefind compiles WebAssembly, which `default-src 'self'` forbids: it needs 'wasm-unsafe-eval'.
const srv = await serve(out, "/", "default-src 'self' 'wasm-unsafe-eval'");
const browser = await launch();

async function firstQuery(engine, q) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  if (engine !== "errdocs") await page.goto(srv.url + "404.html");
  await page.waitForLoadState("networkidle");
  let bytes = 0;
  page.on("response", async (r) => {
    const u = r.url();
    if (u.includes(engine === "errdocs" ? "/search/" : "/_pagefind/")) bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  const urls = await run(engine, page, q);
  await page.waitForLoadState("networkidle");
  await context.close();
  return { bytes, urls };
}

async function run(engine, page, q) {
  if (engine === "errdocs") {
    await page.goto(srv.url + "404.html?q=" + encodeURIComponent(q));
    await page.waitForFunction(() => document.querySelector("[data-search-status]").textContent.trim() !== "");
    return page.$$eval("[data-search-results] a", (as) => as.map((a) => new URL(a.href).pathname));
  }
  return page.evaluate(async (query) => {
    window.pf = window.pf || (await import("/_pagefind/pagefind.js"));
    const r = await window.pf.search(query);
    const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    return data.map((d) => d.url);
  }, q);
}

const report = {};
for (const engine of ["errdocs", "pagefind"]) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(srv.url + "404.html");
  let top = 0;
  const misses = [];
  for (const [q, expected] of RANKING) {
    const urls = await run(engine, page, q);
    const want = expected.split("#")[0];
    if ((urls[0] || "").split("#")[0] === want) top++;
    else misses.push(`${q} → ${urls[0] || "nothing"}`);
  }
  await context.close();
  const first = await firstQuery(engine, "expired token");
  report[engine] = { top, misses, firstQueryBytes: first.bytes };
}
await browser.close();
await srv.close();

console.log(`site: ${root}`);
console.log(`errdocs build (site + index): median ${median(ours).toFixed(0)} ms of ${runs}`);
console.log(`pagefind indexing alone:      median ${median(pagefind).toFixed(0)} ms of ${runs} (after the build)`);
for (const [engine, r] of Object.entries(report)) {
  console.log(`${engine}: expected page first for ${r.top} of ${RANKING.length} queries; first query "expired token" moved ${r.firstQueryBytes} bytes`);
  for (const m of r.misses) console.log(`   miss: ${m}`);
}
