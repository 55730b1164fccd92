// Shared helpers for the browser suite: build a site with the real binary, serve it on 127.0.0.1
// with a strict Content-Security-Policy, and drive Debian's Chromium through playwright-core.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The errdocs binary under test. */
export const bin = process.env.ERRDOCS_BIN || join(process.env.CARGO_TARGET_DIR || join(repo, "target"), "debug", "errdocs");

/** Temp folders made by `build`, removed when the test process exits. */
const made = [];
process.once("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Builds the site folder `root` with `errdocs build` into a fresh temp folder; returns its path. */
export function build(root = repo, args = []) {
  const dir = mkdtempSync(join(tmpdir(), "errdocs-browser-"));
  made.push(dir);
  const out = join(dir, "public");
  execFileSync(bin, ["build", "--quiet", "--root", root, "--out", out, ...args], { stdio: ["ignore", "inherit", "inherit"] });
  return out;
}

/** One page of each kind in the shipped site, by kind. */
export const PAGE_KINDS = {
  home: "",
  status: "401/",
  entry: "401/expired-token/",
  comparison: "compare/401-vs-403/",
  tree: "trees/why-401/",
  guide: "guides/handling-401-in-clients/",
  guides: "guides/",
};

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain", ".md": "text/markdown; charset=utf-8" };
export const CSP = "default-src 'self'; report-uri /__csp";

/**
 * Serves `dir` under the URL path `prefix` with the site's CSP. Records every request path and
 * every CSP violation report. Returns { url, requests, violations, close }. `csp` replaces the
 * site's policy (only for measuring other engines that need more).
 */
export async function serve(dir, prefix = "/", csp = CSP) {
  const requests = [];
  const violations = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/__csp") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => { violations.push(body); res.writeHead(204).end(); });
      return;
    }
    requests.push(path);
    const send = (file, status) => {
      res.writeHead(status, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Content-Security-Policy": csp });
      res.end(readFileSync(file));
    };
    const notFound = () => send(join(dir, "404.html"), 404);
    if (!path.startsWith(prefix)) return notFound();
    let file = join(dir, path.slice(prefix.length));
    if (!file.startsWith(dir)) return notFound();
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) { res.writeHead(301, { Location: path + "/" }).end(); return; }
      file = join(file, "index.html");
    }
    if (!existsSync(file)) return notFound();
    send(file, 200);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, requests, violations, close: () => new Promise((r) => server.close(r)) };
}

/** Launches headless Chromium with the flags this closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that records console errors and uncaught exceptions into `page.problems`. */
export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") page.problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => page.problems.push(`exception: ${e.message}`));
  return page;
}

/**
 * Starts `errdocs serve --port 0` on the site folder `root`; resolves to { url, stderr, stop } once
 * it prints its address. `stderr` keeps every line it printed; `stop` sends Ctrl-C and waits.
 */
export function serveLive(root, args = []) {
  const child = spawn(bin, ["serve", "--port", "0", "--root", root, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  const stderr = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr.join("\n")}`)), 600_000);
    createInterface({ input: child.stderr }).on("line", (line) => {
      stderr.push(line);
      const found = line.match(/^serving .* at (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        const stop = () => new Promise((r) => { child.once("exit", r); child.kill("SIGINT"); });
        resolve({ url: found[1], stderr, stop });
      }
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}:\n${stderr.join("\n")}`)));
  });
}
