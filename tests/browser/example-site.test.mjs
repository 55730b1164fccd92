// The example site (examples/parcel-api, the errors of an invented parcel-shipping API) in a real
// browser: search ranking on a catalog errdocs was not tuned on, every page kind loading cleanly under
// the site's Content-Security-Policy, and the decision tree's diagram staying legible.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { build, serve, launch, newPage, repo } from "./harness.mjs";

const ROOT = join(repo, "examples/parcel-api");

// Queries a developer integrating Parcelo types, with the page that must come first. Written from
// what the developer is after, not from what the ranking returned: a status number finds its
// overview, an error code or a field from a response finds the entry that explains it, a header
// finds the page that defines it, "A vs B" finds the comparison, and a how-to finds the guide's
// section. A third element N, where several pages answer the query equally well, asks only that the
// expected page be among the first N; a list of pages accepts any of them first.
export const RANKING = [
  // Status numbers and comparisons.
  ["422", "/422/"],
  ["413", "/413/"],
  ["Gone", "/410/"],
  ["Content Too Large", "/413/"],
  ["428", "/412/"],
  ["409 vs 412", "/compare/409-vs-412/"],
  ["400 vs 422", "/compare/400-vs-422/"],
  ["429 or 503", "/compare/429-vs-503/"],
  ["why was my shipment not created", "/trees/shipment-not-created/"],
  // Error codes and identifiers copied from a response.
  ["rate_limit_exceeded", "/429/rate-limit-exceeded/"],
  ["idempotency_key_reused", "/422/idempotency-key-reused/"],
  // Shared by every 422 entry: the overview that explains it, or an entry that shows it, are both
  // right answers, so the overview must be among the first three.
  ["validation_failed", "/422/", 3],
  ["available_slots", "/409/pickup-slot-taken/"],
  ["/parcels/0/weight_kg", "/422/weight-out-of-range/"],
  ["/to/postcode", "/422/invalid-postcode/"],
  ["page_size", "/400/unknown-query-parameter/"],
  // Explained on the 413 overview and shown in its one entry: either is a right first answer.
  ["max_bytes", "/413/customs-document-too-large/", 3],
  // Header fields.
  ["Retry-After", "/429/"],
  ["RateLimit-Policy", "/429/"],
  ["If-Match", "/412/version-mismatch/"],
  ["ETag", "/412/version-mismatch/"],
  ["Allow", "/405/"],
  ["Expect: 100-continue", "/413/customs-document-too-large/"],
  // Two entries are titled with the header's name; either explains it with its error.
  ["Idempotency-Key", ["/409/idempotent-request-in-progress/", "/422/idempotency-key-reused/"]],
  ["Parcelo-Request-Id", "/guides/handling-errors-in-clients/#keep-the-parcelo-request-id"],
  // What a developer saw or suspects, in their own words.
  ["shipment not found", "/404/shipment-not-found/"],
  ["sandbox id on production", "/404/shipment-not-found/"],
  ["weight out of range", "/422/weight-out-of-range/"],
  ["weight in grams", "/422/weight-out-of-range/"],
  ["postcode", "/422/invalid-postcode/"],
  ["UK instead of GB", "/422/invalid-postcode/"],
  ["postcode leading zero", "/422/invalid-postcode/"],
  ["malformed JSON", "/400/malformed-json/"],
  ["trailing comma", "/400/malformed-json/"],
  ["unknown query parameter", "/400/unknown-query-parameter/"],
  ["PUT shipment", "/405/method-not-allowed/"],
  ["label expired", "/410/label-expired/"],
  ["pickup slot taken", "/409/pickup-slot-taken/"],
  ["request still in progress", "/409/idempotent-request-in-progress/"],
  ["same key different body", "/422/idempotency-key-reused/"],
  ["upload too large", "/413/customs-document-too-large/"],
  ["broken pipe during upload", "/413/customs-document-too-large/"],
  ["lost update", "/412/version-mismatch/"],
  ["fetch sends text/plain", "/415/unsupported-content-type/"],
  ["application/octet-stream", "/415/unsupported-content-type/"],
  ["daily quota", "/429/rate-limit-exceeded/"],
  ["polling tracking", "/429/rate-limit-exceeded/"],
  ["scheduled maintenance", "/503/scheduled-maintenance/"],
  ["HTML error page", "/503/scheduled-maintenance/"],
  // How-tos answered by the guide.
  // The guide's section, or the two entries about the key's errors: the section in the first three.
  ["idempotency key", "/guides/handling-errors-in-clients/#idempotency-keys", 3],
  ["exponential backoff jitter", "/guides/handling-errors-in-clients/#retry-only-what-can-succeed-later"],
  ["show field errors in a form", "/guides/handling-errors-in-clients/#show-field-errors-next-to-their-inputs"],
];

