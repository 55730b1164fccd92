// The live-reload client of `errdocs serve`. The server adds it to every page it serves (never to
// `errdocs build` output). It listens to /__errdocs/events: a new generation of the site reloads
// the page; problems in the catalog show as an overlay until the file is fixed. Built with DOM
// calls only, so it runs under `Content-Security-Policy: default-src 'self'`.
(() => {
  "use strict";
  const script = document.currentScript;
  const shown = script ? script.dataset.generation : null;
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

  const events = new EventSource("/__errdocs/events");
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    // Tells tests (and the curious) that the page listens for changes.
    document.documentElement.dataset.errdocsLive = "connected";
    if (state.problems.length) {
      show(state.problems);
      return;
    }
    hide();
    if (shown !== null && String(state.generation) !== shown) {
      events.close();
      location.reload();
    }
  });
})();
