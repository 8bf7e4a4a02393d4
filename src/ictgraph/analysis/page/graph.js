/* The graph page: draws the JSON in #ictgraph-data with vis-network and builds the panel beside it
   (title, counts, search, legend that filters by class, year and country filters, nodes with no link).
   Everything is local: no request leaves the page. Globals `network`, `nodes` and `edges` are kept for
   readers who script the page from the console, and `ictgraphSettled` turns true once the layout is still. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ictgraph-data").textContent);
  var T = data.text;
  var FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Noto Sans", sans-serif';
  var LABEL_PX = 14;         // no label is drawn smaller than this many screen pixels
  var ZOOMED_PX = 18;        // labels that appear on zooming in grow to this many screen pixels, no more
  var SMALL_GRAPH = 60;      // up to this many nodes, every label that fits is readable at the first view
  var TOP_LABELS = 30;       // in a larger graph, at most this many labels show at the first view
  var FEW_LINKS = 24;        // up to this many links, saying different things, their labels show at once
  var DENSE = 2.5;           // more links than this per node is a hairball: at first only the strongest show
  var DIM = "rgba(200,200,200,0.35)";
  var timeline = data.layout === "timeline";
  var labelPx = {};          // node id -> screen size of a label shown from the first view on
  var linkLabels = false;    // whether every link's label shows, or only those of the highlighted node
  var highlighted = null;    // the node whose links are highlighted, or null
  var panel = document.getElementById("ictgraph-legend");

  function make(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { node[k] = props[k]; });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  // Tooltip HTML is escaped in Python; vis-network shows a string title as plain text, an element as is.
  function tip(markup) { var d = make("div", {className: "ictgraph-tip"}); d.innerHTML = markup; return d; }

  var byId = {}, links = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; links[n.id] = []; });
  data.edges.forEach(function (e) { links[e.from].push(e.to); links[e.to].push(e.from); });

  // How every node and link looks at the current zoom and highlight: sizes are in canvas units, so a
  // label keeps its screen size as the reader zooms (vis-network multiplies them by the scale).
  function restyle() {
    var scale = network.getScale(), keep = null;
    if (highlighted !== null) {
      keep = {}; keep[highlighted] = true;
      links[highlighted].forEach(function (k) { keep[k] = true; });
    }
    nodes.update(data.nodes.map(function (n) {
      var on = !keep || keep[n.id];
      var size = timeline ? LABEL_PX + 2 : labelPx[n.id] ? labelPx[n.id] / scale : Math.min(LABEL_PX, ZOOMED_PX / scale);
      var colour = timeline ? {background: "#ffffff", border: on ? n.color : DIM} : (on ? n.color : DIM);
      return {id: n.id, color: colour, font: {size: size, color: on ? "#222222" : "rgba(60,60,60,0.35)"}};
    }));
    edges.update(data.edges.map(function (e) {
      var mine = highlighted !== null && (e.from === highlighted || e.to === highlighted);
      var on = !keep || mine, shown = mine || (linkLabels && !keep);
      return {id: e.id, color: {color: mine ? "#333333" : on ? "#8a96a3" : "#dddddd", opacity: on ? 0.75 : 0.3},
        font: {size: shown ? (LABEL_PX - 1) / scale : 0, color: "#333333", strokeWidth: shown ? 3 : 0}};
    }));
  }

  window.nodes = new vis.DataSet(data.nodes.map(function (n) {
    var node = {id: n.id, label: n.label, title: tip(n.title), value: n.value, color: n.color};
    if (timeline) {
      node.shape = "box";
      node.color = {background: "#ffffff", border: n.color, highlight: {background: "#fff7d6", border: n.color}};
      node.borderWidth = 2;
    }
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; node.fixed = true; }
    if (n.isolated && !timeline) { node.physics = false; node.x = 0; node.y = 0; }  // placed aside once settled
    return node;
  }));
  window.edges = new vis.DataSet(data.edges.map(function (e) {
    var edge = {id: e.id, from: e.from, to: e.to, label: e.label, title: tip(e.title), value: e.value};
    if (data.directed) { edge.arrows = "to"; }
    return edge;
  }));
  var options = {
    nodes: {shape: "dot", borderWidth: 1,
      font: {face: FONT, size: timeline ? LABEL_PX + 2 : LABEL_PX, color: "#222222", strokeWidth: timeline ? 0 : 4,
        strokeColor: "#ffffff"},
      scaling: {min: timeline ? 12 : 7, max: timeline ? 24 : 40, label: {enabled: false, drawThreshold: LABEL_PX + 1},
        // Area, not radius, follows the metric.
        customScalingFunction: function (min, max, total, value) {
          return max === min ? 0.5 : Math.sqrt((value - min) / (max - min));
        }}},
    edges: {smooth: false, selectionWidth: 1.5, color: {color: "#8a96a3", highlight: "#222222", hover: "#444444", opacity: 0.75},
      font: {face: FONT, size: 0, color: "#333333", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
      scaling: {min: 1, max: 6, label: {enabled: false, drawThreshold: LABEL_PX - 2}}},
    physics: timeline ? false : {solver: "forceAtlas2Based", minVelocity: 0.75,
      forceAtlas2Based: {gravitationalConstant: -110, centralGravity: 0.01, springLength: 120, springConstant: 0.05,
        damping: 0.5, avoidOverlap: 0.6},
      stabilization: {enabled: true, iterations: 600, updateInterval: 50, fit: true}},
    interaction: {hover: true, tooltipDelay: 150},
    layout: {randomSeed: 7, improvedLayout: data.nodes.length <= 150}
  };
  window.network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);

  // ---- the panel ------------------------------------------------------------------------------------
  var counts = make("div", {className: "counts"});
  var search = make("input", {id: "ictgraph-search", type: "search", placeholder: T.search, autocomplete: "off"});
  search.setAttribute("aria-label", T.search);
  var hits = make("ul", {id: "ictgraph-hits"});
  panel.appendChild(make("h1", {textContent: data.title}));
  panel.appendChild(counts);
  panel.appendChild(search);
  panel.appendChild(hits);

  var enabled = {};
  var groupBox = make("div", {className: "ictgraph-groups"});
  data.groups.forEach(function (g) {
    enabled[g.id] = true;
    var box = make("input", {type: "checkbox", checked: true});
    box.dataset.group = g.id;
    box.addEventListener("change", function () { enabled[g.id] = box.checked; applyFilters(); });
    var swatch = make("span", {className: "swatch"});
    swatch.style.background = g.color;
    groupBox.appendChild(make("label", {}, [box, swatch, g.label + " (" + g.count + ")"]));
  });
  panel.appendChild(make("h2", {textContent: T.classes}));
  panel.appendChild(groupBox);

  var allYears = [];
  data.nodes.forEach(function (n) { n.years.forEach(function (y) { if (allYears.indexOf(y) < 0) { allYears.push(y); } }); });
  allYears.sort(function (a, b) { return a - b; });
  var minYear = allYears[0], maxYear = allYears[allYears.length - 1];
  var fromYear = null, toYear = null;
  function yearRow(text, value) {
    var input = make("input", {type: "range", min: minYear, max: maxYear, step: 1, value: value});
    var shown = make("span", {textContent: String(value)});
    input.addEventListener("input", function () {
      if (+fromYear.value > +toYear.value) { (input === fromYear ? toYear : fromYear).value = input.value; }
      fromYear.nextSibling.textContent = fromYear.value;
      toYear.nextSibling.textContent = toYear.value;
      applyFilters();
    });
    return [make("span", {textContent: text}), input, shown];
  }
  if (allYears.length > 1) {
    var fromRow = yearRow(T.from, minYear), toRow = yearRow(T.to, maxYear);
    fromYear = fromRow[1]; toYear = toRow[1];
    fromYear.id = "ictgraph-from"; toYear.id = "ictgraph-to";
    panel.appendChild(make("h2", {textContent: T.years}));
    panel.appendChild(make("div", {className: "ictgraph-years"}, fromRow.concat(toRow)));
  }

  // A dense view (countries by shared topics: 366 links among 38 countries) first shows its strongest
  // links only, as few as make DENSE links per node; the reader lowers the bar to see the rest.
  var weightBar = null, weights = data.edges.map(function (e) { return e.value; });
  var heaviest = weights.length ? Math.max.apply(null, weights) : 1;
  if (data.edges.length > DENSE * data.nodes.length && heaviest > 1) {
    var bar = 1;
    while (bar < heaviest && weights.filter(function (w) { return w >= bar; }).length > DENSE * data.nodes.length) { bar += 1; }
    weightBar = make("input", {id: "ictgraph-weight", type: "range", min: 1, max: heaviest, step: 1, value: bar});
    weightBar.dataset.initial = bar;
    var barShown = make("span", {textContent: String(bar)});
    weightBar.addEventListener("input", function () { barShown.textContent = weightBar.value; applyFilters(); });
    panel.appendChild(make("h2", {textContent: T.weight}));
    panel.appendChild(make("div", {className: "ictgraph-years"}, [make("span", {textContent: "≥"}), weightBar, barShown]));
    panel.appendChild(make("div", {className: "hint", textContent: T.weight_note}));
  }

  var country = null;
  if (data.countries.length > 1) {
    country = make("select", {id: "ictgraph-country"}, [make("option", {value: "", textContent: T.all_countries})]);
    data.countries.forEach(function (c) { country.appendChild(make("option", {value: c.id, textContent: c.label})); });
    country.addEventListener("change", applyFilters);
    panel.appendChild(make("h2", {textContent: T.country}));
    panel.appendChild(country);
  }

  var isolated = data.nodes.filter(function (n) { return n.isolated; });
  if (isolated.length && !timeline) {
    var list = make("ul", {});
    isolated.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (n) {
      var item = make("li", {}, [make("a", {href: "#", textContent: n.name})]);
      item.firstChild.addEventListener("click", function (ev) { ev.preventDefault(); choose(n.id); });
      list.appendChild(item);
    });
    var summary = make("summary", {textContent: T.isolated + " " + isolated.length});
    panel.appendChild(make("details", {className: "isolated"}, [summary, make("div", {textContent: T.isolated_note}), list]));
  }
  var reset = make("button", {id: "ictgraph-reset", type: "button", textContent: T.reset});
  reset.addEventListener("click", function () { resetFilters(); network.unselectAll(); unhighlight(); network.fit(); });
  panel.appendChild(reset);
  panel.appendChild(make("div", {className: "hint", textContent: T.hint}));

  // ---- filters ----------------------------------------------------------------------------------------
  function inRange(years, lo, hi) { return years.some(function (y) { return y >= lo && y <= hi; }); }
  function applyFilters() {
    var lo = fromYear ? +fromYear.value : minYear, hi = toYear ? +toYear.value : maxYear;
    var everyYear = !fromYear || (lo <= minYear && hi >= maxYear);
    var near = null;
    if (country && country.value) {
      near = {};
      data.nodes.forEach(function (n) {
        if (n.countries.indexOf(country.value) >= 0) {
          near[n.id] = true;
          links[n.id].forEach(function (k) { near[k] = true; });
        }
      });
    }
    var shown = {}, nodeCount = 0, edgeCount = 0;
    data.nodes.forEach(function (n) {
      shown[n.id] = enabled[n.group] && (!near || near[n.id]) && (everyYear || inRange(n.years, lo, hi));
      if (shown[n.id]) { nodeCount += 1; }
    });
    nodes.update(data.nodes.map(function (n) { return {id: n.id, hidden: !shown[n.id]}; }));
    edges.update(data.edges.map(function (e) {
      var on = shown[e.from] && shown[e.to] && (everyYear || !e.years.length || inRange(e.years, lo, hi))
        && (!weightBar || e.value >= +weightBar.value);
      if (on) { edgeCount += 1; }
      return {id: e.id, hidden: !on};
    }));
    var all = nodeCount === data.nodes.length && edgeCount === data.edges.length;
    counts.textContent = (all ? "" : T.shown + " ") + T.nodes + " " + nodeCount + (all ? "" : " / " + data.nodes.length)
      + " · " + T.links + " " + edgeCount + (all ? "" : " / " + data.edges.length);
  }
  function resetFilters() {
    Object.keys(enabled).forEach(function (g) { enabled[g] = true; });
    groupBox.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    if (fromYear) {
      fromYear.value = minYear; toYear.value = maxYear;
      fromYear.nextSibling.textContent = minYear; toYear.nextSibling.textContent = maxYear;
    }
    if (country) { country.value = ""; }
    if (weightBar) { weightBar.value = 1; weightBar.nextSibling.textContent = "1"; }
    applyFilters();
  }

  // ---- highlight and search -------------------------------------------------------------------------
  function highlight(id) { highlighted = id; restyle(); }
  function unhighlight() { if (highlighted !== null) { highlighted = null; restyle(); } }
  network.on("selectNode", function (p) { highlight(p.nodes[0]); });
  network.on("deselectNode", function (p) { if (!p.nodes.length) { unhighlight(); } });
  network.on("zoom", restyle);

  function fold(text) { return (text || "").normalize("NFKC").toLowerCase().trim(); }
  var index = data.nodes.map(function (n) { return {id: n.id, keys: n.names.concat([n.name]).map(fold)}; });
  function find(text) {
    var q = fold(text);
    if (!q) { return []; }
    var found = [];
    index.forEach(function (entry) {
      var rank = 3;
      entry.keys.forEach(function (k) {
        if (k === q) { rank = Math.min(rank, 0); } else if (k.indexOf(q) === 0) { rank = Math.min(rank, 1); }
        else if (k.indexOf(q) > 0) { rank = Math.min(rank, 2); }
      });
      if (rank < 3) { found.push({id: entry.id, rank: rank}); }
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || byId[b.id].value - byId[a.id].value || byId[a.id].name.localeCompare(byId[b.id].name);
    });
    return found.slice(0, 8).map(function (f) { return f.id; });
  }
  function choose(id) {
    if (nodes.get(id).hidden) { resetFilters(); }
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, {scale: Math.max(network.getScale(), 1.4), animation: {duration: 400, easingFunction: "easeInOutQuad"}});
  }
  function showHits() {
    hits.textContent = "";
    var found = find(search.value);
    if (search.value.trim() && !found.length) { hits.appendChild(make("li", {textContent: T.no_match})); }
    found.forEach(function (id, i) {
      var n = byId[id];
      var other = n.names.filter(function (s) { return s && s !== n.name && s !== n.id; })[0] || "";
      var item = make("li", {className: i === 0 ? "current" : ""}, [n.name + " ", make("small", {textContent: other})]);
      item.dataset.id = id;
      item.addEventListener("click", function () { choose(id); });
      hits.appendChild(item);
    });
    return found;
  }
  search.addEventListener("input", showHits);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var found = showHits(); if (found.length) { choose(found[0]); } }
  });

  // ---- drawing aids: the year axis of a timeline, the column of nodes with no link ------------------
  var shelf = null;  // where the nodes with no link are gathered: rows under the drawing, headed by a count
  function gatherIsolated() {
    if (!isolated.length || timeline) { return; }
    var placed = data.nodes.filter(function (n) { return !n.isolated; }).map(function (n) { return n.id; });
    var pos = network.getPositions(placed), ids = Object.keys(pos);
    var xs = ids.map(function (k) { return pos[k].x; }), ys = ids.map(function (k) { return pos[k].y; });
    var left = xs.length ? Math.min.apply(null, xs) : 0, right = xs.length ? Math.max.apply(null, xs) : 0;
    var bottom = ys.length ? Math.max.apply(null, ys) : 0;
    var step = 130, perRow = Math.max(4, Math.floor((right - left) / step) + 1), top = bottom + 150;
    isolated.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (n, i) {
      network.moveNode(n.id, left + (i % perRow) * step, top + Math.floor(i / perRow) * 60);
    });
    shelf = {x: left, y: top};
  }
  network.on("afterDrawing", function (ctx) {
    if (!shelf) { return; }
    var s = network.getScale();
    ctx.save();
    ctx.font = "bold " + (13 / s) + "px " + FONT;
    ctx.fillStyle = "#555555";
    ctx.textAlign = "left";
    ctx.fillText(T.isolated + " " + isolated.length + " ↓", shelf.x - 8 / s, shelf.y - 24 / s);
    ctx.restore();
  });
  network.on("beforeDrawing", function (ctx) {
    var axis = data.axis;
    if (!axis || !axis.years) { return; }
    var s = network.getScale();
    var every = [1, 2, 5, 10].filter(function (k) { return (axis.y[1] - axis.y[0]) * k * s >= 18; })[0] || 10;
    ctx.save();
    ctx.font = (13 / s) + "px " + FONT;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    axis.years.forEach(function (year, i) {
      var y = axis.y[i];
      ctx.strokeStyle = year % 5 === 0 ? "#c4c4c4" : "#e6e6e6";
      ctx.lineWidth = 1 / s;
      ctx.beginPath(); ctx.moveTo(axis.left, y); ctx.lineTo(axis.right, y); ctx.stroke();
      if (year % every === 0 || i === 0) {  // a line marks the first of January
        ctx.fillStyle = "#444444";
        ctx.fillText(String(year), axis.left - 6 / s, y);
      }
    });
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.fillStyle = "#666666";
    ctx.fillText(T.year_axis + " ↓", axis.left - 40 / s, axis.y[0] - 14 / s);
    ctx.restore();
  });

  // At the first view the labels of the largest nodes are drawn larger than LABEL_PX on screen, as many
  // as fit without overlapping a larger one; the others are LABEL_PX in canvas units, which vis-network
  // skips while they would be drawn smaller than drawThreshold, so they appear as the reader zooms in.
  var measure = document.createElement("canvas").getContext("2d");
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function sizeLabels() {
    var s = network.getScale(), fontSize = LABEL_PX + 2, least = (LABEL_PX + 1) / fontSize;
    if (timeline) {  // fixed positions: if the window is too small to read them all, read from the top left
      if (s < least) {
        var box = document.getElementById("mynetwork").getBoundingClientRect();
        var pos = network.getPositions(), ids = Object.keys(pos);
        var top = Math.min.apply(null, ids.map(function (k) { return pos[k].y; }));
        network.moveTo({scale: least, position: {x: data.axis.left - 70 / least + box.width / 2 / least,
                                                  y: top - 40 / least + box.height / 2 / least}});
      }
      return;
    }
    var positions = network.getPositions(), taken = [];
    var ranked = data.nodes.slice().sort(function (a, b) { return b.value - a.value; });
    var most = ranked.length ? ranked[0].value || 1 : 1;
    ranked.forEach(function (n, i) {
      var px = (LABEL_PX + 1) * (1 + 0.4 * n.value / most);  // on screen
      var at = network.canvasToDOM(positions[n.id]), radius = (network.body.nodes[n.id].options.size || 8) * s;
      var lines = n.label.split("\n");
      measure.font = px + "px " + FONT;
      var width = Math.max.apply(null, lines.map(function (line) { return measure.measureText(line).width; }));
      var box = {left: at.x - width / 2 - 3, right: at.x + width / 2 + 3, top: at.y + radius,
                 bottom: at.y + radius + lines.length * px * 1.25};
      if ((data.nodes.length <= SMALL_GRAPH || i < TOP_LABELS) && !taken.some(function (t) { return overlaps(t, box); })) {
        taken.push(box);
        labelPx[n.id] = px;
      }
    });
    var said = {};
    data.edges.forEach(function (e) { said[e.label] = true; });
    linkLabels = data.edges.length <= FEW_LINKS && Object.keys(said).length > 1;
    restyle();
  }
  function settle() {
    network.setOptions({physics: false});
    gatherIsolated();
    network.fit();
    if (!timeline) { network.moveTo({scale: network.getScale() * 0.92}); }  // room for labels at the edges
    sizeLabels();
    applyFilters();
    window.ictgraphSettled = true;
  }
  // Stabilisation runs in timer tasks, which the browser may run before it reaches this script (it
  // can yield between two scripts): then the iterations are done already and the event is past.
  if (timeline || data.nodes.length === 0 || network.physics.ready) { settle(); }
  else { network.once("stabilizationIterationsDone", settle); }
})();