let srv, browser, context;
before(async () => {
  srv = await serve(build(ROOT));
  browser = await launch();
  context = await browser.newContext();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

async function results(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector("[data-search-status]");
    return s && s.textContent.trim() !== "";
  });
  return page.$$eval("[data-search-results] a", (as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
}

test(`ranking: ${RANKING.length} queries on the example site put the expected page first`, async () => {
  const page = await newPage(context);
  const wrong = [];
  for (const [q, expected, among = 1] of RANKING) {
    await page.goto(srv.url + "?q=" + encodeURIComponent(q));
    const got = await results(page);
    const hit = (url, want) => (want.includes("#") ? url === want : url.split("#")[0] === want);
    const wanted = [expected].flat();
    const ok = got.slice(0, among).some((url) => wanted.some((want) => hit(url, want)));
    if (!ok) wrong.push(`${q}: expected ${wanted.join(" or ")}${among > 1 ? ` in the first ${among}` : ""}, got ${got.slice(0, 3).join(", ")}`);
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(page.problems, []);
});

test("every page kind of the example site loads with no console error and no CSP violation", async () => {
  const kinds = {
    home: "",
    status: "422/",
    entry: "429/rate-limit-exceeded/",
    comparison: "compare/409-vs-412/",
    tree: "trees/shipment-not-created/",
    guide: "guides/handling-errors-in-clients/",
    guides: "guides/",
  };
  const ctx = await browser.newContext();
  for (const [kind, path] of Object.entries(kinds)) {
    const page = await newPage(ctx);
    const res = await page.goto(srv.url + path);
    assert.equal(res.status(), 200, kind);
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("/");
    await page.keyboard.type("postcode");
    await page.waitForSelector("[data-search-results] a");
    assert.deepEqual(page.problems, [], `${kind}: ${page.problems.join("\n")}`);
    await page.close();
  }
  assert.deepEqual(srv.violations, [], "CSP reports");
  await ctx.close();
});

// The diagram draws every question and answer of the tree. Its text is what the reader sees, so it
// shows no Markdown syntax, no label runs into the text beside it or out of its box, and the drawing
// fits the column on a desktop and on a phone.
for (const [device, width] of [["desktop", 1280], ["phone", 390]]) {
  test(`the tree diagram is legible on a ${device}`, async () => {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await newPage(ctx);
    await page.goto(srv.url + "trees/shipment-not-created/");
    const problems = await page.$eval("svg.tree-diagram", (svg) => {
      const out = [];
      const box = svg.parentElement.getBoundingClientRect();
      const drawn = svg.getBoundingClientRect();
      if (drawn.right > box.right + 0.5) out.push(`the diagram is ${Math.round(drawn.width)} px wide in a ${Math.round(box.width)} px box`);
      for (const text of svg.querySelectorAll("text")) {
        if (/[`*]/.test(text.textContent)) out.push(`Markdown shown as is: ${text.textContent}`);
      }
      for (const node of svg.querySelectorAll("a")) {
        const rect = node.querySelector("rect").getBoundingClientRect();
        const texts = [...node.querySelectorAll("text")].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
        for (const { text, r } of texts) {
          if (r.right > rect.right + 0.5) out.push(`"${text}" runs out of its box by ${Math.round(r.right - rect.right)} px`);
        }
        // Lines of a label stack; two overlap when their boxes meet on both axes.
        for (let i = 0; i < texts.length; i++) {
          for (let j = i + 1; j < texts.length; j++) {
            const [a, b] = [texts[i].r, texts[j].r];
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > 0.5 && y > 0.5) out.push(`"${texts[i].text}" overlaps "${texts[j].text}" (${Math.round(x)} × ${Math.round(y)} px)`);
          }
        }
      }
      return out;
    });
    assert.deepEqual(problems, []);
    await ctx.close();
  });
}
