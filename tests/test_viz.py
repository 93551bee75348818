"""The HTML view in a real browser: Debian's Chromium driven by Playwright, network blocked."""

import json
import os
import re
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.model.build import build
from kg.network.select import Filters
from kg.store.embedded import MEMORY, open_store
from kg.network.view import json_for_html, render_view, write_view
from kg.vocab import ENTITIES_GRAPH, KG, KGR, source_iri

CHROMIUM = "/usr/bin/chromium"
XSS = ["<img src=x onerror=alert(1)>", '"</script><script>alert(1)</script>']


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is missing; .ci/run installs it")
        pytest.skip("Debian chromium is not installed: apt-get install chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


class Page:
    """A page opened from a file with every non-file request aborted and recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.requests, self.errors, self.dialogs = [], [], []
        # bypass_csp lets Playwright evaluate its probes; the page's own CSP is then off,
        # so the XSS tests check our escaping with no safety net.
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def click_edge(self, edge_id: str) -> None:
        """Click the middle of an edge where it is drawn on the canvas."""
        point = self.js(f"""(() => {{
            const net = kgView.network, edge = net.body.edges[{json.dumps(edge_id)}];
            const mid = edge.edgeType.getPoint(0.5);
            const dom = net.canvasToDOM(mid);
            const box = document.querySelector('#network canvas').getBoundingClientRect();
            return {{x: box.left + dom.x, y: box.top + dom.y}};
        }})()""")
        self.page.mouse.click(point["x"], point["y"])

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def bundled_view(tmp_path_factory):
    folder = tmp_path_factory.mktemp("view")
    with open_store(MEMORY) as store:
        build(store)
        english = write_view(store, folder / "graph.html")
        arabic = write_view(store, folder / "graph.ar.html", lang="ar")
    return folder, english, arabic


@pytest.fixture
def page(browser, bundled_view):
    opened = Page(browser, bundled_view[0] / "graph.html")
    yield opened
    opened.close()


def test_page_loads_offline_with_no_errors_and_draws_every_node_and_edge(page, bundled_view):
    _, view, _ = bundled_view
    assert page.requests == [], "the page made network requests"
    assert page.errors == []
    assert page.js("kgView.visibleNodes().length") == view.nodes == 22
    assert page.js("kgView.visibleEdges().length") == view.edges == 33
    assert page.js("Object.keys(kgView.network.body.nodes).filter(id => !id.startsWith('edgeId')).length") >= view.nodes


def test_searching_an_arabic_spelling_selects_jensen_huang(page):
    page.page.fill("#search", "هوانغ")
    page.page.click("#search-form button")
    assert page.js("kgView.network.getSelectedNodes()") == ["jensen-huang"]
    assert page.page.inner_text("#panel h2") == "Jensen Huang"


def test_filtering_to_criticizes_leaves_only_criticism_edges(page):
    boxes = page.page.locator("#relation-filter input[type=checkbox]")
    for i in range(boxes.count()):
        if boxes.nth(i).get_attribute("value") != "criticizes":
            boxes.nth(i).uncheck()
    relations = page.js("kgView.visibleEdges().map(id => kgView.edges.get(id).relation)")
    assert relations and set(relations) == {"criticizes"}
    assert len(relations) == 4
    visible = set(page.js("kgView.visibleNodes()"))
    assert visible == {"sam-bresnick", "david-sacks", "united-states", "ai-chip-sales-to-china",
                       "white-house", "ai-chip-export-controls"}
    page.page.click("#reset")
    assert page.js("kgView.visibleEdges().length") == 33


def test_time_slider_keeps_the_biden_era(page):
    last = page.js("JSON.parse(document.getElementById('kg-data').textContent).dates.indexOf('2021-01-20')")
    page.page.locator("#time-to").fill(str(last))
    relations = {(e["from"], e["relation"]) for e in page.js("kgView.visibleEdges().map(id => kgView.edges.get(id))")}
    assert ("biden-administration", "restricts") in relations
    assert ("jensen-huang", "lobbies") not in relations


def test_clicking_an_edge_shows_its_quote_and_source(page):
    edge = page.js("kgView.edges.get({filter: e => e.from === 'sam-bresnick' && e.to === 'david-sacks'})[0].id")
    page.click_edge(edge)
    panel = page.page.inner_text("#panel")
    assert "Sam Bresnick —criticizes→ David Sacks" in panel
    assert "فكرة ديفيد ساكس" in panel
    assert "source: Nvidia's Campaign to Sell AI Chips to China Finally Pays Off" in panel
    assert "according to: Sam Bresnick" in panel


def test_clicking_a_node_shows_its_profile(page):
    point = page.js("""(() => { const p = kgView.network.getPositions(['nvidia']).nvidia;
        const d = kgView.network.canvasToDOM(p); const b = document.querySelector('#network canvas').getBoundingClientRect();
        return {x: b.left + d.x, y: b.top + d.y}; })()""")
    page.page.mouse.click(point["x"], point["y"])
    panel = page.page.inner_text("#panel")
    assert panel.startswith("Nvidia") and "إنفيديا" in panel and "leads" in panel


def test_a_nodes_timeline_keeps_the_direction_of_incoming_edges(page):
    """Nvidia's panel: China restricts Nvidia, Huang leads Nvidia; never "restricts China" under Nvidia."""
    page.js("kgView.showNode('nvidia')")
    steps = page.js("Array.from(document.querySelectorAll('#panel ol.timeline li')).map(li => li.textContent)")
    relations = page.js("Array.from(document.querySelectorAll('#panel ul li')).map(li => li.textContent)")
    assert any("China —restricts→ Nvidia" in s for s in steps), steps
    assert any("Jensen Huang —leads→ Nvidia" in s for s in steps), steps
    assert not any("restricts China" in s or "leads Jensen" in s for s in steps), steps
    assert any(r.startswith("China —restricts→ Nvidia") for r in relations), relations


def test_arabic_page_is_right_to_left(browser, bundled_view):
    opened = Page(browser, bundled_view[0] / "graph.ar.html")
    try:
        assert opened.js("document.documentElement.dir") == "rtl"
        assert opened.js("kgView.nodes.get('china').label") == "الصين"
        opened.js("kgView.showNode('nvidia')")
        steps = opened.js("Array.from(document.querySelectorAll('#panel ol.timeline li')).map(li => li.textContent)")
        assert steps and all("←" in s and "→" not in s for s in steps), steps  # the arrow points along the reading
        assert any("جنسن هوانغ —" in s and "← إنفيديا" in s for s in steps), steps
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.close()


def test_a_screenshot_for_a_person_to_look_at(page, tmp_path):
    target = tmp_path / "bundled-graph.png"
    page.page.screenshot(path=str(target))
    assert target.stat().st_size > 20_000
    print(f"screenshot: {target}")


def test_the_layout_is_stable(bundled_view):
    with open_store(MEMORY) as store:
        build(store)
        again = render_view(store)
    assert again.html == bundled_view[1].html


def test_no_lib_folder_and_nothing_loaded_from_outside(bundled_view, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store(MEMORY) as store:
        build(store)
        write_view(store, Path("graph.html"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html), "every script and stylesheet is inlined"


def xss_store():
    store = open_store(MEMORY)
    build(store)
    entities = store.graph(ENTITIES_GRAPH)
    for i, payload in enumerate(XSS):
        evil = KGR[f"evil-{i}"]
        entities.add((evil, RDF.type, KG.Company))
        entities.add((evil, SKOS.prefLabel, Literal(payload, lang="en")))
        entities.add((evil, SKOS.prefLabel, Literal(payload, lang="ar")))
    source = source_iri("made-in-china-h200")
    claims = store.graph(source)
    claims.set((source, DCTERMS.title, Literal(XSS[1], lang="en")))
    claim = KGR["claim/made-in-china-h200/evil"]
    for p, o in ((RDF.type, KG.Claim), (RDF.subject, KGR["evil-0"]), (RDF.predicate, KG.criticizes),
                 (RDF.object, KGR["evil-1"]), (KG.quote, Literal(XSS[0] + XSS[1], lang="ar")),
                 (KG.source, source), (KG.method, KG.Curated), (KG.reviewStatus, KG.Accepted),
                 (KG.polarity, KG.Oppose), (KG.quoteTranslation, Literal(XSS[1], lang="en"))):
        claims.add((claim, p, o))
    claims.add((KGR["evil-0"], KG.criticizes, KGR["evil-1"]))
    store.replace_graphs({ENTITIES_GRAPH: entities, source: claims})
    return store


def test_untrusted_labels_quotes_and_titles_run_nothing(browser, tmp_path):
    with xss_store() as store:
        write_view(store, tmp_path / "evil.html")
    html = (tmp_path / "evil.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "</script><script>alert(1)" not in html
    opened = Page(browser, tmp_path / "evil.html")
    try:
        opened.page.fill("#search", "img src")
        opened.page.click("#search-form button")
        assert opened.page.inner_text("#panel h2") == XSS[0]
        edge = opened.js("kgView.edges.get({filter: e => e.from === 'evil-0'})[0].id")
        opened.click_edge(edge)
        panel = opened.page.inner_text("#panel")
        assert XSS[0] + XSS[1] in panel and XSS[1] in panel
        opened.page.mouse.move(10, 10)
        opened.page.wait_for_timeout(300)
        assert opened.dialogs == [], "a label ran script"
        assert opened.js("document.querySelectorAll('#panel img, #panel script').length") == 0
        assert opened.requests == []
    finally:
        opened.close()


def test_json_for_html_cannot_close_the_script_element():
    text = json_for_html({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_viz_cli_writes_the_page_and_reports_counts(kg, built_store_path, tmp_path):
    target = tmp_path / "sacks.html"
    result = kg("viz", "--store", str(built_store_path), "--focus", "Sacks", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == f"Wrote {target}: 4 entities, 5 edges, 6 claims.\n"
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>',
                                target.read_text(encoding="utf-8"), re.S).group(1))
    assert data["focus"] == "david-sacks" and len(data["nodes"]) == 4


def test_viz_filters_by_type_source_and_confidence(read_store):
    people = render_view(read_store, Filters(types=("Person",)))
    assert people.nodes == 2 and people.edges == 1
    confident = render_view(read_store, Filters(min_confidence=0.95))
    assert confident.claims < render_view(read_store).claims
    assert render_view(read_store, Filters(source="made-in-china-h200")).claims == 36


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    """20,000 actors and 100,000 claims, written by the bulk loader."""
    import pyoxigraph as ox

    from kg.model.synthetic import synthetic_quads

    path = tmp_path_factory.mktemp("big") / "store"
    with open_store(path, write=True) as store:
        build(store)
    raw = ox.Store(str(path))
    raw.bulk_extend(synthetic_quads(actors=20_000, claims=100_000, sources=200))
    raw.flush()
    del raw
    import gc

    gc.collect()
    return path


def test_a_big_graph_whole_view_refuses_and_suggests_focus(kg, big_store):
    result = kg("viz", "--store", str(big_store), "-o", "/dev/null")
    assert result.exit_code == 2
    assert "too many to rank for one page" in result.stderr and "--focus" in result.stderr


def test_a_big_graph_focus_view_is_capped_and_usable(kg, browser, big_store, tmp_path):
    target = tmp_path / "big.html"
    result = kg("viz", "--store", str(big_store), "--focus", "actor-0", "--hops", "3", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert "500 entities" in result.stdout and "the walk stopped at --max-nodes 500" in result.stdout
    assert "more entities within 3 hops left out" in result.stdout
    opened = Page(browser, target)
    try:
        assert opened.js("kgView.visibleNodes().length") == 500
        assert "were left out" in opened.page.inner_text("#left-out")
        assert "actor-0" in opened.js("kgView.visibleNodes()")
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.close()
