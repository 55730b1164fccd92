// The Markdown version of pages, as a browser finds it: every page kind's head links it as
// rel=alternate type=text/markdown, and the link, followed in the browser, gives Markdown served as
// text (by the static server of this suite, as the site's _headers asks hosts to, and by
// `errdocs serve`), whose title is the page's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build, serve, serveLive, launch, repo, PAGE_KINDS } from "./harness.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Follows each page kind's Markdown link under `url` and checks what comes back. */
async function checkAlternates(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A text document has no icon link, so the browser asks for /favicon.ico, which a site need not
  // have: that request alone may fail.
  const problems = [];
  page.on("console", (m) => {
    if ((m.type() === "error" || m.type() === "warning") && !m.location().url.endsWith("/favicon.ico")) problems.push(`${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  for (const [kind, path] of Object.entries(PAGE_KINDS)) {
    const res = await page.goto(url + path);
    assert.equal(res.status(), 200, kind);
    const links = page.locator('head link[rel=alternate][type="text/markdown"]');
    assert.equal(await links.count(), 1, `${kind}: one Markdown alternate`);
    const href = await links.getAttribute("href");
    const markdownUrl = new URL(href, page.url()).href;
    assert.equal(markdownUrl, new URL(path, url).href + (path === "" || path.endsWith("/") ? "index.html.md" : ".md"), kind);
    const title = (await page.locator("main h1").first().innerText()).trim();
    const md = await page.goto(markdownUrl);
    assert.equal(md.status(), 200, `${kind}: ${markdownUrl}`);
    assert.equal(md.headers()["content-type"], "text/markdown; charset=utf-8", kind);
    // The browser shows it as text, not as a download or a page.
    assert.equal(await page.evaluate(() => document.contentType), "text/markdown", kind);
    const text = await page.evaluate(() => document.body.innerText);
    const heading = text.split("\n")[0];
    assert.ok(heading.startsWith("# "), `${kind}: ${heading}`);
    // The heading is the page's title, escaped as Markdown text.
    assert.equal(heading.slice(2).replace(/\\(.)/g, "$1"), title.replace(/^Start here\s*/, ""), kind);
  }
  assert.deepEqual(problems, [], problems.join("\n"));
  await context.close();
}

test("every page kind links its Markdown version, served as text/markdown", async () => {
  const srv = await serve(build());
  try {
    await checkAlternates(srv.url);
    assert.deepEqual(srv.violations, [], "CSP reports");
  } finally {
    await srv.close();
  }
});

test("under a sub-path, and from errdocs serve", async () => {
  const srv = await serve(build(repo, ["--base-url", "/docs/"]), "/docs/");
  try {
    await checkAlternates(srv.url);
  } finally {
    await srv.close();
  }
  const live = await serveLive(repo);
  try {
    await checkAlternates(live.url);
  } finally {
    await live.stop();
  }
});
