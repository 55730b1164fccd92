// Accessibility: axe-core finds no serious or critical violation on any page kind, in light and
// dark themes, with the search results open. axe is injected into a context that bypasses the CSP
// (the site's own pages run under it in site.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { build, serve, launch, PAGE_KINDS } from "./harness.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let srv, browser;
before(async () => {
  srv = await serve(build());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

async function audit(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const scheme of ["light", "dark"]) {
  test(`no serious or critical axe violation on any page kind (${scheme})`, async () => {
    const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme });
    const found = [];
    for (const [kind, path] of Object.entries({ ...PAGE_KINDS, notFound: "404.html" })) {
      const page = await context.newPage();
      await page.goto(srv.url + path);
      await page.waitForLoadState("networkidle");
      for (const v of await audit(page)) found.push(`${kind}: ${v}`);
      await page.close();
    }
    assert.deepEqual(found, []);
    await context.close();
  });
}

test("no serious or critical axe violation with search results open", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(srv.url + "?q=token");
  await page.waitForSelector("[data-search-results] a");
  assert.deepEqual(await audit(page), []);
  await context.close();
});
