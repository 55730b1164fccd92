// `errdocs serve` in a real browser: an open page reloads by itself after an edit, and a broken file
// shows an overlay with the same `path:line:col` text as the terminal until it is fixed. The server
// sends `Content-Security-Policy: default-src 'self'`; Chromium reports any violation on the console.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { launch, newPage, repo, serveLive } from "./harness.mjs";

let site, server, browser;
const entry = () => join(site, "content/errors/401/expired-token.yaml");

before(async () => {
  site = join(mkdtempSync(join(tmpdir(), "errdocs-serve-")), "site");
  cpSync(join(repo, "tests/fixtures/basic"), site, { recursive: true });
  server = await serveLive(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (site) rmSync(dirname(site), { recursive: true, force: true });
});

/** Rewrites the entry file, replacing `from` with `to`. */
function edit(from, to) {
  const text = readFileSync(entry(), "utf8");
  assert.ok(text.includes(from), from);
  writeFileSync(entry(), text.replace(from, to));
}

/** An open entry page whose reload client is connected. */
async function openEntry() {
  const page = await newPage(await browser.newContext());
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) page.problems.push(`csp: ${m.text()}`); });
  await page.goto(server.url + "401/expired-token/");
  await page.waitForSelector("html[data-errdocs-live=connected]", { state: "attached" });
  return page;
}

test("an open page reloads by itself after an edit", async () => {
  const page = await openEntry();
  assert.equal(await page.textContent("h1"), "Expired access token");
  await page.evaluate(() => { window.beforeEdit = true; });
  const saved = Date.now();
  edit("title: Expired access token", "title: Token past its expiry");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Token past its expiry", null, { polling: 10, timeout: 10_000 });
  const took = Date.now() - saved;
  assert.equal(await page.evaluate(() => window.beforeEdit), undefined, "the page was reloaded, not patched");
  console.log(`# saved → reloaded page: ${took} ms`);
  assert.deepEqual(page.problems, []);
  edit("title: Token past its expiry", "title: Expired access token");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Expired access token", null, { timeout: 10_000 });
  await page.context().close();
});

test("a broken file shows an overlay with path:line:col until it is fixed", async () => {
  const page = await openEntry();
  edit("status: 401\ntitle:", "status: [401\ntitle:");
  const overlay = page.locator("[data-errdocs-overlay]");
  await overlay.waitFor({ timeout: 10_000 });
  const where = await overlay.locator(".errdocs-overlay-where").allTextContents();
  assert.ok(where.some((w) => w.startsWith("content/errors/401/expired-token.yaml:1:9: error: ")), where.join("\n"));
  const source = await overlay.locator(".errdocs-overlay-source").first().textContent();
  assert.ok(source.includes("1 | status: [401"), source);
  assert.equal(await page.textContent("h1"), "Expired access token", "the last good page stays under the overlay");
  assert.ok(server.stderr.some((l) => l.startsWith("content/errors/401/expired-token.yaml:1:9: error: ")), "the terminal shows the same text");
  assert.equal(await overlay.evaluate((el) => getComputedStyle(el).position), "fixed", "styled by its stylesheet");
  edit("status: [401\ntitle:", "status: 401\ntitle:");
  await overlay.waitFor({ state: "detached", timeout: 10_000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an edit reloads only the pages it changes", async () => {
  const edited = await openEntry();
  const other = await newPage(edited.context());
  await other.goto(server.url + "guides/handling-401/");
  await other.waitForSelector("html[data-errdocs-live=connected]", { state: "attached" });
  await other.evaluate(() => { window.beforeEdit = true; });
  edit("Retry the request once.", "Retry the request once, then stop.");
  await edited.waitForFunction(() => document.body.textContent.includes("Retry the request once, then stop."), null, { timeout: 10_000 });
  // Let the catalog-wide files (catalog.json, the search index) follow, then look again.
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await other.evaluate(() => window.beforeEdit), true, "the guide, which did not change, was not reloaded");
  edit("Retry the request once, then stop.", "Retry the request once.");
  assert.deepEqual([...edited.problems, ...other.problems], []);
  await edited.context().close();
});
