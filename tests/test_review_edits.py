"""kg ingest and kg review under careless edits: one-line errors naming entry and field, nothing half entered."""

import shutil

import pytest
import yaml

from kg.store.embedded import open_store

ARTICLE = """Washington tightened export controls on advanced AI chips again on Monday.
According to Reuters, the Commerce Department banned the sale of the Nvidia H20 to Chinese customers.
"""


def quads(path):
    with open_store(path) as store:
        return sorted(map(str, store.quads()))


@pytest.fixture
def proposed(kg, store_copy, tmp_path):
    """A store with the article ingested and its review file; returns (store, review path, document)."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    review = tmp_path / "review.yaml"
    result = kg("ingest", "--store", str(store_copy), str(tmp_path / "a.txt"), "--review", str(review))
    assert result.exit_code == 0, result.stderr
    return store_copy, review, yaml.safe_load(review.read_text(encoding="utf-8"))


def one_line(result):
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("field, value, words", [
    ("quote", "Washington loosened nothing.", "the quote no longer fits its offsets"),
    ("end", 99999, "the quote no longer fits its offsets"),
    ("start", "abc", "'start' is 'abc'"),
    ("subject", "no-such-actor", "'subject' is 'no-such-actor', which is no entity of the graph"),
    ("object", "an id with spaces", "which is no entity of the graph"),
    ("confidence", 7, "'confidence' is 7; give a number from 0 to 1"),
    ("confidence", "high", "'confidence' is 'high'"),
    ("polarity", "sideways", "'polarity' is 'sideways'"),
    ("attributed_to", "nvidia", "'attributed_to' must be a list of entity ids"),
    ("negated", "maybe", "'negated' is 'maybe'"),
    ("source", "https://w3id.org/chipkg/id/source/has space", "'source' is"),
])
def test_a_bad_edit_is_one_line_and_enters_nothing(kg, proposed, field, value, words):
    store, review, document = proposed
    for entry in document["proposals"]:
        entry["decision"] = "accept"
    document["proposals"][-1][field] = value  # the last entry is bad; the others would be fine
    review.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    before = quads(store)
    message = one_line(kg("review", "--store", str(store), str(review)))
    assert words in message and document["proposals"][-1]["id"] in message
    assert quads(store) == before, "nothing of that file is entered"


@pytest.mark.parametrize("content, words", [
    (b"\x00\x01\x02binary", "a binary file"),
    (b"- a\n- b\n", "not a list"),
    (b"42\n", "not a int"),
    (b"proposals: {a: 1}\n", "'proposals' must be a list of entries"),
    (b"proposals: just text\n", "'proposals' must be a list of entries"),
    (b"\xff\xfe not utf-8", "not UTF-8"),
])
def test_a_file_that_is_not_a_review_file_is_one_line(kg, store_copy, tmp_path, content, words):
    (tmp_path / "r.yaml").write_bytes(content)
    assert words in one_line(kg("review", "--store", str(store_copy), str(tmp_path / "r.yaml")))


def test_a_review_file_that_cannot_be_written_leaves_the_store_as_it_was(kg, store_copy, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = quads(store_copy)
    message = one_line(kg("ingest", "--store", str(store_copy), str(tmp_path / "a.txt"),
                          "--review", str(tmp_path / "missing" / "review.yaml")))
    assert "cannot write the review file" in message and "Nothing was ingested" in message
    assert quads(store_copy) == before
    again = kg("ingest", "--store", str(store_copy), str(tmp_path / "a.txt"), "--review", str(tmp_path / "r.yaml"))
    assert again.exit_code == 0 and "already ingested" not in again.stdout, "the source was not recorded"


def test_ingesting_the_gold_sets_then_validating_passes(kg, store_copy, tmp_path):
    """One entity met in several articles of a run gets one id, which every accepted claim points to."""
    gold = tmp_path / "gold"
    shutil.copytree("tests/gold", gold)
    result = kg("ingest", "--store", str(store_copy), str(gold), "--accept-above", "0.5", "--review", str(tmp_path / "r.yaml"))
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8")) if (tmp_path / "r.yaml").exists() else None
    if document:
        for entry in document["proposals"]:
            entry["decision"] = "accept"
        (tmp_path / "r.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        assert kg("review", "--store", str(store_copy), str(tmp_path / "r.yaml")).exit_code == 0
    validated = kg("validate", "--store", str(store_copy))
    assert validated.exit_code == 0, validated.stdout


def test_one_name_is_one_new_entity_and_one_proposal_per_triple(kg, store_copy, tmp_path):
    """A name the extractor types two ways in one run is one new entity; a triple is proposed once per sentence."""
    (tmp_path / "a.txt").write_text("Mellanox sold chips to the Chinese firm. Nvidia approved Mellanox, the company said.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Mellanox Technologies shares rose as Mellanox sold more chips.\n", encoding="utf-8")
    review = tmp_path / "r.yaml"
    assert kg("ingest", "--store", str(store_copy), str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
              "--review", str(review)).exit_code == 0
    document = yaml.safe_load(review.read_text(encoding="utf-8"))
    ids = [e["id"] for e in document["new_entities"]]
    assert len(ids) == len(set(ids)) and not any(i.endswith("-2") for i in ids), ids
    keys = {e["key"] for e in document["new_entities"]}
    used = {k for p in document["proposals"] for k in (p["subject"], p["object"], *p["attributed_to"]) if k.startswith("new:")}
    assert used <= keys, "every new actor a proposal names is listed under new_entities"
    triples = [(p["subject"], p["relation"], p["object"], p["start"]) for p in document["proposals"]]
    assert len(triples) == len(set(triples))
