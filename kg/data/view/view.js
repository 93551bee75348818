/* The interactive view of the knowledge graph. Data comes from the JSON block
   #kg-data; every text from articles is put in the page with textContent,
   never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var T = data.text;

  var ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  var LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي" };
  var PUNCT = /[\s"'`’‘“”«»().,،:;!?؟\-–—_/]+/g;
  /* The same matching key as kg.text.normalize in Python. */
  function normalize(text) {
    var s = text.normalize("NFKC").toLowerCase().replace(ARABIC_MARKS, "");
    s = s.replace(/[أإآٱىةؤئ]/g, function (c) { return LETTERS[c]; });
    return s.replace(PUNCT, " ").trim();
  }

  /* A relation with its direction, as kg show writes it: "A —lobbies→ B"; on a right-to-left page the
     subject stands on the right and the arrow points left, to the object. */
  var ARROW = document.documentElement.dir === "rtl" ? "←" : "→";
  function relationText(from, relation, to) { return from + " —" + relation + ARROW + " " + to; }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var state = { relations: {}, types: {}, from: "", to: "", edgeFilterActive: false };
  data.relations.forEach(function (r) { state.relations[r.name] = true; });
  data.types.forEach(function (t) { state.types[t.name] = true; });

  function edgeVisible(edge) {
    if (!state.relations[edge.relation]) return false;
    if (!state.types[nodes.get(edge.from).category] || !state.types[nodes.get(edge.to).category]) return false;
    if (state.from && edge.end && edge.end < state.from) return false;
    if (state.to && edge.start && edge.start > state.to) return false;
    return true;
  }
  var visibleEdgeEnds = {};
  function recomputeEnds() {
    visibleEdgeEnds = {};
    edges.forEach(function (e) {
      if (edgeVisible(e)) { visibleEdgeEnds[e.from] = true; visibleEdgeEnds[e.to] = true; }
    });
  }
  function nodeVisible(node) {
    if (!state.types[node.category]) return false;
    return !state.edgeFilterActive || visibleEdgeEnds[node.id] === true || node.id === data.focus;
  }
  var nodesView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgesView = new vis.DataView(edges, { filter: edgeVisible });
  recomputeEnds();

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);

  function refresh() {
    var allRelations = data.relations.every(function (r) { return state.relations[r.name]; });
    state.edgeFilterActive = !allRelations || Boolean(state.from) || Boolean(state.to);
    recomputeEnds();
    nodesView.refresh();
    edgesView.refresh();
  }

  /* Side panel */
  var panel = document.getElementById("panel");
  function clearPanel() { while (panel.firstChild) panel.removeChild(panel.firstChild); }
  function claimBlock(claim) {
    var box = el("div", null, { "class": "claim" });
    box.appendChild(el("blockquote", claim.quote, { dir: "auto", lang: claim.quote_lang || "" }));
    if (claim.translation) box.appendChild(el("p", claim.translation, { "class": "translation", dir: "auto", lang: "en" }));
    var meta = [];
    if (claim.attributed) meta.push(T.according + ": " + claim.attributed);
    if (claim.when) meta.push(T.when + ": " + claim.when);
    if (claim.polarity) meta.push(T.stance + ": " + claim.polarity);
    if (claim.confidence !== null && claim.confidence !== undefined) meta.push(T.confidence + ": " + claim.confidence);
    box.appendChild(el("p", meta.join(" · "), { "class": "meta", dir: "auto" }));
    var source = el("p", T.source + ": ", { "class": "meta source", dir: "auto" });
    if (claim.url) {
      var link = el("a", claim.source, { href: claim.url, rel: "noopener noreferrer", target: "_blank" });
      source.appendChild(link);
    } else {
      source.appendChild(document.createTextNode(claim.source));
    }
    box.appendChild(source);
    return box;
  }
  function showNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    clearPanel();
    panel.appendChild(el("h2", node.label, { dir: "auto" }));
    panel.appendChild(el("p", node.type_label, { "class": "meta" }));
    panel.appendChild(el("p", node.label_en + " · " + node.label_ar, { dir: "auto" }));
    if (node.description) panel.appendChild(el("p", node.description, { dir: "auto" }));
    if (node.aliases.length) panel.appendChild(el("p", T.aliases + ": " + node.aliases.join("، "), { "class": "meta", dir: "auto" }));
    var connected = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
    panel.appendChild(el("h3", T.relations + " (" + connected.length + ")"));
    var list = el("ul");
    connected.forEach(function (e) {
      var text = relationText(nodes.get(e.from).label, e.relation_label, nodes.get(e.to).label);
      var item = el("li", text + " (" + e.claims.length + ")", { dir: "auto" });
      item.addEventListener("click", function () { showEdge(e.id); });
      list.appendChild(item);
    });
    panel.appendChild(list);
    var dated = [];
    connected.forEach(function (e) {
      e.claims.forEach(function (c) { dated.push({ edge: e, claim: c }); });
    });
    dated.sort(function (a, b) { return (a.claim.date || "9999").localeCompare(b.claim.date || "9999"); });
    panel.appendChild(el("h3", T.timeline + " (" + dated.length + ")"));
    var steps = el("ol", null, { "class": "timeline" });
    dated.forEach(function (d) {
      var step = el("li", (d.claim.date || "…") + ": " +
        relationText(nodes.get(d.edge.from).label, d.edge.relation_label, nodes.get(d.edge.to).label) +
        (d.claim.polarity ? " [" + d.claim.polarity + "]" : ""), { dir: "auto" });
      step.addEventListener("click", function () { showEdge(d.edge.id); });
      steps.appendChild(step);
    });
    panel.appendChild(steps);
  }
  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) return;
    clearPanel();
    var heading = relationText(nodes.get(edge.from).label, edge.relation_label, nodes.get(edge.to).label);
    panel.appendChild(el("h2", heading, { dir: "auto" }));
    panel.appendChild(el("p", edge.claims.length + " " + T.claims, { "class": "meta" }));
    edge.claims.forEach(function (claim) { panel.appendChild(claimBlock(claim)); });
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  /* Search */
  var searchResult = document.getElementById("search-result");
  function search(query) {
    var key = normalize(query);
    if (!key) return null;
    var all = nodes.get();
    var exact = all.filter(function (n) { return n.search.indexOf(key) >= 0; });
    var partial = exact.length ? exact : all.filter(function (n) {
      return n.search.some(function (name) { return name.indexOf(key) >= 0; });
    });
    return partial.length ? partial[0] : null;
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var found = search(document.getElementById("search").value);
    if (!found) { searchResult.textContent = T.not_found; return; }
    searchResult.textContent = found.label;
    if (!nodeVisible(found)) { state.types[found.category] = true; syncChecks(); refresh(); }
    network.selectNodes([found.id]);
    network.focus(found.id, { scale: 1.3, animation: false });
    showNode(found.id);
  });

  /* Filters */
  function checkbox(fieldset, name, label, group, swatch) {
    var wrap = el("label", null, { dir: "auto" });
    var box = el("input", null, { type: "checkbox", value: name, "data-group": group });
    box.checked = true;
    box.addEventListener("change", function () { state[group][name] = box.checked; refresh(); });
    wrap.appendChild(box);
    if (swatch) wrap.appendChild(swatch);
    wrap.appendChild(document.createTextNode(" " + label));
    fieldset.appendChild(wrap);
  }
  function syncChecks() {
    document.querySelectorAll("#controls input[type=checkbox][data-group]").forEach(function (box) {
      box.checked = state[box.getAttribute("data-group")][box.value];
    });
  }
  var relationBox = document.getElementById("relation-filter");
  data.relations.forEach(function (r) { checkbox(relationBox, r.name, r.label + " (" + r.count + ")", "relations"); });
  var typeBox = document.getElementById("type-filter");
  data.types.forEach(function (t) { checkbox(typeBox, t.name, t.label + " (" + t.count + ")", "types"); });

  var from = document.getElementById("time-from"), to = document.getElementById("time-to");
  var fromValue = document.getElementById("time-from-value"), toValue = document.getElementById("time-to-value");
  function setTime() {
    if (!data.dates.length) return;
    state.from = from.value > 0 ? data.dates[from.value] : "";
    state.to = to.value < data.dates.length - 1 ? data.dates[to.value] : "";
    fromValue.textContent = data.dates[from.value];
    toValue.textContent = data.dates[to.value];
    refresh();
  }
  if (data.dates.length) {
    from.max = to.max = String(data.dates.length - 1);
    from.value = "0"; to.value = String(data.dates.length - 1);
    fromValue.textContent = data.dates[0]; toValue.textContent = data.dates[data.dates.length - 1];
    from.addEventListener("input", function () { if (+from.value > +to.value) to.value = from.value; setTime(); });
    to.addEventListener("input", function () { if (+to.value < +from.value) from.value = to.value; setTime(); });
  } else {
    document.getElementById("time-filter").hidden = true;
  }

  var physics = document.getElementById("physics");
  physics.addEventListener("change", function () { network.setOptions({ physics: { enabled: physics.checked } }); });
  document.getElementById("reset").addEventListener("click", function () {
    Object.keys(state.relations).forEach(function (k) { state.relations[k] = true; });
    Object.keys(state.types).forEach(function (k) { state.types[k] = true; });
    if (data.dates.length) { from.value = "0"; to.value = String(data.dates.length - 1); }
    state.from = state.to = "";
    document.getElementById("search").value = "";
    searchResult.textContent = "";
    syncChecks();
    refresh();
    physics.checked = false;
    network.setOptions({ physics: { enabled: false } });
    network.unselectAll();
    network.fit({ animation: false });
  });

  /* Legend */
  var legend = document.getElementById("legend");
  data.legend.nodes.forEach(function (item) {
    var row = el("div", null, { "class": "item" });
    var swatch = el("span", null, { "class": "swatch", title: item.shape });
    swatch.style.background = item.color;
    if (item.shape === "dot") swatch.style.borderRadius = "50%";
    row.appendChild(swatch);
    row.appendChild(el("span", item.shape_label ? item.label + " (" + item.shape_label + ")" : item.label));
    legend.appendChild(row);
  });
  data.legend.edges.forEach(function (item) {
    var row = el("div", null, { "class": "item" });
    var line = el("span", null, { "class": item.dashed ? "line dashed" : "line" });
    line.style.borderTopColor = item.color;
    row.appendChild(line);
    row.appendChild(el("span", item.label));
    legend.appendChild(row);
  });

  var ready = false;
  network.once("afterDrawing", function () { ready = true; document.body.setAttribute("data-ready", "true"); });
  window.kgView = {
    network: network, nodes: nodes, edges: edges,
    visibleNodes: function () { return nodesView.getIds(); },
    visibleEdges: function () { return edgesView.getIds(); },
    isReady: function () { return ready; },
    showEdge: showEdge, showNode: showNode
  };
})();
