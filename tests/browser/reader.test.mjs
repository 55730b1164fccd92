// The reader's side of both sites (the shipped 401 reference and examples/parcel-api) in headless
// Chromium: in every sample pair the changed characters are marked and in view, at 1280 px and 390 px,
// and legible in both themes; no page scrolls sideways on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build, serve, launch, repo } from "./harness.mjs";

const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const sites = {};
let browser;

before(async () => {
  for (const [name, root] of [["shipped", repo], ["parcel", join(repo, "examples/parcel-api")]]) {
    const out = build(root);
    const catalog = JSON.parse(readFileSync(join(out, "catalog.json"), "utf8"));
    sites[name] = { out, srv: await serve(out), entries: catalog.entries.map((e) => e.url.replace(/^\//, "")) };
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) await s.srv.close();
});

/** The pages of both sites that show sample pairs, as [site, path]. */
const pairPages = () => Object.entries(sites).flatMap(([name, s]) => s.entries.map((p) => [name, p]));

test("every language of every pair marks what changed: <del> on the incorrect side, <ins> on the correct side", async () => {
  // Without JavaScript every language shows, so one look at a page sees them all.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = [];
  let pairs = 0;
  for (const [site, path] of pairPages()) {
    await page.goto(sites[site].srv.url + path);
    const found = await page.$$eval("[data-pair]", (all) => all.map((pair) => {
      const side = (verdict) => pair.querySelector(`[data-verdict="${verdict}"]`);
      const langs = [...side("incorrect").querySelectorAll(".variant")].map((v) => v.dataset.lang);
      return langs.map((lang) => {
        const variant = (verdict) => side(verdict).querySelector(`.variant[data-lang="${lang}"]`);
        const count = (verdict, sel) => variant(verdict).querySelectorAll(sel).length;
        return {
          id: pair.id, lang,
          // Some pairs send the same request at another time, or differ only where a language
          // does not show (the scheme of a URL in raw HTTP): then nothing is marked.
          same: variant("incorrect").querySelector("code").textContent === variant("correct").querySelector("code").textContent,
          del: count("incorrect", "del"), ins: count("correct", "ins"),
          wrongTag: count("incorrect", "ins") + count("correct", "del"),
          changed: count("incorrect", ".line.d") + count("correct", ".line.d"),
          // A mark never strays outside a changed line.
          stray: count("incorrect", ".line:not(.d) del") + count("correct", ".line:not(.d) ins"),
        };
      });
    }));
    for (const f of found.flat()) {
      pairs++;
      const where = `${site} /${path}#${f.id} ${f.lang}`;
      if (f.same) {
        if (f.del + f.ins + f.changed) problems.push(`${where}: the same code on both sides, yet marked`);
        continue;
      }
      if (f.del + f.ins === 0) problems.push(`${where}: nothing marked`);
      if (f.changed === 0) problems.push(`${where}: no changed line`);
      if (f.wrongTag || f.stray) problems.push(`${where}: ${f.wrongTag} marks on the wrong side, ${f.stray} outside a changed line`);
    }
  }
  assert.ok(pairs > 500, `pairs checked: ${pairs}`);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [width, viewport] of Object.entries(WIDTHS)) {
  test(`the changed part of every pair is in view without scrolling at ${viewport.width} px`, async () => {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    const hidden = [];
    for (const [site, path] of pairPages()) {
      await page.goto(sites[site].srv.url + path);
      const out = await page.$$eval("[data-pair] [data-lang] pre.code", (pres) => pres.flatMap((pre) => {
        const box = pre.getBoundingClientRect();
        const lang = pre.closest("[data-lang]").dataset.lang;
        const where = `${pre.closest("[data-pair]").id} ${pre.closest("[data-verdict]").dataset.verdict} ${lang}`;
        const wrong = [];
        if (pre.scrollWidth > pre.clientWidth + 1) wrong.push(`${where}: scrolls ${pre.scrollWidth - pre.clientWidth} px sideways`);
        for (const mark of pre.querySelectorAll("del, ins")) {
          for (const r of mark.getClientRects()) {
            if (r.left < box.left - 1 || r.right > box.right + 1) wrong.push(`${where}: "${mark.textContent}" outside its box`);
          }
        }
        return wrong;
      }));
      hidden.push(...out.map((o) => `${site} /${path} ${o}`));
    }
    assert.deepEqual(hidden, []);
    await context.close();
  });
}

for (const scheme of ["light", "dark"]) {
  test(`changed lines and marks read at 4.5:1 or better in the ${scheme} theme`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, javaScriptEnabled: false });
    const page = await context.newPage();
    const low = [];
    for (const [site, path] of [["shipped", "401/expired-token/"], ["parcel", sites.parcel.entries.find((p) => p.startsWith("422/"))]]) {
      await page.goto(sites[site].srv.url + path);
      const found = await page.evaluate(() => {
        const rgb = (s) => s.match(/[\d.]+/g).map(Number);
        const lum = ([r, g, b]) => {
          const c = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
        };
        const background = (el) => {
          for (; el; el = el.parentElement) {
            const c = rgb(getComputedStyle(el).backgroundColor);
            if (c.length < 4 || c[3] > 0) return c;
          }
          return [255, 255, 255];
        };
        const out = [];
        // Every run of text in a changed line, marked or not.
        for (const line of document.querySelectorAll("[data-pair] .line.d")) {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent.trim()) continue;
            const el = n.parentElement;
            const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < 4.5) out.push(`"${n.textContent}" in ${el.tagName.toLowerCase()}.${el.className}: ${ratio.toFixed(2)}:1`);
          }
        }
        return { out, marks: document.querySelectorAll("[data-pair] del, [data-pair] ins").length };
      });
      assert.ok(found.marks > 0, `${path}: no marks`);
      low.push(...new Set(found.out.map((o) => `${site} /${path} ${o}`)));
    }
    assert.deepEqual(low, []);
    await context.close();
  });
}

