/* The query UI: CodeMirror editor with SPARQL highlighting and prefix completion,
   named queries one click away, results as a table (entity labels link to their
   profile) and CONSTRUCT results as a small network. Text from the graph goes
   into the page with textContent only. */
(function () {
  "use strict";
  var PREFIXES = {
    kg: "https://w3id.org/chipkg/ontology#", kgr: "https://w3id.org/chipkg/id/",
    rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#", rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    owl: "http://www.w3.org/2002/07/owl#", xsd: "http://www.w3.org/2001/XMLSchema#",
    skos: "http://www.w3.org/2004/02/skos/core#", prov: "http://www.w3.org/ns/prov#",
    dcterms: "http://purl.org/dc/terms/", foaf: "http://xmlns.com/foaf/0.1/", org: "http://www.w3.org/ns/org#",
    schema: "https://schema.org/", sh: "http://www.w3.org/ns/shacl#"
  };
  var ENTITY_BASE = PREFIXES.kgr;
  var labels = {};
  var statusBox = document.getElementById("status");

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function setStatus(text, isError) { statusBox.textContent = text; statusBox.className = isError ? "error" : ""; }

  /* Prefix completion: after "PREFIX " or on any "word:" start, offer the project's prefixes. */
  function prefixHint(cm) {
    var cursor = cm.getCursor(), line = cm.getLine(cursor.line);
    var start = cursor.ch;
    while (start > 0 && /[\w-]/.test(line.charAt(start - 1))) start--;
    var word = line.slice(start, cursor.ch).toLowerCase();
    var declaring = /prefix\s+[\w-]*$/i.test(line.slice(0, cursor.ch));
    var list = Object.keys(PREFIXES).filter(function (p) { return p.indexOf(word) === 0; }).map(function (p) {
      return { text: declaring ? p + ": <" + PREFIXES[p] + ">" : p + ":", displayText: p + ": <" + PREFIXES[p] + ">" };
    });
    return { list: list, from: CodeMirror.Pos(cursor.line, start), to: CodeMirror.Pos(cursor.line, cursor.ch) };
  }
  var editor = CodeMirror.fromTextArea(document.getElementById("editor"), {
    mode: "application/sparql-query", lineNumbers: true, matchBrackets: true,
    extraKeys: {
      "Ctrl-Space": function (cm) { cm.showHint({ hint: prefixHint, completeSingle: false }); },
      "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); }
    }
  });
  window.kgEditor = editor;

  function shortName(iri) {
    if (labels[iri]) return labels[iri];
    for (var p in PREFIXES) if (iri.indexOf(PREFIXES[p]) === 0) return p + ":" + iri.slice(PREFIXES[p].length);
    return iri;
  }
  function cell(term) {
    var td = el("td", null, { dir: "auto" });
    if (!term) return td;
    if (term.type === "uri") {
      if (term.value.indexOf(ENTITY_BASE) === 0 && term.value.indexOf("/", ENTITY_BASE.length) < 0) {
        td.appendChild(el("a", shortName(term.value), { href: "/entity/" + encodeURIComponent(term.value.slice(ENTITY_BASE.length)), title: term.value }));
      } else {
        td.appendChild(el("span", shortName(term.value), { title: term.value }));
      }
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.setAttribute("lang", term["xml:lang"]);
    }
    return td;
  }
  function showTable(data) {
    var box = document.getElementById("results");
    box.textContent = "";
    document.getElementById("graph").hidden = true;
    if (data.boolean !== undefined) { box.appendChild(el("p", data.boolean ? "yes" : "no", { id: "ask-answer" })); return 1; }
    var table = el("table"), head = el("tr");
    data.head.vars.forEach(function (v) { head.appendChild(el("th", v)); });
    table.appendChild(head);
    data.results.bindings.forEach(function (row) {
      var tr = el("tr");
      data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
      table.appendChild(tr);
    });
    box.appendChild(table);
    return data.results.bindings.length;
  }
  /* N-Triples as the server writes them: one triple a line. */
  function parseNTriples(text) {
    var triples = [];
    text.split("\n").forEach(function (line) {
      var m = line.match(/^(<[^>]*>|_:\S+) <([^>]*)> (.*) \.$/);
      if (!m) return;
      var o = m[3], object;
      if (o.charAt(0) === "<") object = { type: "uri", value: o.slice(1, -1) };
      else if (o.indexOf("_:") === 0) object = { type: "bnode", value: o };
      else object = { type: "literal", value: JSON.parse(o.replace(/^(".*")(@[\w-]+|\^\^<[^>]*>)?$/, "$1")) };
      triples.push({ s: m[1].replace(/^<|>$/g, ""), p: m[2], o: object });
    });
    return triples;
  }
  function showGraph(text) {
    var triples = parseNTriples(text);
    var box = document.getElementById("results");
    box.textContent = "";
    var nodes = new vis.DataSet(), edges = new vis.DataSet();
    function addNode(id) { if (!nodes.get(id)) nodes.add({ id: id, label: shortName(id), shape: "dot", size: 10 }); }
    var table = el("table"), head = el("tr");
    ["subject", "predicate", "object"].forEach(function (v) { head.appendChild(el("th", v)); });
    table.appendChild(head);
    triples.forEach(function (t, i) {
      var tr = el("tr");
      tr.appendChild(cell({ type: "uri", value: t.s }));
      tr.appendChild(cell({ type: "uri", value: t.p }));
      tr.appendChild(cell(t.o));
      table.appendChild(tr);
      if (t.o.type === "uri") {
        addNode(t.s); addNode(t.o.value);
        edges.add({ id: "t" + i, from: t.s, to: t.o.value, label: shortName(t.p), arrows: "to", font: { size: 10 } });
      }
    });
    box.appendChild(table);
    var graphBox = document.getElementById("graph");
    graphBox.hidden = nodes.length === 0;
    if (nodes.length) new vis.Network(graphBox, { nodes: nodes, edges: edges }, { physics: { stabilization: true }, layout: { randomSeed: 42 } });
    return triples.length;
  }
  var labelsReady = null;
  var errorLine = null;
  /* A syntax error names "line N, column M": mark that line in the editor and put the cursor there. */
  function markError(text) {
    var at = /line (\d+), column (\d+)/.exec(text);
    if (!at) return;
    errorLine = Math.min(parseInt(at[1], 10) - 1, editor.lineCount() - 1);
    editor.addLineClass(errorLine, "background", "error-line");
    editor.setCursor({ line: errorLine, ch: parseInt(at[2], 10) - 1 });
  }
  function clearError() {
    if (errorLine !== null) editor.removeLineClass(errorLine, "background", "error-line");
    errorLine = null;
  }
  function clearResults() {
    document.getElementById("results").textContent = "";
    document.getElementById("graph").hidden = true;
    document.getElementById("downloads").hidden = true;
  }
  /* Links that ask the endpoint again for the same query in each format. */
  var SELECT_FORMATS = [["json", "SPARQL JSON"], ["xml", "SPARQL XML"], ["csv", "CSV"], ["tsv", "TSV"]];
  var GRAPH_FORMATS = [["turtle", "Turtle"], ["nt", "N-Triples"], ["jsonld", "JSON-LD"], ["rdfxml", "RDF/XML"]];
  var SUFFIX = { json: "srj", xml: "srx", csv: "csv", tsv: "tsv", turtle: "ttl", nt: "nt", jsonld: "jsonld", rdfxml: "rdf" };
  function showDownloads(query, isGraph) {
    var box = document.getElementById("downloads");
    box.textContent = "Download: ";
    (isGraph ? GRAPH_FORMATS : SELECT_FORMATS).forEach(function (f, i) {
      if (i) box.appendChild(document.createTextNode(" · "));
      box.appendChild(el("a", f[1], { href: "/sparql?query=" + encodeURIComponent(query) + "&format=" + f[0],
                                      download: "results." + SUFFIX[f[0]], "data-format": f[0] }));
    });
    box.hidden = false;
  }
  /* The query lives in the page's URL (?query=...): a link to share, and Back brings the last one again. */
  function remember(query) {
    var url = "?query=" + encodeURIComponent(query);
    if (location.search !== url) history.pushState({ query: query }, "", url);
  }
  window.addEventListener("popstate", function (event) {
    var query = (event.state && event.state.query) || queryInUrl();
    if (query !== null) { editor.setValue(query); run(true); }
  });
  function queryInUrl() { return new URLSearchParams(location.search).get("query"); }
  function run(fromHistory) {
    var query = editor.getValue();
    clearError();
    if (fromHistory !== true) remember(query);
    setStatus("Running…");
    var started = Date.now();
    labelsReady.then(function () { return fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, application/n-triples;q=0.9" },
      body: query
    }); }).then(function (response) {
      return response.text().then(function (body) { return { response: response, body: body }; });
    }).then(function (r) {
      var took = ((Date.now() - started) / 1000).toFixed(2) + " s";
      if (!r.response.ok) {
        clearResults();  // the previous answer is not this query's
        setStatus(r.response.status + ": " + r.body, true);
        markError(r.body);
        return;
      }
      var type = r.response.headers.get("Content-Type") || "";
      var isGraph = type.indexOf("n-triples") >= 0;
      var count = isGraph ? showGraph(r.body) : showTable(JSON.parse(r.body));
      showDownloads(query, isGraph);
      var cut = r.response.headers.get("X-KG-Truncated");
      setStatus(count + " result" + (count === 1 ? "" : "s") + " in " + took + (cut ? " — " + cut : ""));
    }).catch(function (error) { clearResults(); setStatus(String(error), true); });
  }
  window.kgRun = run;
  document.getElementById("run").addEventListener("click", run);
  editor.on("change", clearError);

  function loadLabels() {
    return fetch("/ui/labels.json?lang=" + document.getElementById("lang").value)
      .then(function (r) { return r.json(); }).then(function (table) { labels = table; });
  }
  document.getElementById("lang").addEventListener("change", function () { labelsReady = loadLabels(); run(true); });
  labelsReady = loadLabels();

  Promise.all([labelsReady, fetch("/ui/queries.json")]).then(function (done) { return done[1]; }).then(function (r) { return r.json(); }).then(function (queries) {
    var list = document.getElementById("query-list");
    queries.forEach(function (q) {
      var item = el("li");
      var button = el("button", q.title, { type: "button", "data-name": q.name });
      button.addEventListener("click", function () {
        var text = q.text.split("\n").filter(function (line) { return line.indexOf("#") !== 0; }).join("\n");
        var header = q.text.split("\n").filter(function (line) { return line.indexOf("#") === 0; }).join("\n");
        editor.setValue(header + "\n" + text);
        if (!q.params.length) run();
        else setStatus("This query has parameters (" + q.params.join(", ") + "): bind them with VALUES, e.g. VALUES ?" + q.params[0] + " { kgr:david-sacks }, then Run.");
      });
      item.appendChild(button);
      item.appendChild(el("small", q.description));
      list.appendChild(item);
    });
    var shared = queryInUrl();
    if (shared !== null) {  // a shared link: show its query and its answer
      editor.setValue(shared);
      history.replaceState({ query: shared }, "", location.href);
      run(true);
    }
    document.body.setAttribute("data-ready", "true");
  });
})();
