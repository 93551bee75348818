"""kg ingest and kg review: sources recorded once, proposals reviewed, bad input reported per file."""


import pytest
import yaml

from kg.store.embedded import open_store

ARTICLE = """Washington tightened export controls on advanced AI chips again on Monday.
According to Reuters, the Veltrax Department banned the sale of the Nvidia Q77 to Chinese customers.
Beijing did not approve new purchases by ByteDance, two people familiar with the matter said.
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def quads(store_path):
    with open_store(store_path) as store:
        return sorted(map(str, store.quads()))


def claims(kg, store, where=""):
    out = kg("query", "--store", str(store), "--format", "csv",
             f"SELECT ?s ?p ?o ?status WHERE {{ ?c kg:method kg:RuleExtraction ; rdf:subject ?s ; rdf:predicate ?p ; "
             f"rdf:object ?o ; kg:reviewStatus ?status {where} }} ORDER BY ?s ?p ?o").stdout
    return [tuple(v.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for v in line.split(",")) for line in out.splitlines()[1:]]


def test_ingest_records_the_source_and_queues_proposals(kg, store_copy, article, tmp_path):
    review = tmp_path / "review.yaml"
    result = kg("ingest", "--store", str(store_copy), str(article), "--review", str(review), "--source-url",
                "https://example.org/controls", "--published", "2026-03-02")
    assert result.exit_code == 0, result.stderr
    assert "proposals, 0 accepted" in result.stdout
    document = yaml.safe_load(review.read_text(encoding="utf-8"))
    entries = {(p["subject"], p["relation"], p["object"]): p for p in document["proposals"]}
    banned = entries[("new:GovernmentBody:Veltrax Department", "restricts", "new:Chip:Q77")]
    assert banned["decision"] == "pending" and banned["attributed_to"] == ["reuters"]
    assert "[[Veltrax Department]]" in banned["marked"] and ARTICLE[banned["start"]:banned["end"]] == banned["quote"]
    refusal = entries[("china", "restricts", "bytedance")]  # "did not approve" is a ban, not a negated approval
    assert refusal["negated"] is False and refusal["rule"] == "frame:approve"
    assert {e["key"] for e in document["new_entities"]} >= {"new:GovernmentBody:Veltrax Department", "new:Chip:Q77"}
    source = kg("query", "--store", str(store_copy), "--format", "csv",
                "SELECT ?lang ?date WHERE { ?s schema:url <https://example.org/controls> ; dcterms:language ?lang ; dcterms:issued ?date }")
    assert source.stdout.splitlines()[1] == "en,2026-03-02"
    assert claims(kg, store_copy) == [], "nothing enters the graph before review"


def test_ingesting_the_same_article_twice_adds_nothing(kg, store_copy, article, tmp_path):
    kg("ingest", "--store", str(store_copy), str(article), "--review", str(tmp_path / "r.yaml"))
    before = quads(store_copy)
    copy = tmp_path / "copy.txt"
    copy.write_text(ARTICLE, encoding="utf-8")
    result = kg("ingest", "--store", str(store_copy), str(copy), "--review", str(tmp_path / "r.yaml"))
    assert "already ingested as" in result.stdout and "nothing new" in result.stdout
    assert quads(store_copy) == before


def test_accept_above_enters_confident_claims_as_rule_accepted(kg, store_copy, article, tmp_path):
    result = kg("ingest", "--store", str(store_copy), str(article), "--review", str(tmp_path / "r.yaml"), "--accept-above", "0.7")
    assert result.exit_code == 0
    entered = claims(kg, store_copy)
    assert ("united-states", "supports", "ai-chip-export-controls", "Accepted") in entered
    assert all(status == "Accepted" for *_, status in entered)
    assert kg("validate", "--store", str(store_copy)).exit_code == 0
    edge = kg("query", "--store", str(store_copy), "ASK { kgr:china kg:approves kgr:bytedance . ?c rdf:predicate kg:restricts ; rdf:subject kgr:china ; rdf:object kgr:bytedance ; kg:method kg:RuleExtraction }")
    assert edge.stdout == "yes\n", "the curated edge stays beside the extracted refusal"


def test_review_accepts_and_remembers_rejections(kg, store_copy, article, tmp_path):
    review = tmp_path / "review.yaml"
    kg("ingest", "--store", str(store_copy), str(article), "--review", str(review))
    document = yaml.safe_load(review.read_text(encoding="utf-8"))
    for entry in document["proposals"]:
        entry["decision"] = "accept" if entry["relation"] == "restricts" and "Veltrax" in entry["subject"] else "reject"
    for entity in document["new_entities"]:
        if entity["key"] == "new:GovernmentBody:Veltrax Department":
            entity["labels"] = {"en": "US Department of Commerce", "ar": "وزارة التجارة الأمريكية"}
            entity["id"] = "us-commerce-department"
    review.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = kg("review", "--store", str(store_copy), str(review))
    assert result.exit_code == 0, result.stderr
    assert "[accept] new:GovernmentBody:Veltrax Department —restricts→ new:Chip:Q77" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("1 accepted,")
    assert ("us-commerce-department", "restricts", "q77", "Accepted") in claims(kg, store_copy)
    label = kg("query", "--store", str(store_copy), "--lang", "ar", "SELECT ?x WHERE { ?x kg:restricts kgr:q77 }").stdout
    assert "وزارة التجارة الأمريكية" in label
    assert kg("validate", "--store", str(store_copy)).exit_code == 0
    rejected = {c[:3] for c in claims(kg, store_copy) if c[3] == "Rejected"}
    assert rejected
    again = kg("ingest", "--store", str(store_copy), str(article), "--review", str(tmp_path / "again.yaml"), "--again")
    assert again.exit_code == 0
    proposed_again = yaml.safe_load((tmp_path / "again.yaml").read_text(encoding="utf-8")) if (tmp_path / "again.yaml").exists() else {"proposals": []}
    assert not {(p["subject"], p["relation"], p["object"]) for p in proposed_again["proposals"]} & rejected


def test_review_all_at_once(kg, store_copy, article, tmp_path):
    review = tmp_path / "review.yaml"
    kg("ingest", "--store", str(store_copy), str(article), "--review", str(review))
    result = kg("review", "--store", str(store_copy), str(review), "--accept-all")
    assert result.exit_code == 0 and " 0 rejected, 0 still pending" in result.stdout
    assert kg("validate", "--store", str(store_copy)).exit_code == 0
    second = kg("review", "--store", str(store_copy), str(review), "--accept-all")
    assert second.stdout.strip() == f"0 accepted, 0 rejected, 0 still pending in {review}."


def test_bad_files_are_reported_and_the_good_ones_still_go_through(kg, store_copy, article, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Pékin a approuvé".encode("latin-1"))
    result = kg("ingest", "--store", str(store_copy), str(empty), str(binary), str(latin), str(article),
                "--review", str(tmp_path / "r.yaml"))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert any(str(empty) in e and "empty" in e for e in errors)
    assert any(str(binary) in e and "binary" in e for e in errors)
    assert any(str(latin) in e and "not UTF-8" in e for e in errors)
    assert f"{article}: " in result.stdout and "proposals" in result.stdout


FRENCH = ("Les restrictions américaines sur les puces d'intelligence artificielle vendues à la Chine ont été "
          "renforcées cette semaine par le département du Commerce, qui a ajouté plusieurs entreprises chinoises à sa "
          "liste noire. Selon les analystes, ces mesures visent à freiner les progrès de Pékin dans le domaine des "
          "semi-conducteurs avancés, tandis que Nvidia cherche toujours à vendre ses puces H20 et que Huawei prépare ses "
          "propres puces Ascend pour les clients chinois.\n")
RUSSIAN = ("Американские ограничения на продажу чипов искусственного интеллекта в Китай были ужесточены на этой неделе "
           "министерством торговли, которое добавило несколько китайских компаний в черный список. По мнению аналитиков, "
           "эти меры направлены на то, чтобы замедлить прогресс Пекина, а Nvidia по-прежнему хочет продавать чипы H20.\n")


def test_a_third_language_is_one_clear_error_not_junk_proposals(kg, store_copy, article, tmp_path):
    before = quads(store_copy)
    french, russian = tmp_path / "puces.txt", tmp_path / "chipy.txt"
    french.write_text(FRENCH, encoding="utf-8")
    russian.write_text(RUSSIAN, encoding="utf-8")
    result = kg("ingest", "--store", str(store_copy), str(french), str(russian), "--review", str(tmp_path / "r.yaml"))
    assert result.exit_code == 2 and quads(store_copy) == before
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all("does not read as English or Arabic" in e and "--lang" in e for e in errors)
    assert any(str(french) in e and "common English words" in e for e in errors)
    assert any(str(russian) in e and "neither Latin nor Arabic" in e for e in errors)
    mixed = kg("ingest", "--store", str(store_copy), str(french), str(article), "--review", str(tmp_path / "m.yaml"))
    assert f"{article}: " in mixed.stdout and "proposals" in mixed.stdout  # the English article still goes through
    forced = kg("ingest", "--store", str(store_copy), str(french), "--lang", "en", "--review", str(tmp_path / "f.yaml"))
    assert forced.exit_code == 0, forced.stderr  # read anyway when the analyst says which language it is


def test_a_failing_ingest_leaves_the_store_unchanged(kg, store_copy, tmp_path):
    before = quads(store_copy)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    assert kg("ingest", "--store", str(store_copy), str(bad), "--review", str(tmp_path / "r.yaml")).exit_code == 2
    assert quads(store_copy) == before


def test_html_scripts_are_dropped_and_markup_in_labels_kept_verbatim(kg, store_copy, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("""<html><head><title>Chips &amp; "controls"</title><script>steal('x'); var Beijing = 1;</script></head>
<body><p>Beijing <b>approved</b> purchases by Tencent &lt;img src=x onerror=alert(1)&gt;.</p><script>document.write('Huawei')</script>
<style>p { color: red }</style><p>The company <i>Acme &lt;img src=x&gt;</i> Corp smuggled chips.</p></body></html>""", encoding="utf-8")
    review = tmp_path / "r.yaml"
    result = kg("ingest", "--store", str(store_copy), str(page), "--review", str(review), "--accept-above", "0.5")
    assert result.exit_code == 0, result.stderr
    everything = "\n".join(quads(store_copy)) + (review.read_text(encoding="utf-8") if review.exists() else "")
    assert "steal" not in everything and "document.write" not in everything and "color: red" not in everything
    import csv
    import io

    title = kg("query", "--store", str(store_copy), "--format", "csv", "SELECT ?t WHERE { ?s kg:contentHash ?h ; dcterms:title ?t FILTER(CONTAINS(?t, 'controls')) }").stdout
    assert list(csv.reader(io.StringIO(title)))[1] == ['Chips & "controls"'], "the title is stored verbatim"
    quote = kg("query", "--store", str(store_copy), "--format", "csv", "SELECT ?q WHERE { ?c kg:method kg:RuleExtraction ; kg:quote ?q }").stdout
    assert "Tencent <img src=x onerror=alert(1)>." in quote, "markup in the text stays text, as written"
    assert ("china", "approves", "tencent", "Accepted") in claims(kg, store_copy)


def test_a_folder_and_stdin(kg, store_copy, article, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Huawei unveiled the Ascend 950 chip.", encoding="utf-8")
    (folder / "b.md").write_text("وافقت الصين على السماح لـ Tencent بشراء رقائق H200.", encoding="utf-8")
    (folder / "skip.png").write_bytes(b"\x89PNG")
    result = kg("ingest", "--store", str(store_copy), str(folder), "--review", str(tmp_path / "r.yaml"))
    assert result.exit_code == 0 and result.stdout.count(" to review in ") == 2
    piped = kg("ingest", "--store", str(store_copy), "-", "--title", "Piped", "--review", str(tmp_path / "r.yaml"),
               input="Washington banned the H200.")
    assert piped.exit_code == 0 and "<stdin>: 1 proposal, " in piped.stdout


def test_the_source_lists_the_known_actors_it_mentions(kg, store_copy, tmp_path):
    """schema:mentions from the article to every entity of the graph it names, claim or not; never a relation."""
    path = tmp_path / "fabs.txt"
    path.write_text("TSMC and Samsung Electronics expanded their fabs. Lisa Su spoke at a conference in Taipei.\n",
                    encoding="utf-8")
    run = kg("ingest", "--store", str(store_copy), str(path), "--review", str(tmp_path / "r.yaml"))
    assert run.exit_code == 0, run.stderr
    out = kg("query", "--store", str(store_copy), "--format", "csv",
             "SELECT ?e WHERE { ?s a kg:Source ; schema:mentions ?e } ORDER BY ?e").stdout
    assert [line.rsplit("/", 1)[-1] for line in out.splitlines()[1:]] == ["lisa-su", "samsung", "taiwan", "tsmc"]
    stats = kg("stats", "--store", str(store_copy)).stdout
    assert " mentions" not in stats, "a mention is not a relation"


def test_a_new_entity_gets_no_copied_label_in_the_other_language(kg, store_copy, tmp_path):
    article = tmp_path / "zorvex.txt"
    article.write_text("Zorvex Semiconductor, a Chinese company, bought H20 chips from Nvidia on Monday.\n", encoding="utf-8")
    review = tmp_path / "review.yaml"
    result = kg("ingest", "--store", str(store_copy), str(article), "--review", str(review))
    assert result.exit_code == 0, result.stderr
    entity = next(e for e in yaml.safe_load(review.read_text(encoding="utf-8"))["new_entities"]
                  if e["key"] == "new:Company:Zorvex Semiconductor")
    assert entity["labels"] == {"en": "Zorvex Semiconductor", "ar": None}, "the Arabic name is left for the reviewer"
    assert kg("review", "--store", str(store_copy), str(review), "--accept-all").exit_code == 0
    labels = kg("query", "--store", str(store_copy), "--format", "tsv",
                "SELECT ?l ?wanted WHERE { kgr:zorvex-semiconductor skos:prefLabel ?l ; kg:labelWanted ?wanted }").stdout
    assert labels.splitlines()[1:] == ['"Zorvex Semiconductor"@en\t"ar"']
    assert kg("validate", "--store", str(store_copy)).exit_code == 0, "a label marked as wanted passes the shapes"
    assert "Zorvex Semiconductor" in kg("show", "zorvex-semiconductor", "--store", str(store_copy), "--lang", "ar").stdout


def test_an_entity_with_neither_label_nor_mark_fails_validation(kg, store_copy):
    update = kg("query", "--store", str(store_copy), "--update",
                "INSERT DATA { GRAPH <https://w3id.org/chipkg/id/graph/extracted-entities> "
                "{ kgr:nameless a kg:Company ; skos:prefLabel 'Nameless'@en } }")
    assert update.exit_code == 0, update.stderr
    result = kg("validate", "--store", str(store_copy))
    assert result.exit_code != 0 and "Every entity needs an Arabic skos:prefLabel" in result.stdout + result.stderr
