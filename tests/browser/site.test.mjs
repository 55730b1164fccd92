// The built site in a real browser under Content-Security-Policy default-src 'self': every page kind
// loads cleanly; tabs, copy buttons, tree navigation, themes, the 404 page and a sub-path deployment.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build, serve, launch, newPage, repo, PAGE_KINDS } from "./harness.mjs";

let srv, browser;
before(async () => {
  srv = await serve(build());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

test("every page kind loads with no console error and no CSP violation", async () => {
  const context = await browser.newContext();
  for (const [kind, path] of Object.entries(PAGE_KINDS)) {
    const page = await newPage(context);
    const res = await page.goto(srv.url + path);
    assert.equal(res.status(), 200, kind);
    await page.waitForLoadState("networkidle");
    // Exercise the scripts too: open the search and run a query on every page.
    await page.keyboard.press("/");
    await page.keyboard.type("token");
    await page.waitForSelector("[data-search-results] a");
    assert.deepEqual(page.problems, [], `${kind}: ${page.problems.join("\n")}`);
    await page.close();
  }
  assert.deepEqual(srv.violations, [], "CSP reports");
  await context.close();
});

test("the 404 page answers unknown paths", async () => {
  const page = await newPage(await browser.newContext());
  const res = await page.goto(srv.url + "no/such/page/");
  assert.equal(res.status(), 404);
  assert.equal(await page.textContent("h1"), "This page does not exist");
  await page.click("text=the home page");
  await page.waitForURL(srv.url);
  assert.deepEqual(page.problems.filter((p) => !p.includes("404")), []);
});

test("language tabs: one visible variant, the choice applies everywhere and is remembered", async () => {
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(srv.url + PAGE_KINDS.entry);
  const sample = page.locator("[data-sample]").first();
  const tabs = await sample.locator("[role=tab]").evaluateAll((ts) => ts.map((t) => t.dataset.tab));
  assert.ok(tabs.length >= 2, `tabs: ${tabs}`);
  assert.equal(await sample.locator(".variant:visible").count(), 1, "one variant shows");
  assert.equal(await sample.locator(".variant:visible").getAttribute("data-lang"), "http", "http first");
  const pick = tabs[tabs.length - 1];
  await sample.locator(`[role=tab][data-tab="${pick}"]`).click();
  const visible = await page.locator("[data-sample] .variant:visible").evaluateAll((vs) => vs.map((v) => v.dataset.lang));
  assert.ok(visible.length >= 2 && visible.every((l) => l === pick), `every sample switched: ${visible}`);
  // Another page, same browser profile: the choice is remembered.
  await page.goto(srv.url + "401/missing-credentials/");
  const again = await page.locator("[data-sample] .variant:visible").evaluateAll((vs) => vs.map((v) => v.dataset.lang));
  assert.ok(again.length > 0 && again.every((l) => l === pick), `remembered: ${again}`);
  // Arrow keys move between tabs.
  await page.locator(`[data-sample] [role=tab][data-tab="${pick}"]`).first().focus();
  await page.keyboard.press("Home");
  assert.equal(await page.locator("[data-sample] .variant:visible").first().getAttribute("data-lang"), tabs[0]);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("without JavaScript every variant is readable", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(srv.url + PAGE_KINDS.entry);
  const sample = page.locator("[data-sample]").first();
  const all = await sample.locator(".variant").count();
  assert.ok(all >= 2);
  assert.equal(await sample.locator(".variant:visible").count(), all);
  assert.equal(await sample.locator(".sample-bar").isVisible(), false, "no dead tabs without JavaScript");
  await context.close();
});

test("the copy button copies the visible variant", async () => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await newPage(context);
  await page.goto(srv.url + PAGE_KINDS.entry);
  const sample = page.locator("[data-sample]").first();
  const expected = await sample.locator(".variant:visible code").innerText();
  await sample.locator("[data-copy]").click();
  await page.waitForFunction(() => document.querySelector("[data-sample] [data-copy]").textContent === "Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, expected.replace(/\n$/, ""));
  assert.ok(copied.startsWith("GET ") || copied.includes("http"), copied);
  await context.close();
});

test("a decision tree is walked by links, to a question and on to an entry", async () => {
  const page = await newPage(await browser.newContext());
  await page.goto(srv.url + PAGE_KINDS.tree);
  const start = page.locator("li.node-start");
  assert.equal(await start.count(), 1);
  // Follow "next question" answers until a question offers an answer that ends at an entry.
  let node = start;
  for (let step = 0; (await node.locator("a.answer-entry").count()) === 0; step++) {
    assert.ok(step < 20, "no entry reached");
    const next = node.locator("a.answer:not(.answer-entry)").first();
    const href = await next.getAttribute("href");
    await next.click();
    assert.equal(new URL(page.url()).hash, href);
    node = page.locator(href);
    assert.equal(await node.evaluate((el) => el.matches(":target")), true, "the question is highlighted");
  }
  const entry = node.locator("a.answer-entry").first();
  const entryHref = await entry.getAttribute("href");
  await entry.click();
  await page.waitForURL((u) => u.pathname === entryHref);
  assert.equal(await page.locator("[data-pair]").count() > 0, true);
  assert.deepEqual(page.problems, []);
});

test("light and dark themes follow the system setting", async () => {
  const luminance = async (scheme) => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(srv.url + PAGE_KINDS.entry);
    const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const code = await page.evaluate(() => getComputedStyle(document.querySelector("pre.code")).backgroundColor);
    await context.close();
    const l = (s) => { const [r, g, b] = s.match(/\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
    return [l(rgb), l(code)];
  };
  const [lightBody, lightCode] = await luminance("light");
  const [darkBody, darkCode] = await luminance("dark");
  assert.ok(lightBody > 0.9 && lightCode > 0.85, `light: ${lightBody} ${lightCode}`);
  assert.ok(darkBody < 0.15 && darkCode < 0.15, `dark: ${darkBody} ${darkCode}`);
});

test("a sub-path deployment works end to end", async () => {
  const out = build(repo, ["--base-url", "https://org.example/docs/"]);
  const sub = await serve(out, "/docs/");
  try {
    const page = await newPage(await browser.newContext());
    await page.goto(sub.url);
    const css = await page.evaluate(() => getComputedStyle(document.querySelector(".brand-mark")).fontFamily);
    assert.match(css, /mono/i, "the stylesheet loaded under /docs/");
    await page.click(".links.cards a >> nth=0");
    await page.waitForLoadState("networkidle");
    assert.ok(new URL(page.url()).pathname.startsWith("/docs/"), page.url());
    await page.keyboard.press("/");
    await page.keyboard.type("401");
    await page.waitForSelector("[data-search-results] a");
    const first = await page.getAttribute("[data-search-results] a", "href");
    assert.equal(first, "/docs/401/");
    await page.click("[data-search-results] a");
    await page.waitForURL((u) => u.pathname === "/docs/401/");
    assert.deepEqual(page.problems, []);
    assert.deepEqual(sub.violations, []);
    assert.ok(!sub.requests.some((p) => !p.startsWith("/docs/") && p !== "/favicon.ico"), sub.requests.join(" "));
  } finally {
    await sub.close();
  }
});
