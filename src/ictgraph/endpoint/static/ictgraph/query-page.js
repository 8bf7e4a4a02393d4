/* The query page: YASGUI on this server's /sparql, with results shown as a reader reads them.
   - the table shows values, not RDF terms ("2003-12", "Japan"; IRIs as id:country/BR);
   - three more result views, all drawn here with no request leaving the page: a graph (CONSTRUCT
     results, or rows that link two IRIs), a timeline (rows with a date) and a bar chart (counts);
   - a link that reopens the query: #query=<text> in the address, read on load;
   - named queries listed from /queries.json. */
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  // The project's prefixes (ictgraph.vocab.PREFIXES): IRIs in results are shown with them.
  var PREFIXES = {
    ict: "https://w3id.org/ictgraph/ontology#", id: "https://w3id.org/ictgraph/id/",
    rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#", rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    owl: "http://www.w3.org/2002/07/owl#", xsd: XSD, skos: "http://www.w3.org/2004/02/skos/core#",
    prov: "http://www.w3.org/ns/prov#", dcterms: "http://purl.org/dc/terms/", dcat: "http://www.w3.org/ns/dcat#",
    void: "http://rdfs.org/ns/void#", foaf: "http://xmlns.com/foaf/0.1/", schema: "https://schema.org/",
    org: "http://www.w3.org/ns/org#", wd: "http://www.wikidata.org/entity/"
  };
  var LABELS = [PREFIXES.rdfs + "label", PREFIXES.skos + "prefLabel"];
  var NUMBERS = ["integer", "int", "long", "short", "decimal", "double", "float", "nonNegativeInteger",
    "positiveInteger", "unsignedInt"].map(function (t) { return XSD + t; });
  var DATES = ["date", "dateTime", "gYearMonth", "gYear"].map(function (t) { return XSD + t; });
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#B8A000", "#7F7F7F", "#9467BD",
    "#8C564B", "#17BECF", "#000000"];
  var SVG = "http://www.w3.org/2000/svg";

  function compact(iri) {
    for (var p in PREFIXES) {
      if (iri.indexOf(PREFIXES[p]) === 0) { return p + ":" + iri.slice(PREFIXES[p].length); }
    }
    return iri;
  }
  function make(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { node[k] = props[k]; });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // ---- reading a result ---------------------------------------------------------------------------
  function table(yasr) {
    var results = yasr.results;
    if (!results || !results.getVariables || results.getError && results.getError()) { return null; }
    var vars = results.getVariables() || [], rows = results.getBindings() || [];
    return vars.length ? {vars: vars, rows: rows} : null;
  }
  function every(t, column, test) {
    var seen = 0;
    var ok = t.rows.every(function (r) { if (!r[column]) { return true; } seen += 1; return test(r[column]); });
    return ok && seen > 0;
  }
  function iriColumns(t) { return t.vars.filter(function (v) { return every(t, v, function (b) { return b.type === "uri"; }); }); }
  function isNumber(b) { return b.type !== "uri" && NUMBERS.indexOf(b.datatype) >= 0; }
  function isYear(t, v) { return /^year$/i.test(v) && every(t, v, function (b) { return /^\d{4}$/.test(b.value); }); }
  function dateColumn(t) {
    var typed = t.vars.filter(function (v) { return every(t, v, function (b) { return DATES.indexOf(b.datatype) >= 0; }); });
    return typed[0] || t.vars.filter(function (v) { return isYear(t, v); })[0] || null;
  }
  // What a row is about, in words: the label of its first labelled IRI, else its first plain text.
  function rowLabel(t, row, skip) {
    var labelled = t.vars.filter(function (v) { return /Label$/.test(v) && row[v] && skip.indexOf(v) < 0; });
    if (labelled.length) { return row[labelled[0]].value; }
    var plain = t.vars.filter(function (v) {
      return row[v] && skip.indexOf(v) < 0 && row[v].type !== "uri" && !isNumber(row[v]) && DATES.indexOf(row[v].datatype) < 0;
    });
    if (plain.length) { return row[plain[0]].value; }
    var iri = t.vars.filter(function (v) { return row[v] && row[v].type === "uri"; })[0];
    return iri ? compact(row[iri].value) : "";
  }
  function labelOf(t, row, column, known) {
    var named = row[column + "Label"];
    if (named) { return named.value; }
    return known[row[column].value] || compact(row[column].value);
  }
  function when(value) {  // a typed date or year as a fractional year
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
    return m ? +m[1] + (m[2] ? (m[2] - 1) / 12 : 0) + (m[3] ? (m[3] - 1) / 365 : 0) : null;
  }
  function note(el, text) { el.appendChild(make("p", {className: "ictgraph-note", textContent: text})); }

  // ---- graph: CONSTRUCT results, or rows linking two IRIs ------------------------------------------
  function GraphView(yasr) { this.yasr = yasr; this.label = "Graph"; this.priority = 5; }
  GraphView.prototype.canHandleResults = function () {
    var t = table(this.yasr);
    return !!t && window.vis !== undefined && iriColumns(t).length >= 2;
  };
  GraphView.prototype.getIcon = function () { return make("span", {className: "ictgraph-icon", textContent: "◉"}); };
  GraphView.prototype.draw = function () {
    var t = table(this.yasr), el = make("div", {className: "ictgraph-view"});
    this.yasr.resultsEl.appendChild(el);
    var nodes = {}, edges = [], known = {}, statements = t.vars.join(" ") === "subject predicate object";
    if (statements) {
      t.rows.forEach(function (r) {
        if (LABELS.indexOf(r.predicate.value) >= 0 && r.object.type !== "uri" && !known[r.subject.value]) {
          known[r.subject.value] = r.object.value;
        }
      });
    }
    function node(iri, label) { if (!nodes[iri]) { nodes[iri] = {id: iri, label: label, title: compact(iri)}; } }
    var left = 0;
    t.rows.forEach(function (r) {
      if (statements) {
        if (r.object.type !== "uri") { left += 1; return; }
        node(r.subject.value, known[r.subject.value] || compact(r.subject.value));
        node(r.object.value, known[r.object.value] || compact(r.object.value));
        edges.push({from: r.subject.value, to: r.object.value, label: compact(r.predicate.value).replace(/^ict:/, "")});
        return;
      }
      var cols = iriColumns(t), head = cols[0];
      if (!r[head]) { return; }
      node(r[head].value, labelOf(t, r, head, known));
      cols.slice(1).forEach(function (c) {
        if (!r[c]) { return; }
        node(r[c].value, labelOf(t, r, c, known));
        edges.push({from: r[head].value, to: r[c].value, label: c});
      });
    });
    var ids = Object.keys(nodes), said = {};
    edges.forEach(function (e) { said[e.label] = true; });
    var alike = Object.keys(said).length === 1;  // then the note names the link once, not every line
    note(el, ids.length + " nodes, " + edges.length + " links" + (alike && edges.length ? " (" + edges[0].label + ")" : "")
      + (left ? "; " + left + " statements with a literal value are in the table" : ""));
    if (alike) { edges.forEach(function (e) { e.title = e.label; e.label = undefined; }); }
    var box = make("div", {className: "ictgraph-graph"});
    el.appendChild(box);
    var seen = {};
    edges = edges.filter(function (e) { var k = e.from + " " + e.to + " " + e.label; if (seen[k]) { return false; } seen[k] = true; return true; });
    var network = new vis.Network(box, {nodes: new vis.DataSet(ids.map(function (k) { return nodes[k]; })),
      edges: new vis.DataSet(edges.map(function (e, i) { e.id = i; return e; }))}, {
      nodes: {shape: "dot", size: 9, color: "#0072B2", font: {size: 14, strokeWidth: 3, strokeColor: "#fff"},
        scaling: {label: {drawThreshold: 15}}},
      edges: {arrows: "to", smooth: false, color: {color: "#9aa5b1"}, font: {size: 12, strokeWidth: 3, align: "middle"}},
      physics: {solver: "forceAtlas2Based", stabilization: {iterations: 300, fit: true}},
      interaction: {hover: true}
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      network.fit();
      // Names readable at the first view: of every node in a small graph, of the hubs in a larger one;
      // the rest appear on zooming in (a label is skipped while smaller than drawThreshold).
      var scale = network.getScale(), degree = {};
      edges.forEach(function (e) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; });
      network.body.data.nodes.update(ids.map(function (k) {
        var big = ids.length <= 25 || degree[k] >= 2;
        return {id: k, font: {size: big ? Math.max(14, 15 / scale) : 14}};
      }));
      box.dataset.settled = "true";
    });
    this.network = network;
  };
  GraphView.prototype.destroy = function () { if (this.network) { this.network.destroy(); this.network = null; } };

  // ---- timeline: rows with a date ------------------------------------------------------------------
  function TimelineView(yasr) { this.yasr = yasr; this.label = "Timeline"; this.priority = 4; }
  TimelineView.prototype.canHandleResults = function () { var t = table(this.yasr); return !!t && dateColumn(t) !== null; };
  TimelineView.prototype.getIcon = function () { return make("span", {className: "ictgraph-icon", textContent: "⏱"}); };
  TimelineView.prototype.draw = function () {
    var t = table(this.yasr), column = dateColumn(t), el = make("div", {className: "ictgraph-view"});
    this.yasr.resultsEl.appendChild(el);
    var items = t.rows.filter(function (r) { return r[column] && when(r[column].value) !== null; }).map(function (r) {
      // The date in its Western form, next to the words of the text where the result has them.
      var shown = r[column].value + (r.dateText && r.dateText.value !== r[column].value ? " · " + r.dateText.value : "");
      return {at: when(r[column].value), date: shown, label: rowLabel(t, r, [column, "dateText"])};
    }).sort(function (a, b) { return a.at - b.at; });
    var undated = t.rows.length - items.length;
    note(el, items.length + " dated rows by " + column + (undated ? "; " + undated + " without a date are in the table" : ""));
    if (!items.length) { return; }
    var first = Math.floor(items[0].at), last = Math.floor(items[items.length - 1].at) + 1;
    var width = Math.max(640, el.clientWidth || 900), labelWidth = Math.min(420, width * 0.42), row = 22, top = 34;
    var plot = width - labelWidth - 190, x = function (at) { return labelWidth + 10 + (at - first) / (last - first) * plot; };
    var chart = svg("svg", {width: width, height: top + items.length * row + 10, role: "img", "class": "ictgraph-timeline"});
    var step = [1, 2, 5, 10].filter(function (k) { return plot / (last - first) * k >= 40; })[0] || 10;
    for (var y = first; y <= last; y += 1) {
      chart.appendChild(svg("line", {x1: x(y), x2: x(y), y1: top - 6, y2: top + items.length * row, stroke: y % 5 ? "#eee" : "#ccc"}));
      if (y % step === 0) { chart.appendChild(svg("text", {x: x(y), y: top - 12, "text-anchor": "middle", "class": "tick"}, String(y))); }
    }
    items.forEach(function (it, i) {
      var cy = top + i * row + row / 2;
      chart.appendChild(svg("text", {x: labelWidth, y: cy + 4, "text-anchor": "end", "class": "label"},
        it.label.length > 60 ? it.label.slice(0, 58) + "…" : it.label));
      chart.appendChild(svg("line", {x1: labelWidth + 4, x2: x(it.at), y1: cy, y2: cy, stroke: "#e4e4e4"}));
      var dot = svg("circle", {cx: x(it.at), cy: cy, r: 5, fill: "#0072B2"});
      dot.appendChild(svg("title", {}, it.label + " — " + it.date));
      chart.appendChild(dot);
      chart.appendChild(svg("text", {x: x(it.at) + 8, y: cy + 4, "class": "date"}, it.date));
    });
    el.appendChild(chart);
  };

  // ---- bar chart: counts and amounts ----------------------------------------------------------------
  function ChartView(yasr) { this.yasr = yasr; this.label = "Chart"; this.priority = 3; }
  function valueColumn(t) {
    return t.vars.filter(function (v) { return !isYear(t, v) && every(t, v, isNumber); }).pop() || null;
  }
  ChartView.prototype.canHandleResults = function () { var t = table(this.yasr); return !!t && valueColumn(t) !== null; };
  ChartView.prototype.getIcon = function () { return make("span", {className: "ictgraph-icon", textContent: "▇"}); };
  ChartView.prototype.draw = function () {
    var t = table(this.yasr), value = valueColumn(t), el = make("div", {className: "ictgraph-view"});
    this.yasr.resultsEl.appendChild(el);
    var year = t.vars.filter(function (v) { return isYear(t, v); })[0];
    var width = Math.max(640, el.clientWidth || 900);
    if (year) { stacked(el, t, year, value, width); } else { bars(el, t, value, width); }
  };
  function bars(el, t, value, width) {
    var rows = t.rows.filter(function (r) { return r[value]; }), row = 22, labelWidth = Math.min(420, width * 0.42);
    var most = Math.max.apply(null, rows.map(function (r) { return +r[value].value; }).concat([0]));
    note(el, rows.length + " rows by " + value);
    var chart = svg("svg", {width: width, height: rows.length * row + 10, role: "img", "class": "ictgraph-chart"});
    rows.forEach(function (r, i) {
      var v = +r[value].value, w = most ? (width - labelWidth - 80) * v / most : 0, cy = i * row + row / 2;
      var label = rowLabel(t, r, [value]);
      chart.appendChild(svg("text", {x: labelWidth, y: cy + 4, "text-anchor": "end", "class": "label"},
        label.length > 60 ? label.slice(0, 58) + "…" : label));
      chart.appendChild(svg("rect", {x: labelWidth + 6, y: cy - 7, width: Math.max(w, 1), height: 14, fill: "#0072B2"}));
      chart.appendChild(svg("text", {x: labelWidth + 10 + w, y: cy + 4, "class": "value"}, r[value].value));
    });
    el.appendChild(chart);
  }
  function stacked(el, t, year, value, width) {  // one bar a year, one colour a kind (the row's label)
    var years = {}, kinds = [];
    t.rows.forEach(function (r) {
      if (!r[year] || !r[value]) { return; }
      var kind = rowLabel(t, r, [year, value]);
      if (kinds.indexOf(kind) < 0) { kinds.push(kind); }
      (years[r[year].value] = years[r[year].value] || []).push({kind: kind, v: +r[value].value});
    });
    // One band for each year that has a row: a count per year reads best side by side, and a few
    // early years (a founding in 1865) would otherwise squeeze the recent ones into a sliver.
    var list = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
    if (!list.length) { return; }
    var n = list.length;
    var totals = list.map(function (y) { return years[y].reduce(function (s, p) { return s + p.v; }, 0); });
    var most = Math.max.apply(null, totals), height = 300, left = 40, top = 10, plotW = width - left - 20;
    note(el, value + " per " + year + ", by kind");
    var chart = svg("svg", {width: width, height: height + 40 + Math.ceil(kinds.length / 3) * 20, role: "img", "class": "ictgraph-chart"});
    var band = plotW / n, bw = Math.max(4, band * 0.7);
    for (var k = 0; k <= most; k += Math.max(1, Math.ceil(most / 5))) {
      var gy = top + height - height * k / most;
      chart.appendChild(svg("line", {x1: left, x2: left + plotW, y1: gy, y2: gy, stroke: "#eee"}));
      chart.appendChild(svg("text", {x: left - 6, y: gy + 4, "text-anchor": "end", "class": "tick"}, String(k)));
    }
    list.forEach(function (y, i) {
      var x0 = left + i * band + (band - bw) / 2, base = top + height;
      years[y].forEach(function (p) {
        var h = height * p.v / most;
        var rect = svg("rect", {x: x0, y: base - h, width: bw, height: h, fill: COLOURS[kinds.indexOf(p.kind) % COLOURS.length]});
        rect.appendChild(svg("title", {}, y + " · " + p.kind + ": " + p.v));
        chart.appendChild(rect);
        base -= h;
      });
      if (band >= 34 || i % Math.ceil(34 / band) === 0) {
        chart.appendChild(svg("text", {x: x0 + bw / 2, y: top + height + 16, "text-anchor": "middle", "class": "tick"}, String(y)));
      }
    });
    kinds.forEach(function (kind, i) {
      var lx = left + (i % 3) * (plotW / 3), ly = top + height + 34 + Math.floor(i / 3) * 20;
      chart.appendChild(svg("rect", {x: lx, y: ly - 10, width: 12, height: 12, fill: COLOURS[i % COLOURS.length]}));
      chart.appendChild(svg("text", {x: lx + 18, y: ly, "class": "label"}, kind));
    });
    el.appendChild(chart);
  }

  // ---- the table: labels first, each column as wide as what it holds -------------------------------
  // YASR's table, read as an analyst reads a table: a column `x` with a sibling `xLabel` or `xName`
  // comes after them (a display order only: the result, its CSV and the other views keep the query's
  // order); no cell or header is cut: short values (dates, years, labels, compact IRIs) stay on one
  // line, long text (quotes) wraps between words inside a bounded width, long IRIs at their hyphens,
  // numbers are right-aligned and grouped.
  function displayOrder(vars) {
    var order = [];
    vars.forEach(function (v) {
      vars.filter(function (w) { return w === v + "Label" || w === v + "Name"; }).concat([v]).forEach(function (w) {
        if (order.indexOf(w) < 0) { order.push(w); }
      });
    });
    return order.map(function (v) { return vars.indexOf(v); });
  }
  function shownLength(b) { return (b.type === "uri" ? compact(b.value) : b.value).length; }
  function columnKind(t, v) {  // the CSS class that sizes a column: by what its cells hold
    if (every(t, v, isNumber)) { return "ictgraph-number"; }
    if (!t.rows.some(function (r) { return r[v] && shownLength(r[v]) > LONG; })) { return "ictgraph-short"; }
    return every(t, v, function (b) { return b.type === "uri"; }) ? "ictgraph-iri" : "ictgraph-long";
  }
  var LONG = 40;  // characters: a cell longer than this wraps instead of widening its column
  function grouped(value) {  // 30000000000000 → 30,000,000,000,000 (exact: no float on the way); 2003 stays
    var m = /^(-?)(\d{5,})(\.\d+)?$/.exec(value);
    return m ? m[1] + m[2].replace(/\B(?=(\d{3})+$)/g, ",") + (m[3] || "") : value;
  }
  var Table = Yasgui.Yasr.plugins.table;
  class ReadableTable extends Table {
    constructor(yasr) {
      super(yasr);
      // DataTables would fix every column's width from a sample of the first rows; the browser's own
      // table layout sizes them to their content instead.
      this.config = Object.assign({}, this.config, {tableConfig: Object.assign({}, this.config.tableConfig, {autoWidth: false})});
    }
    order() { return displayOrder(this.yasr.results.getVariables()); }
    getRows() {
      var order = this.order();
      return super.getRows().map(function (row) { return [row[0]].concat(order.map(function (i) { return row[i + 1]; })); });
    }
    getColumns() {
      var columns = super.getColumns(), t = table(this.yasr);
      if (!t) { return columns; }
      return [columns[0]].concat(this.order().map(function (i) {
        return Object.assign(columns[i + 1], {className: columnKind(t, t.vars[i])});
      }));
    }
    formatLiteral(binding, prefixes) {
      if (this.persistentConfig.compact && isNumber(binding)) { return grouped(binding.value); }
      return super.formatLiteral(binding, prefixes);
    }
    draw(config) {
      // No ellipsis (nothing is cut, so there is nothing to click open) and no fixed column widths
      // (YASR's column resizer pins each header to its first measured width, cutting long names).
      super.draw(Object.assign({}, config, {isEllipsed: false}));
      this.destroyResizer();
      this.tableEl.classList.remove("grip-padding", "grip-flex");  // the resizer's (zero cell padding)
      this.tableEl.style.removeProperty("width");
      this.tableEl.querySelectorAll("th, col").forEach(function (el) { el.style.removeProperty("width"); });
      this.tableEl.classList.add("ictgraph-table");
    }
    drawControls() {
      super.drawControls();
      this.tableEllipseSwitch.parentElement.parentElement.remove();  // its "Ellipse" switch: see draw()
    }
  }

  Yasgui.Yasr.registerPlugin("table", ReadableTable);
  Yasgui.Yasr.registerPlugin("graph", GraphView);
  Yasgui.Yasr.registerPlugin("timeline", TimelineView);
  Yasgui.Yasr.registerPlugin("chart", ChartView);
  // The table's "simple view": values as a reader writes them, not as RDF terms.
  Yasgui.Yasr.defaults.plugins.table.dynamicConfig = {compact: true};
  Yasgui.Yasqe.defaults.editorHeight = "240px";  // a tab passes its own editor settings over ours
  Yasgui.Yasr.defaults.prefixes = PREFIXES;

  // ---- the page ------------------------------------------------------------------------------------
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: new URL("/sparql", location.href).href, method: "POST"},
    copyEndpointOnNewTab: false,
    // Other hosts stay out of reach: no endpoint catalogue, no endpoint or settings from the address
    // (a link could otherwise send queries elsewhere), no shortener, nothing kept in the browser.
    endpointCatalogueOptions: {getData: function () { return []; }},
    populateFromUrl: false,
    persistenceId: null,
    yasqe: {autocompleters: ["prefixes", "variables"]},
    yasr: {prefixes: PREFIXES}
  });
  window.yasgui = yasgui;
  window.ictgraphPrefixes = PREFIXES;

  function queryFromAddress() {
    var params = new URLSearchParams(location.hash.slice(1));
    return params.get("query");
  }
  function linkTo(query) { return location.origin + location.pathname + "#" + new URLSearchParams({query: query}).toString(); }
  var share = document.getElementById("share-link");
  function showLink(query) {
    share.value = linkTo(query);
    history.replaceState(null, "", share.value);
  }
  function open(query) {
    var tab = yasgui.getTab();
    tab.setQuery(query);
    tab.query();
  }
  yasgui.on("query", function (instance, tab) { showLink(tab.getQuery()); });
  document.getElementById("copy-link").addEventListener("click", function () {
    showLink(yasgui.getTab().getQuery());
    share.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(share.value).catch(function () {}); }
  });
  window.addEventListener("hashchange", function () {
    var query = queryFromAddress();
    if (query !== null && query !== yasgui.getTab().getQuery()) { open(query); }
  });
  var initial = queryFromAddress();
  if (initial !== null) { open(initial); }

  fetch("/queries.json").then(function (r) { return r.json(); }).then(function (queries) {
    var list = document.getElementById("examples");
    queries.forEach(function (q) {
      var link = make("a", {href: linkTo(q.query), textContent: q.title || q.name, title: q.question});
      link.dataset.name = q.name;
      link.addEventListener("click", function (ev) { ev.preventDefault(); open(q.query); });
      list.appendChild(make("li", {}, [link]));
    });
    document.body.dataset.examples = "ready";
  });
})();
