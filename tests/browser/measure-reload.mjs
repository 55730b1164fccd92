// Measures the time from saving a file to the reloaded page in a browser, with `errdocs serve`.
// Usage: node tests/browser/measure-reload.mjs SITE [ENTRY_ID] [ROUNDS]
// SITE is edited and restored: pass a copy. Set ERRDOCS_BIN to the release binary.
// Two kinds of edit: a fix step (only the entry's page is rendered again) and the title (which
// other pages show, so every page is rendered again).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, serveLive } from "./harness.mjs";

const [site, id = "401/expired-token", rounds = "3"] = process.argv.slice(2);
const file = join(site, "content/errors", `${id}.yaml`);
const original = readFileSync(file, "utf8");

/** The file with `marker` put at the start of the first fix step, or of the title. */
function edited(kind, marker) {
  const lines = original.split("\n");
  const at = kind === "title" ? lines.findIndex((l) => l.startsWith("title: ")) : lines.findIndex((l) => l === "fix:") + 1;
  const prefix = kind === "title" ? "title: " : lines[at].match(/^\s*- /)[0];
  const rest = lines[at].slice(prefix.length);
  const quote = rest[0] === "'" || rest[0] === '"' ? rest[0] : "";
  lines[at] = `${prefix}${quote}${marker} ${rest.slice(quote.length)}`;
  return lines.join("\n");
}

/** Resolves once every partial rebuild logged so far has also finished catalog.json and the index. */
async function settled() {
  const count = (re) => server.stderr.filter((l) => re.test(l)).length;
  while (count(/^rendered \d+ edited entry/) > count(/^(updated|dropped) catalog\.json/)) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

const started = Date.now();
const server = await serveLive(site);
console.log(`serve started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}${id}/`, { timeout: 600_000 });
  for (const kind of ["fix", "title"]) {
    for (let round = 1; round <= Number(rounds); round++) {
      await page.waitForSelector("html[data-errdocs-live=connected]", { state: "attached", timeout: 600_000 });
      // Each edit on its own: after an entry-only edit the server rebuilds catalog.json and the
      // search index in the background once the page is served; wait for it to finish.
      await settled();
      const marker = `Edited${kind}${round}${Date.now() % 100000}`;
      const saved = Date.now();
      writeFileSync(file, edited(kind, marker));
      await page.waitForFunction((m) => document.body?.textContent.includes(m), marker, { polling: 10, timeout: 600_000 });
      console.log(`${kind} edit ${round}: saved → reloaded page ${Date.now() - saved} ms`);
    }
  }
  console.log(server.stderr.filter((l) => /^(built|rendered|updated|dropped)/.test(l)).join("\n"));
} finally {
  writeFileSync(file, original);
  await browser.close();
  await server.stop();
}
