// The live-reload client of `errdocs serve`. The server adds it to every page it serves (never to
// `errdocs build` output). It listens to /__errdocs/events, naming the page it shows, so the server
// renders that page first after an edit. A new generation of the site reloads the page, unless the
// server says of each newer generation that the page's own file is not among those it changed, or
// is among the pages it rendered again and found unchanged; problems in the catalog show as an
// overlay until the file is fixed. Built with DOM calls only, so it runs under
// `Content-Security-Policy: default-src 'self'`.
(() => {
  "use strict";
  const script = document.currentScript;
  let shown = script ? Number(script.dataset.generation) : null;
  const page = script ? script.dataset.page : undefined;
  let overlay = null;

  function line(tag, className, text) {
    const el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    return el;
  }

  function show(problems) {
    hide();
    overlay = document.createElement("section");
    overlay.className = "errdocs-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-label", "Catalog errors");
    overlay.dataset.errdocsOverlay = "";
    const count = problems.length === 1 ? "1 error" : `${problems.length} errors`;
    overlay.append(line("h2", "errdocs-overlay-title", `The catalog has ${count}`));
    overlay.append(line("p", "errdocs-overlay-hint", "Fix and save the file: this page updates by itself. It shows the last good build until then."));
    const list = document.createElement("ol");
    list.className = "errdocs-overlay-list";
    for (const problem of problems) {
      const item = document.createElement("li");
      const [first, ...rest] = problem.text.split("\n");
      item.append(line("p", "errdocs-overlay-where", first));
      if (rest.length) item.append(line("pre", "errdocs-overlay-source", rest.join("\n")));
      list.append(item);
    }
    overlay.append(list);
    const close = line("button", "errdocs-overlay-close", "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.append(close);
    document.body.append(overlay);
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  const events = new EventSource(page === undefined ? "/__errdocs/events" : `/__errdocs/events?page=${encodeURIComponent(page)}`);
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    // Tells tests (and the curious) that the page listens for changes.
    document.documentElement.dataset.errdocsLive = "connected";
    if (state.problems.length) {
      show(state.problems);
      return;
    }
    hide();
    if (shown === null || state.generation === shown) return;
    const same = (h) => (Array.isArray(h.changed) ? !h.changed.includes(page) : h.unchanged.includes(page));
    const untouched = page !== undefined && Array.from({ length: state.generation - shown }, (_, i) => shown + 1 + i)
      .every((g) => state.history.some((h) => h.generation === g && same(h)));
    if (untouched) {
      shown = state.generation;
      return;
    }
    events.close();
    location.reload();
  });
})();