/** Every page of a built site: its sitemap's pages and the 404 page, as paths. */
const allPages = (site) => {
  const map = readFileSync(join(sites[site].out, "sitemap.xml"), "utf8");
  return [...map.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1], "http://x").pathname.slice(1)).concat("404.html");
};

test("no page of either site scrolls sideways at 390 px, in either theme", async () => {
  const wide = [];
  let pages = 0;
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: WIDTHS.phone, colorScheme: scheme });
    const page = await context.newPage();
    for (const site of Object.keys(sites)) {
      for (const path of allPages(site)) {
        pages++;
        await page.goto(sites[site].srv.url + path);
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        if (scroll > inner) wide.push(`${scheme} ${site} /${path}: ${scroll} px`);
      }
    }
    await context.close();
  }
  assert.ok(pages > 100, `pages: ${pages}`);
  assert.deepEqual(wide, []);
});

test("on a phone a comparison reads row by row, every subject named and in view", async () => {
  const context = await browser.newContext({ viewport: WIDTHS.phone });
  const page = await context.newPage();
  for (const site of Object.keys(sites)) {
    for (const path of allPages(site).filter((p) => p.startsWith("compare/") && p !== "compare/")) {
      await page.goto(sites[site].srv.url + path);
      const found = await page.$$eval("table.compare", (tables) => tables.map((t) => {
        const subjects = [...t.querySelectorAll("thead th")].slice(1).map((th) => th.textContent.trim());
        const cells = [...t.querySelectorAll("tbody td")];
        return {
          subjects,
          labels: [...new Set(cells.map((td) => getComputedStyle(td, "::before").content.replace(/^"|"$/g, "")))],
          outside: cells.filter((td) => td.getBoundingClientRect().right > innerWidth).length,
          scrolls: t.parentElement.scrollWidth > t.parentElement.clientWidth,
        };
      }));
      assert.ok(found.length > 0, path);
      for (const f of found) {
        assert.deepEqual(f.labels, f.subjects, `${site} /${path}: each cell names its subject`);
        assert.equal(f.outside, 0, `${site} /${path}: cells out of view`);
        assert.equal(f.scrolls, false, `${site} /${path}: the table scrolls`);
      }
    }
  }
  await context.close();
});

