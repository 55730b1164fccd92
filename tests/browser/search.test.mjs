// Search in a real browser, on the shipped catalog and on one it was not tuned on: ranking, typing,
// filters, keyboard, links.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { build, serve, launch, newPage, repo } from "./harness.mjs";
import { RANKING, FIXTURE, FIXTURE_RANKING } from "./ranking.mjs";

let srv, fx, browser, context;
before(async () => {
  srv = await serve(build());
  fx = await serve(build(join(repo, FIXTURE)));
  browser = await launch();
  context = await browser.newContext();
});
after(async () => {
  await browser?.close();
  await srv?.close();
  await fx?.close();
});

async function results(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector("[data-search-status]");
    return s && s.textContent.trim() !== "";
  });
  return page.$$eval("[data-search-results] a", (as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
}

/** The queries of `ranking` whose first result on the site at `url` is not the expected page. */
async function misranked(page, url, ranking) {
  const wrong = [];
  for (const [q, expected] of ranking) {
    await page.goto(url + "?q=" + encodeURIComponent(q));
    const got = await results(page);
    const first = got[0] || "(nothing)";
    const ok = expected.includes("#") ? first === expected : first.split("#")[0] === expected;
    if (!ok) wrong.push(`${q}: expected ${expected}, got ${got.slice(0, 3).join(", ")}`);
  }
  return wrong;
}

test(`ranking: ${RANKING.length} queries put the expected page first`, async () => {
  const page = await newPage(context);
  assert.deepEqual(await misranked(page, srv.url, RANKING), []);
  assert.deepEqual(page.problems, []);
});

test(`ranking on a catalog it was not tuned on: ${FIXTURE_RANKING.length} queries`, async () => {
  const page = await newPage(context);
  assert.deepEqual(await misranked(page, fx.url, FIXTURE_RANKING), []);
  assert.deepEqual(page.problems, []);
});

test("the index loads only when the reader searches, and the first query stays small", async () => {
  const page = await newPage(context);
  const start = srv.requests.length;
  await page.goto(srv.url + "401/");
  await page.waitForLoadState("networkidle");
  assert.equal(srv.requests.slice(start).filter((p) => p.includes("/search/")).length, 0, "no index before searching");
  let bytes = 0;
  page.on("response", async (r) => { if (r.url().includes("/search/")) bytes += (await r.body()).length; });
  await page.keyboard.press("/");
  await page.keyboard.type("expired");
  await results(page);
  await page.waitForLoadState("networkidle");
  const fetched = srv.requests.slice(start).filter((p) => p.includes("/search/"));
  assert.ok(fetched.includes("/search/meta.json"), fetched.join(" "));
  assert.ok(bytes > 0 && bytes < 300_000, `first query moved ${bytes} bytes`);
  console.log(`# first query "expired": ${fetched.length} index files, ${bytes} bytes`);
});

test("typing shows results with title, status and a marked snippet", async () => {
  const page = await newPage(context);
  await page.goto(srv.url);
  await page.click("[data-search-input]");
  await page.keyboard.type("insufficient_sco", { delay: 20 });
  const got = await results(page);
  assert.equal(got[0], "/403/insufficient-scope/");
  const first = page.locator("[data-search-results] a").first();
  assert.equal(await first.locator(".code-badge").textContent(), "403");
  assert.equal(await first.locator(".result-title").textContent(), "Insufficient scope");
  assert.ok((await first.locator(".result-snippet mark").count()) >= 1, "the match is marked");
  assert.match(page.url(), /\?q=insufficient_sco$/);
});

test("filters narrow results by status and by scheme", async () => {
  const page = await newPage(context);
  await page.goto(srv.url + "?q=credentials");
  const all = await results(page);
  await page.click("[data-filter='status:403']");
  await page.waitForFunction((n) => document.querySelectorAll("[data-search-results] a").length !== n, all.length);
  const badges = await page.$$eval("[data-search-results] .code-badge", (b) => b.map((x) => x.textContent));
  assert.ok(badges.length > 0 && badges.every((b) => b === "403"), badges.join(","));
  await page.click("[data-filter='status:403']");
  await page.click("[data-filter='scheme:Basic']");
  await page.waitForTimeout(200);
  const basic = await results(page);
  assert.ok(basic.length > 0 && basic.length < all.length, `${basic.length} of ${all.length}`);
  assert.ok(basic.includes("/401/wrong-basic-credentials/"), basic.join(" "));
  assert.ok(!basic.includes("/401/wrong-audience/"), "a Bearer-only entry is filtered out");
});

test("keyboard: / focuses, arrows move, Enter opens, Esc closes", async () => {
  const page = await newPage(context);
  await page.goto(srv.url + "compare/401-vs-403/");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.matches("[data-search-input]")), true);
  await page.keyboard.type("clock skew");
  const got = await results(page);
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden(".search-panel"), true, "Esc closes the panel");
  assert.equal(await page.evaluate(() => document.activeElement.matches("[data-search-input]")), true, "focus stays in the box");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.isVisible(".search-panel"), true, "ArrowDown reopens the results");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => new URL(document.activeElement.href).pathname + new URL(document.activeElement.href).hash);
  assert.equal(focused, got[1]);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === got[0].split("#")[0]);
});

test("Enter in the box opens the best result; a ?q= link shows results on load", async () => {
  const page = await newPage(context);
  await page.goto(srv.url + "?q=" + encodeURIComponent("X-API-Key"));
  assert.equal(await page.inputValue("[data-search-input]"), "X-API-Key");
  // The panel opens once the index shards have loaded; wait for it rather than sampling it once.
  await page.waitForSelector(".search-panel", { state: "visible", timeout: 10000 });
  await results(page);
  await page.focus("[data-search-input]");
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/401/invalid-api-key/");
});
