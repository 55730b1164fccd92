// errdocs: language tabs (one choice for the whole site, remembered), copy buttons on every code
// block and anchor links on headings.
// Loaded as a file, never inline, so pages keep working under `default-src 'self'`.
(function () {
  "use strict";
  var KEY = "errdocs-lang";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode: keep it for this page */ }
  }

  // Links each language's panel with its tab.
  function wire(sample) {
    var tabs = sample.querySelectorAll("[role=tab]");
    sample.querySelectorAll(".variant").forEach(function (v) {
      var tab = Array.prototype.find.call(tabs, function (t) { return t.dataset.tab === v.dataset.lang; });
      if (!tab || v.id) return;
      v.id = sample.id + "-" + v.dataset.lang;
      tab.id = v.id + "-tab";
      tab.setAttribute("aria-controls", v.id);
      v.setAttribute("aria-labelledby", tab.id);
      v.removeAttribute("aria-label");
    });
  }

  // Languages past the first few come as the text of a <noscript data-more>, so the page loads with
  // fewer elements; they become elements when a reader first picks one of them.
  function expand(sample) {
    var more = sample.querySelector("noscript[data-more]");
    if (!more) return;
    var t = document.createElement("template");
    t.innerHTML = more.textContent;
    more.replaceWith(t.content);
    wire(sample);
  }

  function select(sample, lang, focus) {
    if (!sample.querySelector('.variant[data-lang="' + lang + '"]')) expand(sample);
    var variants = sample.querySelectorAll(".variant");
    var has = Array.prototype.some.call(variants, function (v) { return v.dataset.lang === lang; });
    if (!has && variants.length) lang = variants[0].dataset.lang;
    variants.forEach(function (v) { v.classList.toggle("active", v.dataset.lang === lang); });
    sample.querySelectorAll("[role=tab]").forEach(function (t) {
      var on = t.dataset.tab === lang;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    });
  }

  function selectAll(lang) {
    document.querySelectorAll("[data-sample]").forEach(function (s) { select(s, lang, false); });
  }

  // An anchor link on every heading that has an id, and a copy button on every code block outside
  // the samples (whose tab bar has its own).
  function enhance() {
    document.querySelectorAll("main h2[id], main h3[id]").forEach(function (h) {
      var a = document.createElement("a");
      a.className = "anchor";
      a.href = "#" + h.id;
      a.setAttribute("aria-label", "Link to this section: " + h.textContent);
      a.textContent = "#";
      h.appendChild(a);
    });
    document.querySelectorAll("main pre.code").forEach(function (pre) {
      if (pre.closest("[data-sample]")) return;
      var block = document.createElement("div");
      block.className = "code-block";
      pre.parentNode.insertBefore(block, pre);
      block.appendChild(pre);
      var copy = document.createElement("button");
      copy.type = "button";
      copy.className = "copy";
      copy.setAttribute("data-copy", "");
      copy.textContent = "Copy";
      block.appendChild(copy);
    });
  }

  function copyCode(copy) {
    var sample = copy.closest("[data-sample]");
    var code = sample ? sample.querySelector(".variant.active code") : copy.parentNode.querySelector("code");
    if (!code) return;
    var done = function () { copy.textContent = "Copied"; setTimeout(function () { copy.textContent = "Copy"; }, 1500); };
    if (navigator.clipboard) navigator.clipboard.writeText(code.innerText.replace(/\n$/, "")).then(done, function () { copy.textContent = "Copy failed"; });
  }

  function init() {
    root.classList.add("js");
    enhance();
    document.addEventListener("click", function (ev) {
      var copy = ev.target.closest("[data-copy]");
      if (copy) copyCode(copy);
    });
    var samples = document.querySelectorAll("[data-sample]");
    if (!samples.length) return;
    var lang = stored() || "http";
    samples.forEach(function (s, i) {
      s.id = s.id || "sample-block-" + i;
      wire(s);
    });
    selectAll(lang);
    document.addEventListener("click", function (ev) {
      var tab = ev.target.closest("[role=tab]");
      if (tab) {
        store(tab.dataset.tab);
        selectAll(tab.dataset.tab);
      }
    });
    document.addEventListener("keydown", function (ev) {
      var tab = ev.target.closest && ev.target.closest("[role=tab]");
      if (!tab || (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft" && ev.key !== "Home" && ev.key !== "End")) return;
      var tabs = Array.prototype.slice.call(tab.parentNode.querySelectorAll("[role=tab]"));
      var i = tabs.indexOf(tab);
      if (ev.key === "ArrowRight") i = (i + 1) % tabs.length;
      if (ev.key === "ArrowLeft") i = (i - 1 + tabs.length) % tabs.length;
      if (ev.key === "Home") i = 0;
      if (ev.key === "End") i = tabs.length - 1;
      ev.preventDefault();
      var lang = tabs[i].dataset.tab;
      store(lang);
      selectAll(lang);
      tabs[i].focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