test("HTTP reads the same everywhere: samples, responses and Markdown code blocks", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Per role, the colours it takes, and where each was seen.
  const kinds = new Set();
  const seen = { method: new Map(), field: new Map(), value: new Map(), status: new Map(), reason: new Map() };
  const pages = [["shipped", "401/expired-token/"], ["shipped", "compare/401-vs-403/"], ["shipped", "guides/returning-401-from-servers/"], ["parcel", sites.parcel.entries[0]]];
  for (const [site, path] of pages) {
    await page.goto(sites[site].srv.url + path);
    // Show every language, so raw HTTP samples are laid out and styled.
    await page.evaluate(() => document.documentElement.classList.remove("js"));
    const found = await page.$$eval('[data-lang="http"] code, figure.response code, code.language-http', (codes) => codes.map((code) => {
      const kind = code.matches(".language-http") ? "markdown" : code.closest("figure.response") ? "response" : "sample";
      const color = (el) => getComputedStyle(el).color;
      const roles = [];
      const lines = [...code.querySelectorAll(":scope > .line")];
      const first = lines[0];
      if (first) {
        const spans = [...first.children];
        if (spans[0]?.textContent.startsWith("HTTP/")) {
          roles.push(["status", color(spans[1])]);
          // The reason phrase: the line's own text after the status code.
          roles.push(["reason", color(first)]);
        } else if (spans.length) {
          roles.push(["method", color(spans[0])]);
        }
      }
      for (const line of lines.slice(1)) {
        const [name, colon, value] = line.children;
        if (colon?.textContent === ":") roles.push(["field", color(name)], ["value", color(value)]);
      }
      return { kind, roles };
    }));
    for (const { kind, roles } of found) {
      if (roles.length) kinds.add(kind);
      for (const [role, c] of roles) if (!seen[role].has(c)) seen[role].set(c, `${kind} on /${path}`);
    }
  }
  assert.deepEqual([...kinds].sort(), ["markdown", "response", "sample"], "every kind of HTTP block was seen");
  for (const [role, colours] of Object.entries(seen)) {
    assert.equal(colours.size, 1, `${role}: ${JSON.stringify([...colours])}`);
  }
  // A reason phrase is plain text, never in the colour of an error or of a keyword.
  const [reason] = seen.reason.keys();
  const body = await page.evaluate(() => getComputedStyle(document.querySelector("pre.code")).color);
  assert.equal(reason, body);
  await context.close();
});

test("long pages have a map: a table of contents in the margin that stays in view, anchors on headings", async () => {
  const context = await browser.newContext({ viewport: WIDTHS.desktop });
  const page = await context.newPage();
  for (const [site, path] of [["shipped", "401/"], ["shipped", "401/expired-token/"], ["shipped", "guides/returning-401-from-servers/"], ["parcel", "422/"], ["parcel", sites.parcel.entries[0]]]) {
    await page.goto(sites[site].srv.url + path);
    const where = `${site} /${path}`;
    const toc = page.locator("article > nav.toc");
    assert.equal(await toc.count(), 1, `${where}: a table of contents`);
    // Every link leads to a heading of the page.
    const targets = await toc.locator("a").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), !!document.getElementById(a.getAttribute("href").slice(1))]));
    assert.ok(targets.length >= 3 && targets.every(([, found]) => found), `${where}: ${JSON.stringify(targets)}`);
    // In the margin: beside the content, overlapping none of it.
    const overlaps = await page.evaluate(() => {
      const toc = document.querySelector("article > nav.toc ul").getBoundingClientRect();
      return [...document.querySelectorAll("article > :not(nav.toc)")].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width && r.right > toc.left && r.left < toc.right && r.bottom > toc.top && r.top < toc.bottom;
      }).map((el) => el.tagName + "." + el.className);
    });
    assert.deepEqual(overlaps, [], `${where}: the contents overlap the page`);
    // Far down the page it is still in view.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.7));
    const box = await toc.locator("ul").boundingBox();
    assert.ok(box.y >= 0 && box.y < WIDTHS.desktop.height / 2, `${where}: contents at ${box.y} after scrolling`);
    // Every heading with an id carries a link to itself.
    const headings = await page.$$eval("main h2[id], main h3[id]", (hs) => hs.map((h) => [h.id, h.querySelector("a.anchor")?.getAttribute("href")]));
    assert.ok(headings.length >= 3, where);
    for (const [id, href] of headings) assert.equal(href, `#${id}`, `${where}: heading ${id}`);
  }
  await context.close();
});

