// Search in a real browser: ranking on the shipped catalog and on one it was not tuned on, typing,
// filters, keyboard, links, and the search box's hint.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, serve, launch, newPage, repo } from "./harness.mjs";
import { RANKING, FIXTURE, FIXTURE_RANKING } from "./ranking.mjs";

let out, srv, fx, browser, context;
before(async () => {
  out = build();
  srv = await serve(out);
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
  await page.keyboard.press("/");
  await page.keyboard.type("expired");
  await results(page);
  await page.waitForLoadState("networkidle");
  const fetched = [...new Set(srv.requests.slice(start).filter((p) => p.includes("/search/")))];
  assert.ok(fetched.includes("/search/meta.json"), fetched.join(" "));
  assert.ok(!fetched.some((p) => p.startsWith("/search/f-")), "no filter file before a filter is used");
  // The files' sizes on disk: what the server sent, whatever the order the responses arrive in.
  const bytes = fetched.reduce((n, p) => n + statSync(join(out, p)).size, 0);
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
  // Every result is a 403 page, or the tree that leads to 403 entries among others.
  const shown = await page.$$eval("[data-search-results] a", (as) => as.map((a) => [
    a.querySelector(".code-badge")?.textContent, a.querySelector(".result-kind").textContent, new URL(a.href).pathname]));
  assert.ok(shown.length > 0, "results");
  for (const [badge, kind, path] of shown) assert.ok(badge === "403" || (kind === "tree" && path === "/trees/why-401/"), `${badge} ${kind} ${path}`);
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

/** The result paths once the list has changed from `before`. */
async function changed(page, before) {
  await page.waitForFunction((b) => {
    const now = Array.from(document.querySelectorAll("[data-search-results] a"), (a) => new URL(a.href).pathname).join(" ");
    return now !== b;
  }, before.join(" "));
  return results(page);
}

test("filters are the catalog's own: statuses as buttons, tags and codes as lists; each narrows", async () => {
  const page = await newPage(context);
  await page.goto(fx.url + "?q=order");
  const all = await results(page);
  // The fixture has statuses, tags and codes, and no schemes.
  for (const s of ["400", "404", "409", "413", "422", "429", "500", "503"]) {
    assert.equal(await page.locator(`[data-filter='status:${s}']`).count(), 1, s);
  }
  assert.equal(await page.locator("[data-filter^='scheme:']").count(), 0, "no scheme filter");
  assert.equal(await page.locator("select[data-filter-select='tag']").count(), 1);
  assert.equal(await page.locator("select[data-filter-select='code']").count(), 1);
  // A list's values come from its file, fetched only when the reader reaches for it.
  assert.ok(!fx.requests.some((p) => p.startsWith("/search/f-")), "no filter file before use");
  // A tag narrows to the entries that carry it.
  await page.focus("select[data-filter-select='tag']");
  await page.selectOption("select[data-filter-select='tag']", { label: "orders" });
  assert.deepEqual(fx.requests.filter((p) => p.startsWith("/search/f-")), ["/search/f-tag.json"]);
  const orders = await changed(page, all);
  assert.ok(orders.length > 0 && orders.length < all.length, `${orders.length} of ${all.length}`);
  assert.deepEqual(orders.slice().sort(), ["/404/archived-order/", "/404/order-not-found/", "/422/quantity-out-of-range/"]);
  await page.selectOption("select[data-filter-select='tag']", { label: "any" });
  assert.deepEqual(await changed(page, orders), all);
  // A code narrows to its entry, which shows its code.
  await page.focus("select[data-filter-select='code']");
  await page.selectOption("select[data-filter-select='code']", { label: "order_not_found" });
  assert.deepEqual(await changed(page, all), ["/404/order-not-found/"]);
  assert.equal(await page.locator("[data-search-results] .result-code").first().textContent(), "order_not_found");
  await page.selectOption("select[data-filter-select='code']", { label: "any" });
  await changed(page, ["/404/order-not-found/"]);
  // A tree that concerns 429 and 503 is found under either status.
  await page.fill("[data-search-input]", "maintenance");
  const maintenance = await changed(page, all);
  await page.click("[data-filter='status:429']");
  assert.deepEqual(await changed(page, maintenance), ["/trees/why-refused/"]);
  await page.click("[data-filter='status:503']");
  const in503 = await changed(page, ["/trees/why-refused/"]);
  assert.ok(in503.includes("/trees/why-refused/") && in503.includes("/503/scheduled-maintenance/"), in503.join(" "));
  assert.deepEqual(page.problems, []);
});

test("a catalog with nothing to filter by shows no filter, and its hint names its own things", async () => {
  const root = mkdtempSync(join(tmpdir(), "errdocs-nofilter-"));
  try {
    mkdirSync(join(root, "content/errors/404"), { recursive: true });
    writeFileSync(join(root, "errdocs.toml"), 'title = "Shelf API errors"\n');
    for (const [slug, title] of [["shelf-not-found", "Shelf not found"], ["book-not-found", "Book not found on any shelf"]]) {
      writeFileSync(join(root, `content/errors/404/${slug}.yaml`),
        `status: 404\ntitle: ${title}\nsummary: Nothing has this id.\nresponse:\n  status: 404\nallow: [missing-sample-pair]\n`);
    }
    const site = await serve(build(root));
    try {
      const page = await newPage(context);
      await page.goto(site.url + "?q=found");
      const got = await results(page);
      assert.ok(got.length >= 2, got.join(" "));
      assert.equal(await page.locator("[data-search-filters] > *").count(), 0, "no filter");
      assert.equal(await page.isVisible("[data-search-filters]"), false, "no empty filter box");
      assert.equal(await page.getAttribute("[data-search-input]", "placeholder"), "Search 404, shelf not found…");
      assert.deepEqual(page.problems, []);
    } finally {
      await site.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the search hint names what the catalog has, and never another topic", async () => {
  const page = await newPage(context);
  await page.goto(srv.url);
  const hint = await page.getAttribute("[data-search-input]", "placeholder");
  const examples = hint.replace(/^Search /, "").replace(/…$/, "").split(", ");
  assert.ok(examples.length >= 2, hint);
  for (const example of examples) {
    if (/^\d+$/.test(example)) {
      const r = await page.goto(srv.url + example + "/");
      assert.equal(r.status(), 200, example);
    } else {
      // A title of the catalog: searching for it finds it first.
      await page.goto(srv.url + "?q=" + encodeURIComponent(example));
      await results(page);
      const first = await page.locator("[data-search-results] .result-title").first().textContent();
      assert.equal(first.toLowerCase(), example.toLowerCase());
    }
  }
  await page.goto(fx.url + "429/rate-limit-exceeded/");
  const box = await page.locator("form[data-search]").evaluate((f) => f.outerHTML);
  for (const word of ["401", "invalid_token", "auth", "token"]) assert.ok(!box.toLowerCase().includes(word), `${word} in ${box}`);
  assert.deepEqual(page.problems, []);
});
