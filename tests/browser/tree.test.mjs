// The decision-tree diagram in a real browser, read from the DOM: no two lines of text overlap, every
// line stays inside its box and the drawing, the drawing fits its figure at a legible size, every
// question and answer is in it, and the page does not scroll sideways on a phone. At 1280 and 390 px,
// in the light and dark themes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build, serve, launch, newPage, PAGE_KINDS } from "./harness.mjs";

let srv, browser;
before(async () => {
  srv = await serve(build());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
/** Half a unit of slack for the browser's rounding of text extents. */
const SLACK = 0.5;

/** Everything the assertions need, measured in the page. */
function readDiagram() {
  const svg = document.querySelector("svg.tree-diagram");
  const figure = svg.closest("figure");
  const box = (r) => ({ x: r.x, y: r.y, w: r.width, h: r.height });
  const vb = svg.viewBox.baseVal;
  const rows = [...svg.querySelectorAll("a")].map((a) => ({
    href: a.getAttribute("href"),
    rect: box(a.querySelector("rect").getBBox()),
    lines: [...a.querySelectorAll("text")].map((t) => ({
      text: t.textContent,
      bbox: box(t.getBBox()),
      client: box(t.getBoundingClientRect()),
      fill: getComputedStyle(t).fill,
    })),
  }));
  const questions = [...document.querySelectorAll("li.node h2")].map((h) =>
    h.textContent.replace(/^\s*Start here\s*/, "").replace(/\s+/g, " ").trim(),
  );
  const answers = [...document.querySelectorAll("a.answer")].map((a) => ({
    label: a.querySelector(".answer-label").textContent.trim(),
    href: a.getAttribute("href"),
  }));
  const figureStyle = getComputedStyle(figure);
  return {
    viewBox: { x: vb.x, y: vb.y, w: vb.width, h: vb.height },
    svg: box(svg.getBoundingClientRect()),
    figure: {
      ...box(figure.getBoundingClientRect()),
      contentLeft: figure.getBoundingClientRect().left + parseFloat(figureStyle.borderLeftWidth) + parseFloat(figureStyle.paddingLeft),
      contentRight: figure.getBoundingClientRect().right - parseFloat(figureStyle.borderRightWidth) - parseFloat(figureStyle.paddingRight),
      scrollWidth: figure.scrollWidth,
      clientWidth: figure.clientWidth,
    },
    fontSize: parseFloat(svg.getAttribute("font-size")),
    background: getComputedStyle(document.body).backgroundColor,
    rows,
    questions,
    answers,
    nodeIds: [...document.querySelectorAll("li.node")].map((li) => li.id),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  };
}

const inside = (a, b, slack = SLACK) =>
  a.x >= b.x - slack && a.y >= b.y - slack && a.x + a.w <= b.x + b.w + slack && a.y + a.h <= b.y + b.h + slack;
const overlap = (a, b, slack = SLACK) =>
  a.x < b.x + b.w - slack && b.x < a.x + a.w - slack && a.y < b.y + b.h - slack && b.y < a.y + a.h - slack;
const luminance = (css) => {
  const [r, g, b] = css.match(/\d+(\.\d+)?/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

for (const [size, viewport] of Object.entries(SIZES)) {
  for (const scheme of ["light", "dark"]) {
    test(`the tree diagram has no overlap and fits its box (${size}, ${scheme})`, async () => {
      const context = await browser.newContext({ viewport, colorScheme: scheme });
      const page = await newPage(context);
      await page.goto(srv.url + PAGE_KINDS.tree);
      await page.waitForLoadState("networkidle");
      const d = await page.evaluate(readDiagram);
      const lines = d.rows.flatMap((r) => r.lines.map((l) => ({ ...l, href: r.href })));
      assert.ok(d.rows.length > 20 && lines.length > d.rows.length, `${d.rows.length} rows, ${lines.length} lines`);

      // In the drawing's own units: each line inside its row's box, each box inside the drawing.
      for (const row of d.rows) {
        assert.ok(inside(row.rect, d.viewBox), `box of ${row.href} leaves the drawing`);
        for (const l of row.lines) {
          assert.ok(inside(l.bbox, row.rect), `"${l.text}" leaves its box ${JSON.stringify(l.bbox)} ${JSON.stringify(row.rect)}`);
        }
      }
      // No two lines of text overlap, and no two boxes.
      for (let i = 0; i < lines.length; i++) {
        for (let j = i + 1; j < lines.length; j++) {
          assert.ok(!overlap(lines[i].bbox, lines[j].bbox), `"${lines[i].text}" overlaps "${lines[j].text}"`);
        }
      }
      for (let i = 0; i < d.rows.length; i++) {
        for (let j = i + 1; j < d.rows.length; j++) {
          assert.ok(!overlap(d.rows[i].rect, d.rows[j].rect), `the boxes of ${d.rows[i].href} and ${d.rows[j].href} overlap`);
        }
      }
      // On screen: every line inside the drawing, the drawing inside its figure, nothing to scroll
      // sideways, neither in the figure nor in the page.
      for (const l of lines) assert.ok(inside(l.client, d.svg, 1), `"${l.text}" is drawn outside the diagram`);
      assert.ok(d.svg.x >= d.figure.contentLeft - SLACK && d.svg.x + d.svg.w <= d.figure.contentRight + SLACK, `diagram ${JSON.stringify(d.svg)} in figure ${JSON.stringify(d.figure)}`);
      assert.ok(d.figure.scrollWidth <= d.figure.clientWidth, `the figure scrolls sideways: ${d.figure.scrollWidth} > ${d.figure.clientWidth}`);
      assert.ok(d.scrollWidth <= d.innerWidth, `the page scrolls sideways: ${d.scrollWidth} > ${d.innerWidth}`);

      // Legible: the text is drawn at 12 px or more on a phone, and not blown up on a wide screen.
      const px = (d.fontSize * d.svg.w) / d.viewBox.w;
      assert.ok(px >= 12 && px <= 16, `text drawn at ${px.toFixed(1)} px`);

      // Every question, answer and final answer is in the diagram, linked as in the list below it.
      const rowText = d.rows.map((r) => ({ href: r.href, text: r.lines.map((l) => l.text).join(" ") }));
      for (const id of d.nodeIds) assert.ok(rowText.some((r) => r.href === `#${id}`), `no row for ${id}`);
      for (const q of d.questions) assert.ok(rowText.some((r) => r.text.endsWith(q)), `question not shown: ${q}`);
      for (const a of d.answers) {
        assert.ok(rowText.some((r) => r.text.startsWith(`${a.label} →`) && (!a.href.startsWith("/") || r.href === a.href)), `answer not shown: ${a.label}`);
      }

      // The theme reaches the diagram: its text contrasts with the page.
      const contrast = Math.abs(luminance(lines[0].fill) - luminance(d.background));
      assert.ok(contrast > 0.6, `text ${lines[0].fill} on ${d.background}`);
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
}

test("a row of the diagram leads to its question on a phone", async () => {
  const context = await browser.newContext({ viewport: SIZES.phone });
  const page = await newPage(context);
  await page.goto(srv.url + PAGE_KINDS.tree);
  const row = page.locator('svg.tree-diagram a[href="#node-sent"]').first();
  await row.click();
  assert.equal(new URL(page.url()).hash, "#node-sent");
  assert.equal(await page.locator("#node-sent").evaluate((el) => el.matches(":target")), true);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test(
  "no page scrolls sideways at 390 px",
  async () => {
    const context = await browser.newContext({ viewport: SIZES.phone });
    const wide = [];
    for (const [kind, path] of Object.entries({ ...PAGE_KINDS, notFound: "404.html" })) {
      const page = await context.newPage();
      await page.goto(srv.url + path);
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (scroll > inner) wide.push(`${kind} (/${path}): ${scroll} px`);
      await page.close();
    }
    assert.deepEqual(wide, []);
    await context.close();
  },
);
