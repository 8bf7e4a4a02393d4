/* ictgraph explorer: search, the language switch that keeps the place, the reading view's popovers and
   quote highlights, and the timeline filters. Plain ES5-level code; works from file:// (no fetch, no modules). */
(function () {
  "use strict";
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || ".";
  var lang = html.getAttribute("data-lang") || "en";
  function href(path) { return (root === "." ? "" : root + "/") + lang + "/" + path; }

  /* --- language switch: the other language's page at the same anchor (and the same search) --- */
  var switcher = document.getElementById("lang-switch");
  if (switcher) {
    switcher.addEventListener("click", function () {
      var base = switcher.getAttribute("href").split("#")[0].split("?")[0];
      switcher.setAttribute("href", base + window.location.search + window.location.hash);
    });
  }

  /* --- search: an exact pass over NFKC-folded text (Japanese substrings), then Fuse.js for typos --- */
  var entries = window.ICTGRAPH_SEARCH || [];
  var fuse = null;
  function fold(s) { return (s.normalize ? s.normalize("NFKC") : s).toLowerCase(); }
  function search(query, limit) {
    var q = fold(query.trim());
    if (!q) { return []; }
    var seen = {}, out = [];
    entries.forEach(function (e) {
      if (e.f.indexOf(q) >= 0) { out.push(e); seen[e.p] = true; }
    });
    out.sort(function (a, b) {
      return (a[lang] || a.ja).length - (b[lang] || b.ja).length || (a.p < b.p ? -1 : 1);
    });
    if (out.length < limit && window.Fuse) {
      fuse = fuse || new window.Fuse(entries, {
        keys: ["en", "ja", "alt"], threshold: 0.34, ignoreLocation: true, minMatchCharLength: 2
      });
      fuse.search(query.trim(), {limit: limit}).forEach(function (r) {
        if (!seen[r.item.p]) { out.push(r.item); seen[r.item.p] = true; }
      });
    }
    return out.slice(0, limit);
  }
  function label(e) { return e[lang] || e[lang === "en" ? "ja" : "en"]; }
  function other(e) { var o = e[lang === "en" ? "ja" : "en"]; return o && o !== label(e) ? o : ""; }
  function resultItem(e) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href(e.p);
    a.className = "rec g-" + e.g;
    a.textContent = label(e);
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "cls";
    meta.textContent = " " + [other(e), lang === "en" ? e.cen : e.cja].filter(Boolean).join(" · ");
    li.appendChild(meta);
    return li;
  }

  var input = document.getElementById("q");
  var suggest = document.getElementById("suggest");
  var active = -1;
  function closeSuggest() { suggest.hidden = true; suggest.innerHTML = ""; active = -1; }
  function select(i) {
    var items = suggest.querySelectorAll("a");
    if (!items.length) { return; }
    active = (i + items.length) % items.length;
    Array.prototype.forEach.call(items, function (a, j) { a.setAttribute("aria-selected", j === active ? "true" : "false"); });
    items[active].focus();
  }
  if (input && suggest) {
    input.addEventListener("input", function () {
      var hits = search(input.value, 8);
      suggest.innerHTML = "";
      hits.forEach(function (e) {
        var li = resultItem(e);
        li.setAttribute("role", "option");
        suggest.appendChild(li);
      });
      suggest.hidden = hits.length === 0;
      active = -1;
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && !suggest.hidden) { ev.preventDefault(); select(0); }
      if (ev.key === "Escape") { closeSuggest(); }
    });
    suggest.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); select(active + 1); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); if (active <= 0) { input.focus(); active = -1; } else { select(active - 1); } }
      if (ev.key === "Escape") { closeSuggest(); input.focus(); }
    });
    document.addEventListener("click", function (ev) {
      if (!suggest.contains(ev.target) && ev.target !== input) { closeSuggest(); }
    });
  }

  /* The last part of an address that names nothing (id/event/igf-99 gives "igf 99"): a first search. */
  function nameInAddress() {
    var last = window.location.pathname.replace(/\/+$/, "").split("/").pop() || "";
    try { last = decodeURIComponent(last); } catch (e) { return ""; }
    last = last.replace(/\.[a-z]+$/, "");
    return last === "404" ? "" : last.replace(/[-_]+/g, " ").trim();
  }

  var results = document.getElementById("search-results");
  if (results) {
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || (document.body.classList.contains("page-notfound") ? nameInAddress() : "");
    var field = document.getElementById("q-page");
    if (field) { field.value = query; }
    if (input) { input.value = query; }
    var status = document.getElementById("search-status");
    var hits = search(query, 50);
    hits.forEach(function (e) { results.appendChild(resultItem(e)); });
    status.textContent = query && !hits.length ? status.getAttribute("data-none") : "";
  }

  /* --- reading view: a span of several records opens a list of them; a quote's anchor lights up --- */
  var popover = document.getElementById("popover");
  function flashQuote() {
    Array.prototype.forEach.call(document.querySelectorAll("a.seg.flash"), function (a) { a.classList.remove("flash"); });
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (hash.indexOf("q/") !== 0) { return; }
    var key = hash.slice(2);
    Array.prototype.forEach.call(document.querySelectorAll("a.seg"), function (a) {
      if ((" " + a.getAttribute("data-q") + " ").indexOf(" " + key + " ") >= 0) { a.classList.add("flash"); }
    });
  }
  if (popover) {
    var list = popover.querySelector("ul");
    var title = popover.querySelector(".popover-title");
    var closePopover = function () { popover.hidden = true; };
    document.addEventListener("click", function (ev) {
      var seg = ev.target.closest ? ev.target.closest("a.seg") : null;
      if (!seg) {
        if (!popover.contains(ev.target)) { closePopover(); }
        return;
      }
      var keys = seg.getAttribute("data-r").split(" ");
      if (keys.length < 2) { return; }
      ev.preventDefault();
      var passage = seg.closest(".passage");
      list.innerHTML = "";
      keys.forEach(function (k) {
        var item = passage.querySelector('.facts li[data-key="' + k + '"]');
        if (item) { list.appendChild(item.cloneNode(true)); }
      });
      title.textContent = seg.textContent.length > 40 ? seg.textContent.slice(0, 40) + "…" : seg.textContent;
      var box = seg.getBoundingClientRect();
      popover.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - 420)) + "px";
      popover.style.top = (window.scrollY + box.bottom + 6) + "px";
      popover.hidden = false;
      var first = list.querySelector("a");
      if (first) { first.focus(); }
    });
    popover.querySelector(".popover-close").addEventListener("click", closePopover);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { closePopover(); } });
    window.addEventListener("hashchange", flashQuote);
    flashQuote();
  }

  /* --- timeline filters --- */
  var filters = document.getElementById("timeline-filters");
  if (filters) {
    var items = document.querySelectorAll("#timeline > li");
    var count = document.getElementById("timeline-count");
    var apply = function () {
      var from = parseInt(filters.elements.from.value, 10) || -Infinity;
      var to = parseInt(filters.elements.to.value, 10) || Infinity;
      var type = filters.elements.type.value, country = filters.elements.country.value;
      var flagged = filters.elements.flagged.checked, shown = 0;
      Array.prototype.forEach.call(items, function (li) {
        var year = parseInt(li.getAttribute("data-year"), 10);
        var ok = year >= from && year <= to && (!type || li.getAttribute("data-type") === type) &&
          (!country || (" " + li.getAttribute("data-countries") + " ").indexOf(" " + country + " ") >= 0) &&
          (!flagged || li.getAttribute("data-flagged") === "yes");
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = count.getAttribute("data-template").replace("{n}", shown).replace("{total}", count.getAttribute("data-total"));
    };
    filters.addEventListener("input", apply);
    filters.addEventListener("change", apply);
    filters.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    filters.addEventListener("submit", function (ev) { ev.preventDefault(); });
  }
  window.ictgraphSettled = true;
}());
