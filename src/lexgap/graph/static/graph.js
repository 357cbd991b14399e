/* lexgap graph view: draws the JSON data block of one view with cytoscape.js.
 * window.lexgapGraph(id) builds the view inside the element `id` from the JSON in `id`-data.
 * Everything the data holds is shown with textContent, never as HTML.
 * window.lexgapGraphs[id] keeps {cy, nodes, edges, search, select, filter} for scripts and tests. */
(function () {
  "use strict";
  if (window.lexgapGraph) { return; }

  var VERDICTS = ["satisfied", "partial", "missing", "conflict", "dangling", "none"];
  var VERDICT_NAMES = {
    satisfied: "satisfied", partial: "partial", missing: "missing", conflict: "conflict",
    dangling: "dangling reference", none: "no finding"
  };
  var ALWAYS_SHOWN = { code: true, standard: true };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function style() {
    return [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 9, "min-zoomed-font-size": 7, "text-valign": "bottom",
        "text-margin-y": 2, "width": 10, "height": 10, "background-color": "#8fb3d9", "color": "#222",
        "text-max-width": 160, "text-wrap": "ellipsis" } },
      { selector: "node[kind = 'code']", style: {
        "shape": "round-rectangle", "width": 150, "height": 44, "background-color": "#34495e",
        "color": "#fff", "text-valign": "center", "font-size": 16, "min-zoomed-font-size": 0, "text-margin-y": 0 } },
      { selector: "node[kind = 'rule']", style: { "shape": "diamond", "width": 34, "height": 34, "font-size": 12, "min-zoomed-font-size": 0 } },
      { selector: "node[kind = 'standard']", style: { "shape": "hexagon", "width": 26, "height": 26, "background-color": "#c9a227", "font-size": 11, "min-zoomed-font-size": 0 } },
      { selector: "node[kind = 'missing']", style: { "background-color": "#eee", "border-width": 1, "border-style": "dashed", "border-color": "#777" } },
      { selector: "node[v = 'satisfied']", style: { "background-color": "#2e9e4f", "width": 16, "height": 16 } },
      { selector: "node[v = 'partial']", style: { "background-color": "#f0a030", "width": 16, "height": 16 } },
      { selector: "node[v = 'missing']", style: { "background-color": "#d0312d", "width": 16, "height": 16 } },
      { selector: "node[v = 'conflict']", style: { "background-color": "#7b1fa2", "width": 18, "height": 18 } },
      { selector: "node[kind = 'rule']", style: { "width": 34, "height": 34 } },
      { selector: "edge", style: { "width": 1, "line-color": "#aab", "opacity": 0.5, "curve-style": "haystack" } },
      { selector: "edge[type = 'refers_to']", style: { "line-color": "#7f9fbf", "opacity": 0.3 } },
      { selector: "edge[type = 'satisfies']", style: { "line-color": "#2e9e4f", "opacity": 0.8, "width": 2 } },
      { selector: "edge[type = 'partially_satisfies']", style: { "line-color": "#f0a030", "opacity": 0.8, "width": 2 } },
      { selector: "edge[type = 'conflicts_with']", style: { "line-color": "#7b1fa2", "opacity": 0.9, "width": 3 } },
      { selector: "edge[type = 'missing_in']", style: { "line-color": "#d0312d", "opacity": 0.7, "width": 2,
        "curve-style": "straight", "line-style": "dashed", "target-arrow-shape": "triangle", "target-arrow-color": "#d0312d" } },
      { selector: "edge[type = 'derived_from']", style: { "line-color": "#c9a227", "opacity": 0.7 } },
      { selector: "edge[type = 'contains']", style: { "line-color": "#ddd", "opacity": 0.4 } },
      { selector: ".lxg-match", style: { "border-width": 4, "border-color": "#e91e63", "z-index": 10 } },
      { selector: "node:selected", style: { "border-width": 5, "border-color": "#000", "z-index": 20 } },
      { selector: ".lxg-near", style: { "opacity": 1, "width": 2, "line-color": "#333", "z-index": 5 } },
      { selector: ".lxg-hidden", style: { "display": "none" } }
    ];
  }

  function elements(data) {
    var out = [];
    data.nodes.forEach(function (n) {
      out.push({ group: "nodes", data: n, position: { x: n.x, y: n.y } });
    });
    data.edges.forEach(function (e, i) {
      out.push({ group: "edges", data: { id: "e" + i, source: e.s, target: e.t, type: e.type, n: e.n, text: e.text || "", el: e.el || "" } });
    });
    return out;
  }

  function verdictOf(node) { return node.data("v") || "none"; }

  function build(root, data) {
    var bar = el("div", "lxg-bar");
    var search = el("input", "lxg-search");
    search.type = "search";
    search.placeholder = "search: art_146, art. 146, torture, CAT…";
    search.setAttribute("aria-label", "search the graph");
    var count = el("span", "lxg-count", "");
    bar.appendChild(search);
    bar.appendChild(count);
    var boxes = {};
    VERDICTS.forEach(function (v) {
      var label = el("label", "lxg-filter lxg-v-" + v);
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = v;
      boxes[v] = box;
      label.appendChild(box);
      label.appendChild(el("span", "", " " + VERDICT_NAMES[v]));
      bar.appendChild(label);
    });
    var main = el("div", "lxg-main");
    var canvas = el("div", "lxg-canvas");
    var panel = el("div", "lxg-panel");
    panel.appendChild(el("p", "lxg-hint", "Click a node to read its text and findings."));
    main.appendChild(canvas);
    main.appendChild(panel);
    root.appendChild(bar);
    root.appendChild(main);
    return { search: search, count: count, boxes: boxes, canvas: canvas, panel: panel };
  }

  function lexgapGraph(id) {
    var root = document.getElementById(id);
    var source = document.getElementById(id + "-data");
    if (!root || !source) { throw new Error("lexgap graph: no element " + id + " or its data"); }
    var data = JSON.parse(source.textContent);
    var ui = build(root, data);
    var big = data.edges.length > 3000;
    var cy = window.cytoscape({
      container: ui.canvas,
      elements: elements(data),
      layout: { name: "preset", fit: true, padding: 30 },
      style: style(),
      minZoom: 0.02,
      maxZoom: 4,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : "auto"
    });
    var byGid = {};
    cy.nodes().forEach(function (n) { byGid[n.data("gid")] = n; });

    function filter() {
      cy.batch(function () {
        cy.nodes().forEach(function (n) {
          var shown = ALWAYS_SHOWN[n.data("kind")] || ui.boxes[verdictOf(n)].checked;
          if (shown) { n.removeClass("lxg-hidden"); } else { n.addClass("lxg-hidden"); }
        });
      });
      return cy.nodes().not(".lxg-hidden").length;
    }

    function link(node) {
      var a = el("a", "lxg-link", node.data("label"));
      a.href = "#";
      a.addEventListener("click", function (ev) { ev.preventDefault(); select(node.data("gid")); });
      return a;
    }

    function section(title, items) {
      if (!items.length) { return null; }
      var box = el("div", "lxg-section");
      box.appendChild(el("h4", "", title));
      var list = el("ul");
      items.forEach(function (item) { list.appendChild(item); });
      box.appendChild(list);
      return box;
    }

    function findingItems(node) {
      return (node.data("f") || []).map(function (f) {
        var li = el("li", "lxg-finding lxg-v-" + (f.status || "none"));
        var rule = f.rule && cy.getElementById(f.rule);
        if (rule && rule.length) { li.appendChild(link(rule)); } else if (f.code) { li.appendChild(el("b", "", f.code)); }
        li.appendChild(el("span", "", " " + [f.relation, f.status, f.element, f.pinpoint].filter(Boolean).join(" · ")));
        if (f.quote) { li.appendChild(el("blockquote", "", f.quote)); }
        return li;
      });
    }

    function edgeItems(edges, far, limit) {
      var items = [];
      edges.forEach(function (e) {
        if (items.length >= limit) { return; }
        var li = el("li");
        li.appendChild(link(far(e)));
        var note = e.data("text") ? " «" + e.data("text") + "»" : "";
        if (e.data("el")) { note += " " + e.data("type") + ": " + e.data("el"); }
        if (e.data("n") > 1) { note += " ×" + e.data("n"); }
        li.appendChild(el("span", "", note));
        items.push(li);
      });
      if (edges.length > limit) { items.push(el("li", "", "… " + (edges.length - limit) + " more")); }
      return items;
    }

    function show(node) {
      var p = ui.panel;
      p.textContent = "";
      p.appendChild(el("div", "lxg-kind", node.data("kind") + (node.data("v") ? " · " + node.data("v") : "")));
      p.appendChild(el("h3", "lxg-title", node.data("label")));
      if (node.data("heading")) { p.appendChild(el("div", "lxg-heading", node.data("heading"))); }
      if (node.data("code")) { p.appendChild(el("div", "lxg-code", node.data("code"))); }
      if (node.data("text")) { p.appendChild(el("div", "lxg-text", node.data("text"))); }
      p.appendChild(el("div", "lxg-gid", node.data("gid")));
      var parts = [
        section("Findings", findingItems(node)),
        section("Provisions", edgeItems(node.incomers("edge[type = 'satisfies'], edge[type = 'partially_satisfies'], edge[type = 'conflicts_with']"), function (e) { return e.source(); }, 40)),
        section("Referred to by", edgeItems(node.incomers("edge[type = 'refers_to']"), function (e) { return e.source(); }, 25)),
        section("Refers to", edgeItems(node.outgoers("edge[type = 'refers_to']"), function (e) { return e.target(); }, 25)),
        section("Rests on", edgeItems(node.outgoers("edge[type = 'derived_from']"), function (e) { return e.target(); }, 25)),
        section("Rules", edgeItems(node.incomers("edge[type = 'derived_from']"), function (e) { return e.source(); }, 25))
      ];
      parts.forEach(function (s) { if (s) { p.appendChild(s); } });
      cy.edges(".lxg-near").removeClass("lxg-near");
      node.connectedEdges().addClass("lxg-near");
      root.setAttribute("data-selected", node.data("gid"));
    }

    function select(gid) {
      var node = byGid[gid] || cy.getElementById(gid);
      if (!node || !node.length) { return false; }
      cy.nodes(":selected").unselect();
      node.select();
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 0.6) }, { duration: 200 });
      show(node);
      return true;
    }

    function search(query) {
      var q = String(query || "").trim().toLowerCase();
      cy.nodes(".lxg-match").removeClass("lxg-match");
      if (q.length < 2) { ui.count.textContent = ""; return 0; }
      var hits = cy.nodes().filter(function (n) {
        return !n.hasClass("lxg-hidden") && ((n.data("label") || "").toLowerCase().indexOf(q) >= 0 ||
          (n.data("gid") || "").toLowerCase().indexOf(q) >= 0 || (n.data("heading") || "").toLowerCase().indexOf(q) >= 0);
      });
      hits.addClass("lxg-match");
      ui.count.textContent = hits.length + (hits.length === 1 ? " match" : " matches");
      ui.panel.textContent = "";
      ui.panel.appendChild(el("h3", "lxg-title", hits.length + " matches for “" + query + "”"));
      var list = el("ul", "lxg-results");
      hits.slice(0, 50).forEach(function (n) { var li = el("li"); li.appendChild(link(n)); list.appendChild(li); });
      ui.panel.appendChild(list);
      if (hits.length && hits.length <= 50) { cy.fit(hits, 80); }
      return hits.length;
    }

    var timer = null;
    ui.search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(ui.search.value); }, 250);
    });
    ui.search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { clearTimeout(timer); search(ui.search.value); }
    });
    Object.keys(ui.boxes).forEach(function (v) { ui.boxes[v].addEventListener("change", filter); });
    cy.on("tap", "node", function (ev) { show(ev.target); });

    var api = { cy: cy, nodes: cy.nodes().length, edges: cy.edges().length, search: search, select: select,
      filter: function (v, on) { ui.boxes[v].checked = !!on; return filter(); } };
    window.lexgapGraphs = window.lexgapGraphs || {};
    window.lexgapGraphs[id] = api;
    root.setAttribute("data-nodes", String(api.nodes));
    root.setAttribute("data-edges", String(api.edges));
    root.setAttribute("data-ready", "1");
    return api;
  }

  window.lexgapGraph = lexgapGraph;
}());
