// Measures `errdocs serve` in a browser: the time from starting it to the first page on screen, the
// time from saving a file to the reloaded page, and, with --crawl, its memory once every page was
// requested, next to a build's.
// Usage: node tests/browser/measure-reload.mjs SITE [ENTRY_ID] [ROUNDS] [--crawl]
// SITE is edited and restored: pass a copy. Set ERRDOCS_BIN to the release binary.
// The first page is the entry's. Two kinds of edit: a fix step (only the entry's own page changes)
// and the title (which other pages show too).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { bin, launch } from "./harness.mjs";

const args = process.argv.slice(2);
const crawl = args.includes("--crawl");
const [site, id = "401/expired-token", rounds = "3"] = args.filter((a) => a !== "--crawl");
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

/** Starts `errdocs serve` on SITE; resolves to { url, stderr, pid, stop } once it serves. */
function serve() {
  const child = spawn(bin, ["serve", "--port", "0", "--root", site], { stdio: ["ignore", "ignore", "pipe"] });
  const stderr = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stderr }).on("line", (line) => {
      stderr.push(line);
      const found = line.match(/^serving .* at (http:\/\/\S+)/);
      if (found) {
        const stop = () => new Promise((r) => { child.once("exit", r); child.kill("SIGINT"); });
        resolve({ url: found[1], stderr, pid: child.pid, stop });
      }
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}:\n${stderr.join("\n")}`)));
  });
}

/** Resolves once the background work of every build logged so far is done: the check (this
 * version), or catalog.json and the search index (versions that rendered every page up front). */
async function settled(server) {
  const count = (re) => server.stderr.filter((l) => re.test(l)).length;
  while (count(/^site ready/) > count(/^(checked|dropped) the check|^checked the catalog/)
    || count(/^rendered \d+ edited entry/) > count(/^(updated|dropped) catalog\.json/)) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** VmHWM (peak) and VmRSS (now) of process `pid`, in MB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (key) => Math.round(Number(status.match(new RegExp(`${key}:\\s+(\\d+) kB`))[1]) / 1024);
  return { peak: mb("VmHWM"), now: mb("VmRSS") };
}

/** Requests every page the sitemap lists (and the sitemap's own files), four at a time. */
async function requestEveryPage(url) {
  const sitemap = await (await fetch(`${url}sitemap.xml`)).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => new URL(m[1], url).pathname);
  // Each page's Markdown version too (`serve` makes and keeps them like pages); not llms-full.txt,
  // which holds them all and, like catalog.json, is made on each request and never kept.
  paths.push(...paths.map((p) => `${p.endsWith("/") ? p : `${p}/`}index.html.md`));
  paths.push("/404.html", "/catalog.json", "/search/meta.json", "/llms.txt");
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < paths.length) {
      const response = await fetch(new URL(paths[next++], url));
      bytes += (await response.arrayBuffer()).byteLength;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { files: paths.length, bytes };
}

/** A build of SITE into a temp folder, under /usr/bin/time: peak memory in MB and seconds. */
function measureBuild() {
  const out = join(mkdtempSync(join(tmpdir(), "errdocs-measure-")), "public");
  const started = Date.now();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", bin, "build", "--quiet", "--root", site, "--out", out], { encoding: "utf8" });
  rmSync(join(out, ".."), { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`build failed:\n${run.stderr}`);
  return { peak: Math.round(Number(run.stderr.trim().split("\n").pop()) / 1024), seconds: (Date.now() - started) / 1000 };
}

const browser = await launch();
const context = await browser.newContext();
const page = await context.newPage();
const started = Date.now();
const server = await serve();
try {
  const answering = Date.now() - started;
  await page.goto(`${server.url}${id}/`, { timeout: 600_000 });
  console.log(`start → first page on screen: ${Date.now() - started} ms (serve answering after ${answering} ms)`);
  if (crawl) {
    await settled(server);
    const crawled = Date.now();
    const { files, bytes } = await requestEveryPage(server.url);
    const served = memory(server.pid);
    console.log(`requested ${files} files (${Math.round(bytes / 1e6)} MB) in ${((Date.now() - crawled) / 1000).toFixed(1)} s; serve: peak ${served.peak} MB, now ${served.now} MB`);
    // What it holds once idle: memory freed by the crawl goes back to the system after a pause.
    await new Promise((r) => setTimeout(r, 5000));
    console.log(`serve 5 s after the crawl: ${memory(server.pid).now} MB`);
    const build = measureBuild();
    console.log(`build: peak ${build.peak} MB in ${build.seconds.toFixed(1)} s; serve/build peak: ${(served.peak / build.peak).toFixed(2)}`);
  }
  for (const kind of ["fix", "title"]) {
    for (let round = 1; round <= Number(rounds); round++) {
      await page.waitForSelector("html[data-errdocs-live=connected]", { state: "attached", timeout: 600_000 });
      // Each edit on its own: once the page is served, the server goes on in the background
      // (the check, or catalog.json and the search index); wait for that to finish.
      await settled(server);
      const marker = `Edited${kind}${round}${Date.now() % 100000}`;
      const saved = Date.now();
      writeFileSync(file, edited(kind, marker));
      await page.waitForFunction((m) => document.body?.textContent.includes(m), marker, { polling: 10, timeout: 600_000 });
      console.log(`${kind} edit ${round}: saved → reloaded page ${Date.now() - saved} ms`);
    }
  }
  console.log(server.stderr.filter((l) => /^(built|rendered|updated|dropped|site ready|checked)/.test(l)).join("\n"));
} finally {
  writeFileSync(file, original);
  await browser.close();
  await server.stop();
}
