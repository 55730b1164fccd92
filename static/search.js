// errdocs search client. The index (search/meta.json, term shards, document chunks) is fetched only
// when the reader starts searching. Query rules mirror src/search/tokenize.rs: keep them in step.
(function () {
  "use strict";
  var STOP = ("a an and are as at be but by can do does for from has have i if in into is it its my no not of on or so " +
    "that the their then there these this to was we what when which who why will with you your").split(" ");
  var KIND_ORDER = { status: 0, entry: 1, comparison: 2, tree: 3, guide: 4 };
  var MAX_RESULTS = 20;

  var form = document.querySelector("[data-search]");
  if (!form) return;
  var input = form.querySelector("[data-search-input]");
  var panel = form.querySelector(".search-panel");
  var list = form.querySelector("[data-search-results]");
  var status = form.querySelector("[data-search-status]");
  var filtersBox = form.querySelector("[data-search-filters]");
  var base = document.documentElement.getAttribute("data-base") || "/";
  var indexUrl = form.getAttribute("data-index");
  var cache = { meta: null, shards: {}, chunks: {}, facets: {} };
  // Active filters: filter key → index of the chosen value among that filter's values.
  var filters = {};
  var seq = 0;

  function fetchJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("search index: " + url + " answered " + r.status);
      return r.json();
    });
  }
  function meta() {
    if (!cache.meta) cache.meta = fetchJson(indexUrl + "meta.json");
    return cache.meta;
  }
  function fileKey(key) {
    return Array.from(key).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }
  function shard(m, key) {
    var name = fileKey(key);
    if (m.shards.indexOf(name) < 0) return Promise.resolve({});
    if (!cache.shards[name]) cache.shards[name] = fetchJson(indexUrl + "t-" + name + ".json?v=" + m.h);
    return cache.shards[name];
  }
  function chunk(m, n) {
    if (!cache.chunks[n]) cache.chunks[n] = fetchJson(indexUrl + "d-" + n + ".json?v=" + m.h);
    return cache.chunks[n];
  }
  // A filter's file, fetched when the reader first reaches for that filter: its values, and per
  // value a Set of documents (the file lists each value's documents as gaps from the one before).
  function facet(m, key) {
    if (!cache.facets[key]) {
      cache.facets[key] = fetchJson(indexUrl + "f-" + key + ".json?v=" + m.h).then(function (f) {
        var sets = f.d.map(function (gaps) {
          var set = new Set(), d = 0;
          gaps.forEach(function (g) { d += g; set.add(d); });
          return set;
        });
        return { values: f.v, sets: sets };
      });
    }
    return cache.facets[key];
  }
  // The active filters as [Set of allowed documents, …], once their files are in.
  function activeFilters(m) {
    var keys = Object.keys(filters);
    return Promise.all(keys.map(function (k) {
      return facet(m, k).then(function (f) { return f.sets[filters[k]]; });
    }));
  }

  // The query's runs: `/` joins only in a run that starts with it (a path, a JSON Pointer).
  function runs(q) {
    var out = [];
    q.toLowerCase().split(/[^\p{L}\p{N}_\/-]+/u).forEach(function (raw) {
      (raw.charAt(0) === "/" ? [raw] : raw.split("/")).forEach(function (run) {
        run = run.replace(/^[-_\/]+|[-_\/]+$/g, "");
        if (run) out.push(run);
      });
    });
    return out;
  }

  // The query as groups: an identifier run (`invalid_token`, `Request-Id`, `/items/0/quantity`)
  // keeps its whole form and its parts.
  function groups(q) {
    var out = [];
    runs(q).forEach(function (run) {
      if (/[-_\/]/.test(run)) {
        var parts = run.split(/[-_\/]/).filter(function (p) { return p && STOP.indexOf(p) < 0; });
        out.push({ whole: run, parts: parts });
      } else if (STOP.indexOf(run) < 0) {
        out.push({ whole: null, parts: [run] });
      }
    });
    return out;
  }
  function shardKey(t) { return Array.from(t).slice(0, 2).join(""); }

  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        cur[k] = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + cost);
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) cur[k] = Math.min(cur[k], prev2[k - 2] + 1);
        best = Math.min(best, cur[k]);
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // Every index term that answers `t`, with how well: exact 1, prefix up to 0.9, one or two typos 0.5.
  // A word never reaches into an identifier (`llm` into `llm-driven`): the identifier's parts are
  // words of the index already, weighed where they stand.
  function matches(terms, t) {
    var out = [];
    if (terms[t]) out.push([t, 1]);
    if (/^\d+$/.test(t)) return out; // numbers match exactly: 401 never finds 4010
    var maxd = t.length >= 8 ? 2 : t.length >= 4 ? 1 : 0;
    var word = !/[-_\/]/.test(t);
    Object.keys(terms).forEach(function (term) {
      if (term === t || (word && /[-_\/]/.test(term))) return;
      if (t.length >= 2 && term.indexOf(t) === 0) out.push([term, 0.5 + 0.4 * t.length / term.length]);
      else if (maxd && !terms[t] && distance(t, term, maxd) <= maxd) out.push([term, 0.5]);
    });
    return out;
  }

  // doc → [best weight × quality, that match's raw weight, its quality] for one term of the query.
  function termScores(terms, t) {
    var scores = new Map();
    matches(terms, t).forEach(function (m) {
      var p = terms[m[0]];
      for (var i = 0; i < p.length; i += 2) {
        var s = p[i + 1] * m[1];
        var had = scores.get(p[i]);
        if (!had || had[0] < s) scores.set(p[i], [s, p[i + 1], m[1]]);
      }
    });
    return scores;
  }

  // Weight at which a match counts as "in the title": a title of any length, a guide section's
  // heading, an entry's code, a status overview's own number or defined header (weight::TITLE_MIN
  // in src/search/mod.rs).
  var TITLE = 10;

  // Each query group scores a document by its whole identifier or by its parts; documents that
  // match more groups rank higher, and more again when the groups match in the title.
  function rank(m, gs, shards, allowed) {
    var all = {};
    shards.forEach(function (s) { Object.assign(all, s); });
    var total = new Map(), hits = new Map(), titled = new Map();
    gs.forEach(function (g) {
      var gScore = new Map();
      if (g.whole) termScores(all, g.whole).forEach(function (v, d) { gScore.set(d, v); });
      // A document that holds the identifier itself is judged by it. The parts are for documents
      // that write it another way (`invalid token`, `X-API-Key` for `X_API_KEY`), and count for
      // less when the catalog writes the identifier exactly as the reader did.
      var holds = new Set();
      var exact = g.whole && all[g.whole];
      if (exact) for (var i = 0; i < exact.length; i += 2) holds.add(exact[i]);
      if (g.parts.length) {
        var sum = new Map();
        g.parts.forEach(function (p) {
          termScores(all, p).forEach(function (v, d) {
            var had = sum.get(d) || [0, Infinity, 0];
            // An identifier's parts found in a title only by a prefix or a typo (`id` in
            // `Idempotency`) are not the identifier in the title.
            var raw = g.whole && v[2] < 1 ? 0 : v[1];
            sum.set(d, [had[0] + v[0], Math.min(had[1], raw), had[2] + 1]);
          });
        });
        var factor = (!g.whole ? 1 : holds.size ? 0.4 : 0.8) / g.parts.length;
        sum.forEach(function (v, d) {
          if (holds.has(d)) return;
          var s = v[0] * factor;
          // Only a group whose every part matched can count as a title match; the group is in the
          // title when its whole form or its parts are.
          var raw = v[2] === g.parts.length ? v[1] : 0;
          var had = gScore.get(d) || [0, 0];
          gScore.set(d, [Math.max(had[0], s), Math.max(had[1], raw)]);
        });
      }
      gScore.forEach(function (v, d) {
        total.set(d, (total.get(d) || 0) + v[0]);
        hits.set(d, (hits.get(d) || 0) + 1);
        if (v[1] >= TITLE) titled.set(d, (titled.get(d) || 0) + 1);
      });
    });
    var ranked = [];
    total.forEach(function (s, d) {
      if (!allowed.every(function (set) { return set.has(d); })) return;
      var cover = hits.get(d) / gs.length;
      var inTitle = (titled.get(d) || 0) / gs.length;
      ranked.push([d, s * cover * cover * (1 + inTitle * inTitle)]);
    });
    ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return ranked;
  }

  function search(q) {
    var gs = groups(q);
    var my = ++seq;
    if (!gs.length) { render([], q, gs); return Promise.resolve([]); }
    return meta().then(function (m) {
      buildFilters(m);
      var keys = {};
      gs.forEach(function (g) {
        (g.whole ? [g.whole] : []).concat(g.parts).forEach(function (t) { keys[shardKey(t)] = true; });
      });
      var shards = Promise.all(Object.keys(keys).map(function (k) { return shard(m, k); }));
      return Promise.all([shards, activeFilters(m)]).then(function (got) {
        var ranked = rank(m, gs, got[0], got[1]).slice(0, MAX_RESULTS);
        var need = {};
        ranked.forEach(function (r) { need[Math.floor(r[0] / m.chunk)] = true; });
        return Promise.all(Object.keys(need).map(function (n) { return chunk(m, n).then(function (c) { return [n, c]; }); }))
          .then(function (chunks) {
            var byN = {};
            chunks.forEach(function (c) { byN[c[0]] = c[1]; });
            var rows = ranked.map(function (r) {
              var row = byN[Math.floor(r[0] / m.chunk)][r[0] % m.chunk];
              return { title: row[0], url: row[1], status: row[2], kind: row[3], schemes: row[4], summary: row[5], code: row[6] || "", score: r[1] };
            });
            rows.sort(function (a, b) { return b.score - a.score || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]; });
            if (my === seq) render(rows, q, gs);
            return rows;
          });
      });
    }).catch(function (e) {
      status.textContent = "Search is unavailable: " + e.message;
      open(true);
    });
  }

  function words(gs) {
    var w = [];
    gs.forEach(function (g) { if (g.whole) w.push(g.whole); w = w.concat(g.parts); });
    return w;
  }

  // The summary with the words that match the query marked, built as DOM nodes (never as HTML).
  function snippet(text, gs) {
    var frag = document.createDocumentFragment();
    var ws = words(gs).filter(function (w) { return w.length > 1; });
    text.split(/([\p{L}\p{N}_-]+)/u).forEach(function (part) {
      var low = part.toLowerCase();
      var hit = ws.some(function (w) { return low.indexOf(w) === 0 || (w.length >= 4 && low.indexOf(w.slice(0, -1)) === 0); });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        frag.appendChild(mark);
      } else if (part) {
        frag.appendChild(document.createTextNode(part));
      }
    });
    return frag;
  }

  function render(rows, q, gs) {
    list.textContent = "";
    rows.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + r.url;
      a.className = "search-result";
      var head = document.createElement("span");
      head.className = "result-head";
      if (r.status) {
        var badge = document.createElement("span");
        badge.className = "code-badge s" + String(r.status).charAt(0) + "xx";
        badge.textContent = r.status;
        head.appendChild(badge);
      }
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = r.title;
      head.appendChild(title);
      if (r.code) {
        var code = document.createElement("code");
        code.className = "result-code";
        code.textContent = r.code;
        head.appendChild(code);
      }
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = r.kind;
      head.appendChild(kind);
      a.appendChild(head);
      if (r.summary) {
        var s = document.createElement("span");
        s.className = "result-snippet";
        s.appendChild(snippet(r.summary, gs));
        a.appendChild(s);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    status.textContent = !q.trim() ? "" : rows.length ? rows.length + (rows.length === 1 ? " result" : " results") : "No results for “" + q + "”";
    open(!!q.trim());
  }

  // Filters, as the index offers them (only those the catalog has): statuses and schemes, which
  // are few, as buttons; tags and codes, which may be thousands, as lists filled from their file
  // when the reader reaches for them.
  var FACET_LABELS = { status: "Status", scheme: "Scheme", tag: "Tag", code: "Code" };
  function setFilter(key, value) {
    if (value === null) delete filters[key]; else filters[key] = value;
    search(input.value);
  }
  function chips(f) {
    var group = document.createElement("div");
    group.className = "filter-group";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", FACET_LABELS[f.k] || f.k);
    f.v.forEach(function (value, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "filter";
      b.setAttribute("aria-pressed", "false");
      b.setAttribute("data-filter", f.k + ":" + value);
      b.textContent = value;
      b.addEventListener("click", function () {
        var on = filters[f.k] === i;
        group.querySelectorAll("[data-filter]").forEach(function (o) { o.setAttribute("aria-pressed", "false"); });
        b.setAttribute("aria-pressed", on ? "false" : "true");
        setFilter(f.k, on ? null : i);
      });
      group.appendChild(b);
    });
    return group;
  }
  function picker(m, f) {
    var label = document.createElement("label");
    label.className = "filter-pick";
    label.appendChild(document.createTextNode(FACET_LABELS[f.k] || f.k));
    var select = document.createElement("select");
    select.setAttribute("data-filter-select", f.k);
    var any = document.createElement("option");
    any.value = "";
    any.textContent = "any";
    select.appendChild(any);
    var filled = false;
    function fill() {
      if (filled) return;
      filled = true;
      facet(m, f.k).then(function (file) {
        file.values.forEach(function (value, i) {
          var o = document.createElement("option");
          o.value = String(i);
          o.textContent = value;
          select.appendChild(o);
        });
      }).catch(function (e) { status.textContent = "Search is unavailable: " + e.message; });
    }
    ["pointerenter", "focus", "pointerdown"].forEach(function (ev) { select.addEventListener(ev, fill); });
    select.addEventListener("change", function () {
      setFilter(f.k, select.value === "" ? null : Number(select.value));
    });
    label.appendChild(select);
    return label;
  }
  function buildFilters(m) {
    if (filtersBox.childNodes.length || !m.facets) return;
    m.facets.forEach(function (f) {
      filtersBox.appendChild(f.v ? chips(f) : picker(m, f));
    });
  }

  function open(on) {
    panel.hidden = !on;
    form.classList.toggle("open", on);
  }

  function syncUrl(q) {
    var url = new URL(window.location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      syncUrl(input.value.trim());
      search(input.value);
    }, 60);
  });
  input.addEventListener("focus", function () { meta(); if (input.value.trim() && list.childNodes.length) open(true); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  form.addEventListener("keydown", function (ev) {
    // A filter list keeps its own arrow keys.
    if (ev.target.tagName === "SELECT" && ev.key !== "Escape") return;
    var ls = links();
    var i = ls.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" && ls.length) {
      ev.preventDefault();
      open(true);
      ls[Math.min(i + 1, ls.length - 1)].focus();
    } else if (ev.key === "ArrowUp" && ls.length) {
      ev.preventDefault();
      if (i <= 0) input.focus(); else ls[i - 1].focus();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      open(false);
      input.focus();
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", function (ev) {
    if (!form.contains(ev.target)) open(false);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