test("every code block has a copy button that copies it; lists keep to the reading width", async () => {
  const context = await browser.newContext({ viewport: WIDTHS.desktop, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  for (const [site, path] of [["shipped", "401/"], ["shipped", "401/expired-token/"], ["shipped", "guides/returning-401-from-servers/"], ["parcel", sites.parcel.entries[0]]]) {
    await page.goto(sites[site].srv.url + path);
    const where = `${site} /${path}`;
    const without = await page.$$eval("main pre.code", (pres) => pres.filter((pre) => {
      const sample = pre.closest("[data-sample]");
      const copy = sample ? sample.querySelector("[data-copy]") : pre.parentElement.querySelector(":scope > [data-copy]");
      return !copy || !copy.checkVisibility();
    }).length);
    assert.equal(without, 0, `${where}: code blocks without a copy button`);
    // A block outside the samples copies its own text.
    const block = page.locator(".code-block").last();
    const expected = (await block.locator("code").innerText()).replace(/\n$/, "");
    await block.locator("[data-copy]").click();
    await page.waitForFunction((el) => el.querySelector("[data-copy]").textContent === "Copied", await block.elementHandle());
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected, where);
    // No list runs wider than 76 characters of its own text.
    const wide = await page.$$eval("main ul:not(.links):not(.answers):not(.nodes), main ol", (lists) => lists.filter((list) => {
      if (list.closest(".toc")) return false;
      const probe = document.createElement("span");
      probe.textContent = "0".repeat(76);
      list.appendChild(probe);
      const limit = probe.getBoundingClientRect().width;
      probe.remove();
      return list.getBoundingClientRect().width > limit + 1;
    }).map((l) => l.className || l.parentElement.className));
    assert.deepEqual(wide, [], `${where}: lists wider than the reading width`);
  }
  await context.close();
});

test("entry pages load with at most 1,500 elements, every language a tab away", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const heavy = [];
  let largest = 0;
  for (const [site, path] of pairPages()) {
    await page.goto(sites[site].srv.url + path);
    const count = await page.evaluate(() => document.getElementsByTagName("*").length);
    largest = Math.max(largest, count);
    if (count > 1500) heavy.push(`${site} /${path}: ${count}`);
  }
  assert.deepEqual(heavy, []);
  // The page that was largest still offers every language: pick the last tab, and every sample
  // shows that language's code.
  await page.goto(sites.shipped.srv.url + "401/expired-token/");
  const tabs = await page.locator("[data-sample]").first().locator("[role=tab]").evaluateAll((ts) => ts.map((t) => t.dataset.tab));
  assert.equal(tabs.length, 12, `tabs: ${tabs}`);
  for (const lang of [tabs[tabs.length - 1], tabs[4]]) {
    await page.locator(`[data-sample] [role=tab][data-tab="${lang}"]`).first().click();
    const shown = await page.$$eval("[data-sample]", (samples) => samples.map((s) => {
      const v = [...s.querySelectorAll(".variant")].filter((x) => x.checkVisibility());
      return v.length === 1 ? [v[0].dataset.lang, v[0].querySelector("code").textContent.length, v[0].getAttribute("aria-labelledby")] : ["none"];
    }));
    for (const [l, length, label] of shown) {
      assert.equal(l, lang);
      assert.ok(length > 20 && label, `${lang}: ${length} characters, labelled by ${label}`);
    }
  }
  console.log(`largest entry page: ${largest} elements`);
  await context.close();
});
