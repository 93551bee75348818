"""English claims read from a dependency parse: verb and noun frames keyed on lemmas (``frames.yaml``).

A frame gives a relation its arguments from the tree, not from word order: the subject is the
verb's ``nsubj`` (or the ``by`` agent of a passive), the object its ``dobj`` (or the passive
subject, or a listed preposition's object). Control verbs take the party they rule on ("will allow
Nvidia to sell": approves(subject, Nvidia)), and what they govern is no fact. Negation and modality
are read on the verb that carries the relation and on the verbs above it: "has not allowed" is a
ban, "could", "is expected to" are hypothetical. A frame with a missing end proposes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable

import yaml

from ..datafiles import data_path
from .model import conventional

__all__ = ["Frame", "Frames", "Found", "read_frames", "PRONOUN_TYPES"]

_NOUN_PHRASE = {"compound", "poss", "amod", "nmod", "appos", "flat", "nn", "npadvmod"}
_RELATIVE = {"that", "which", "who", "whom"}
_PRODUCTS = {"Chip", "Product"}
_NOT_ACTORS = {"Chip", "Product", "Policy", ""}
_GOVERNMENTS = {"State", "GovernmentBody"}
_ORGANIZATIONS = {"Company", "GovernmentBody", "State", "ThinkTank", "University", "Organization"}
# What a pronoun can point back to: "it" an organization (not an outlet), "he" and "she" a person.
PRONOUN_TYPES = {"it": _ORGANIZATIONS, "its": _ORGANIZATIONS, "he": {"Person"}, "him": {"Person"},
                 "his": {"Person"}, "she": {"Person"}, "her": {"Person"}}
_DEALS = {"sale", "export", "shipment", "delivery", "supply"}  # a deal's party is its buyer: "sales to G42"
# Confidence by the kind of frame, set from the dev set's precision per rule (bench/extraction.py prints it
# per band): a verb with both ends in its own clause ~0.7; a noun frame ~0.5; a subject taken from the
# text around (an agentless passive) ~0.4; modals and hedges lower any of them by 0.25.
VERB_CONFIDENCE = 0.75
NOUN_CONFIDENCE = 0.55
_RULINGS = {"restricts", "approves"}


@dataclass(frozen=True)
class Frame:
    """What one lemma means and where its arguments are."""

    relation: str
    lemma: str
    control: bool = False
    objects: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    needs_list: tuple[str, ...] = ()
    complement: tuple[str, ...] = ()
    needs_modifier: tuple[str, ...] = ()
    product: bool = False
    policy: bool = False


@dataclass(frozen=True)
class Found:
    """One claim read from a frame, with the entities at its ends and how sure the frame is."""

    subject: str
    relation: str
    object: str
    confidence: float
    rule: str
    negated: bool = False
    hypothetical: bool = False
    speaker: str = ""  # who the clause is attributed to ("X said ..."), an entity id
    speaker_type: str = ""


class Frames:
    """The frames lexicon, read once."""

    def __init__(self) -> None:
        data = yaml.safe_load(data_path("lexicons", "frames.yaml").read_text(encoding="utf-8"))

        def words(entry: dict, key: str) -> tuple[str, ...]:
            values = tuple(entry.get(key, ()))
            if not all(isinstance(v, str) for v in values):  # YAML reads a bare on/off/yes/no as a boolean
                raise ValueError(f"frames.yaml: quote the words of {key}: {values}")
            return values

        def frame(lemma: str, entry: dict) -> Frame:
            return Frame(relation=entry["relation"], lemma=lemma, control=bool(entry.get("control")),
                         objects=words(entry, "objects"), subjects=words(entry, "subjects"),
                         needs_list=words(entry, "needs_list"), complement=words(entry, "complement"),
                         needs_modifier=words(entry, "needs_modifier"), product=bool(entry.get("product")),
                         policy=bool(entry.get("policy")))

        self.verbs = {lemma: frame(lemma, entry) for lemma, entry in data["verbs"].items()}
        self.nouns = {lemma: frame(lemma, entry) for lemma, entry in data["nouns"].items()}
        self.adjectives = {lemma: frame(lemma, entry) for lemma, entry in data.get("adjectives", {}).items()}
        self.light_verbs = set(data["light_verbs"])
        self.speech = set(data["speech"])
        self.hedge_verbs = set(data["hedges"]["verbs"])
        self.modals = set(data["hedges"]["modals"])
        self.hedge_adverbs = set(data["hedges"]["adverbs"])
        self.hedge_marks = set(data["hedges"]["marks"])
        self.negative_verbs = set(data["negative_verbs"])
        self.illicit_adverbs = set(data["illicit"]["adverbs"])
        self.illicit_missing = set(data["illicit"]["missing"])
        self.anaphora = dict(data["anaphora"])

    @staticmethod
    @cache
    def load() -> Frames:
        return Frames()


def read_frames(doc, at: Callable[..., object | None], resolve: Callable[[object], object | None],
                frames: Frames | None = None, authority: Callable[[object], object | None] = lambda verb: None) -> list[Found]:
    """Claims of one parsed sentence. ``at(token, inner=False)`` is the mention covering a token (or None;
    with ``inner``, the name nested inside it there, if any);
    ``resolve(token)`` the actor a pronoun or "the company" points back to (or None). A mention is
    anything with ``entity`` (an id) and ``type`` (a type name)."""
    frames = frames or Frames.load()
    reader = _Reader(frames, at, resolve, authority)
    found: list[Found] = []
    for token in doc:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
            frame = frames.verbs.get(_phrasal(token)) or frames.verbs.get(_lemma(token, frames.verbs))
            if frame and token.pos_ != "AUX":
                found += reader.verb(token, frame)
            if token.lemma_.lower() in frames.speech:
                found += reader.report(token)
        elif token.pos_ == "ADJ" and token.lemma_.lower() in frames.adjectives:
            found += reader.adjective(token, frames.adjectives[token.lemma_.lower()])
        elif token.pos_ in ("NOUN", "PROPN"):
            frame = frames.nouns.get(token.lemma_.lower())
            if frame:
                found += reader.noun(token, frame)
    return found


def _lemma(token, known) -> str:
    """The token's lemma; for a prefixed verb ("co-sponsored", "re-imposed"), the listed lemma its stem
    inflects (the model's lemmatizer leaves "co-sponsore")."""
    lemma = token.lemma_.lower()
    if lemma in known or "-" not in lemma:
        return lemma
    rest = token.lower_.split("-", 1)[1]
    for ending in ("ing", "ed", "es", "s", "d", ""):
        if rest.endswith(ending) and rest[:len(rest) - len(ending)] in known:
            return rest[:len(rest) - len(ending)]
    return lemma


def _is_root(token) -> bool:
    """Whether a token heads its sentence. spaCy makes a new Token object at every access, so
    ``token.head is token`` is never true: compare positions."""
    return token.head.i == token.i


def _phrasal(verb) -> str:
    """"crack down", "push for", "call for": the lemma with its particle or first preposition."""
    for child in verb.children:
        if child.dep_ == "prt":
            return f"{verb.lemma_.lower()} {child.lower_}"
    for child in verb.children:
        if child.dep_ == "prep" and child.i == verb.i + 1:
            return f"{verb.lemma_.lower()} {child.lower_}"
    return ""


_LISTS = {"list", "blacklist", "watchlist"}  # the nouns of the lists a government puts parties on


class _Reader:
    def __init__(self, frames: Frames, at, resolve, authority) -> None:
        self.frames, self.at, self.resolve, self.authority = frames, at, resolve, authority

    # The ends of a frame

    def mentions(self, token, inner: bool = False) -> list:
        """The mentions a noun phrase headed by ``token`` names: its own, else those in its modifiers,
        then those of the phrases coordinated with it."""
        found = []
        for head in [token, *token.conjuncts]:
            found += self._phrase(head, inner)
        unique, ids = [], set()
        for mention in found:
            if id(mention) not in ids:
                ids.add(id(mention))
                unique.append(mention)
        return unique

    def _phrase(self, token, inner: bool = False) -> list:
        own = self.at(token, inner)
        if own is not None:
            return [own]
        if token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass") and token.lower_ in PRONOUN_TYPES:
            speaker = self.speaker(token.head)  # "MOFCOM announced that it has banned ...": it is MOFCOM
            if speaker is not None and speaker.type in PRONOUN_TYPES[token.lower_]:
                return [speaker]
        if token.pos_ == "PRON" or token.lower_ in self.frames.anaphora or token.lemma_.lower() in self.frames.anaphora:
            resolved = self.resolve(token)
            if resolved is not None:
                return [resolved]
        found = []
        for child in token.children:
            if child.dep_ in _NOUN_PHRASE and not (child.dep_ == "poss" and child.pos_ == "PRON"):  # "its companies"
                found += self._phrase(child, inner)
        if not found:
            # "a group of companies", "purchases by Tencent", "licences for Nvidia", "sales ... to G42",
            # "companies including ByteDance and Alibaba"
            preps = ("to", "of", "by", "for", "including", "like") if token.lemma_.lower() in _DEALS else \
                ("of", "by", "for", "including", "like")
            for prep in preps:
                found = [m for pobj in self._prep_objects(token, (prep,))
                         for m in self._phrase(pobj, inner) + [n for c in pobj.conjuncts for n in self._phrase(c, inner)]]
                if found:
                    break
        return found

    @staticmethod
    def _prep_objects(token, preps) -> list:
        return [pobj for child in token.children if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps
                for pobj in child.children if pobj.dep_ == "pobj"]

    def subjects(self, verb) -> list:
        """The tokens that are the verb's subject, passive agents and control included."""
        if self.passive(verb):  # "by X", and "by X, along with Y"
            return self._prep_objects(verb, ("by",)) + self._alongside(verb, ("along",))
        own = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if own and own[0].lower_ in _RELATIVE and verb.dep_ == "relcl":
            return [verb.head]
        if own:
            return own
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects(verb.head)
        if verb.dep_ == "xcomp":
            head = verb.head
            controller = [c for c in head.children if c.dep_ in ("dobj",)]
            if controller:
                return controller
            if self.passive(head):
                return [c for c in head.children if c.dep_ == "nsubjpass"]
            return self.subjects(head)
        if verb.dep_ in ("acl", "relcl") and not self.passive(verb):
            return [verb.head]
        if verb.dep_ in ("advcl", "pcomp") and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects(verb.head)
        return []

    def objects(self, verb, frame: Frame) -> list:
        if self.passive(verb):
            own = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if own and own[0].lower_ in _RELATIVE and verb.dep_ == "relcl":
                own = [self._antecedent(verb)]  # "Nettrix, which was added"
            if not own and verb.dep_ == "acl":
                own = [verb.head]
            if not own and verb.dep_ == "advcl" and verb.tag_ == "VBN":  # "Co-sponsored by X, the bill passed"
                main = verb.head
                while main.pos_ not in ("VERB", "AUX") and not _is_root(main):
                    main = main.head
                own = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not own and verb.dep_ == "conj":
                own = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
            if not own and verb.tag_ == "VBN":  # "Co-sponsored by X, the bill was passed": parsed as two verbs
                main = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
                own = [t for m in main for c in m.children if c.dep_ in ("nsubj", "nsubjpass")
                       for t in (c, *(a for a in c.children if a.dep_ == "appos"))]
            return own
        own = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        if frame.objects:
            own += self._prep_objects(verb, frame.objects)
        if frame.control and not own:
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                    own += [c for c in child.children if c.dep_ == "nsubj"]
        if not own and verb.dep_ == "acl" and frame.relation in ("buys", "sells", "produces", "smuggles"):
            own = [verb.head]  # "chips made by", "the H20 chips it sold"
        return own

    def _antecedent(self, verb):
        """The noun a relative clause is about. A singular verb on a plural noun was hung on the wrong noun
        ("Inspur, a partner of US giants like Intel, which was put on the list"): the named thing the
        noun's phrase belongs to, up through prepositions, coordinations and appositions, is."""
        head = verb.head
        singular = any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBD") and c.lower_ in ("is", "was", "has")
                       for c in verb.children)
        if not (singular and head.tag_ in ("NNS", "NNPS")):
            return head
        node = head
        for _ in range(8):
            if node.dep_ not in ("pobj", "prep", "conj", "appos") or _is_root(node):
                break
            node = node.head
            if self.at(node) is not None and node.tag_ not in ("NNS", "NNPS"):
                return node
        return head

    @staticmethod
    def passive(verb) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or (
            verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN"
            and not any(c.dep_ in ("aux", "nsubj") for c in verb.children))  # "had tightened" is no passive

    # Polarity and modality

    def negated(self, verb) -> bool:
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in verb.children):
            return True
        head = verb.head
        return verb.dep_ == "xcomp" and head.lemma_.lower() in self.frames.negative_verbs

    def illicit(self, verb) -> bool:
        """An illegal-sale adverb on the verb, or "without" a licence or approval under it."""
        for child in verb.children:
            if child.dep_ == "advmod" and child.lower_ in self.frames.illicit_adverbs:
                return True
            if child.dep_ == "prep" and child.lower_ == "without":
                if any(t.lemma_.lower() in self.frames.illicit_missing for t in child.subtree):
                    return True
        return False

    def hypothetical(self, verb) -> bool:
        """A modal, a hedging verb or adverb, or a condition on this verb or a verb above it in its clause."""
        node = verb
        while True:
            for child in node.children:
                if child.dep_ == "aux" and child.lower_ in self.frames.modals:
                    return True
                if child.dep_ == "advmod" and child.lower_ in self.frames.hedge_adverbs:
                    return True
                if child.dep_ == "mark" and child.lower_ in self.frames.hedge_marks:
                    return True
            if node.dep_ in ("xcomp", "ccomp") and node.head.lemma_.lower() in self.frames.hedge_verbs:
                return True
            if node.dep_ in ("xcomp", "conj", "advcl") and not _is_root(node):
                node = node.head
                continue
            return False

    def governed(self, verb) -> bool:
        """Whether a control frame above governs this verb ("allow Nvidia to sell", "licences for Nvidia to
        sell", "barred suppliers from selling": no sale happened). A verb coordinated with it does not count."""
        if verb.dep_ in ("conj", "parataxis", "ROOT"):
            return False
        if verb.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return False  # "Sponsored by X, the bill was approved": a clause beside the ruling, not ruled on
        node = verb.head
        for _ in range(4):
            if node.pos_ in ("VERB", "AUX"):
                frame = self.frames.verbs.get(node.lemma_.lower())
                return bool(frame and frame.control)
            if _is_root(node):
                return False
            node = node.head
        return False

    def speaker(self, verb):
        """The mention a speech verb above attributes this clause to, if any."""
        node = verb
        for _ in range(4):
            if _is_root(node):
                return None
            dep, node = node.dep_, node.head
            if dep in ("ccomp", "parataxis") and node.lemma_.lower() in self.frames.speech:
                for subject in self.subjects(node):
                    mentions = self._phrase(subject)
                    if mentions:
                        return mentions[0]
                return None
        return None

    # Frames

    def _ends(self, frame: Frame, subject_tokens, object_tokens, rule: str, verb, base: float,
              inner: bool = False) -> list[Found]:
        subjects = [m for t in subject_tokens for m in self.mentions(t) if m.type not in _NOT_ACTORS]
        if not subject_tokens and frame.relation in ("restricts", "approves", "criticizes") and self.passive(verb):
            implicit = self.authority(verb)  # "Some 80 companies were added": by the government the text is about
            if implicit is not None:
                subjects, base, rule = [implicit], base - 0.3, rule + ":implicit"
        if frame.relation == "reports":
            subjects = [m for m in subjects if m.type == "Media"]
        else:
            subjects = [m for m in subjects if m.type != "Media"]
        objects = [m for t in object_tokens for m in self.mentions(t, inner)]
        objects = self._fit(frame, objects)
        if frame.relation in _RULINGS and any(m.type not in _NOT_ACTORS for m in objects):
            objects = [m for m in objects if m.type not in _NOT_ACTORS]  # the party ruled on, not its goods
        speaker = self.speaker(verb)
        if not subjects and speaker is not None and speaker.type in _GOVERNMENTS and frame.relation in _RULINGS and any(
                m.type == "Policy" for t in subject_tokens for m in self.mentions(t)):
            subjects = [speaker]  # the agency said "the rule restricts X": the agency restricts X
        if not subjects or not objects:
            return []
        negated = self.negated(verb)
        relation = frame.relation
        if relation == "sells" and self.illicit(verb):
            relation = "smuggles"  # "shipped GPUs to China without export licences"
        if self.governed(verb):
            return []  # "allow Nvidia to sell": the permission is the claim, the sale is not a fact
        hypothetical = self.hypothetical(verb)
        confidence = base - (0.25 if hypothetical else 0.0)
        found = []
        for s in subjects:
            for o in objects:
                if s.entity != o.entity:
                    rel, neg = conventional(relation, o.type, negated)  # "has not allowed" is a ban
                    if rel in ("supports", "opposes") and o.type not in ("Policy", "Chip", "Product"):
                        if rel == "supports":
                            continue
                        rel = "criticizes"
                    if rel == "criticizes" and o.type == "Policy":
                        rel = "opposes"
                    if rel == "approves" and o.type == "Policy":
                        rel = "supports"  # clearing a policy is a stance for it
                    found.append(Found(s.entity, rel, o.entity, round(confidence, 2), rule, neg, hypothetical,
                                       speaker.entity if speaker is not None else "",
                                       speaker.type if speaker is not None else ""))
        return found

    @staticmethod
    def _fit(frame: Frame, objects: list) -> list:
        if frame.policy:
            return [m for m in objects if m.type == "Policy"]
        if frame.product:
            products = [m for m in objects if m.type in _PRODUCTS]
            if products or frame.relation != "buys":
                return products
            return [m for m in objects if m.type == "Company"]  # bought from a supplier
        if frame.relation in ("supports", "opposes", "criticizes"):
            return [m for m in objects if m.type != ""]
        if frame.relation in ("leads", "advises", "lobbies"):
            return [m for m in objects if m.type not in _NOT_ACTORS]
        return [m for m in objects if m.type != ""]  # a policy tightened or cleared is a stance on it

    def report(self, verb) -> list[Found]:
        """An outlet credited with a clause: "Reuters reported that X ...", "X told Reuters"."""
        said_by = [m for t in self.subjects(verb) for m in self.mentions(t)]
        outlets = [m for m in said_by if m.type == "Media"]
        if outlets:
            clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            heads = [t for c in clauses for t in self.subjects(c)]
            # the reported clause's subject, a product too ("reported that Nvidia's RTX6000D had ..."); with
            # no subject, its first actor
            named = [m for t in heads for m in self.mentions(t) if m.type != "Media" and m.type != "Policy"]
            products = [m for m in named if m.type in _PRODUCTS]
            named = products[:1] if products and heads and self.at(heads[0]) in products else \
                [m for m in named if m.type not in _NOT_ACTORS]
            if not heads:
                named = [m for c in clauses for t in c.subtree if (m := self.at(t)) is not None
                         and m.type not in _NOT_ACTORS and m.type != "Media"]
            speakers = named[:1]
        else:
            listeners = [c for c in verb.children if c.dep_ in ("dobj", "dative")] + self._prep_objects(verb, ("to",))
            outlets = [m for t in listeners for m in self.mentions(t) if m.type == "Media"]
            speakers = [m for m in said_by if m.type not in _NOT_ACTORS and m.type != "Media"]
        if not outlets or not speakers or self.negated(verb):
            return []
        return [Found(outlet.entity, "reports", speakers[0].entity, 0.6, "frame:" + verb.lemma_.lower() + ":media")
                for outlet in outlets if outlet.entity != speakers[0].entity]

    def verb(self, verb, frame: Frame) -> list[Found]:
        if frame.complement:
            governed = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in frame.complement]
            if not governed:
                return []
        if frame.needs_list:
            if not self._listed(verb, frame.needs_list):
                return []
            objects = self.objects(verb, frame) if self.passive(verb) else [c for c in verb.children if c.dep_ == "dobj"]
            objects += self._alongside(verb)
            return self._ends(frame, self.subjects(verb), objects, "frame:" + frame.lemma, verb, VERB_CONFIDENCE)
        objects = self.objects(verb, frame)
        if frame.relation in _RULINGS and any(t.lemma_.lower() in _DEALS for t in objects):
            buyers = [t for t in self._prep_objects(verb, ("to",)) if self.mentions(t)]
            if buyers:
                objects = buyers  # "approved sales of chips to G42", "banned exports of gallium to the US"
        if frame.control and not any(self.mentions(t) for t in objects):
            objects = self._complement_objects(verb)  # "banned its companies from buying Nvidia's chips"
        return self._ends(frame, self.subjects(verb), objects, "frame:" + frame.lemma, verb, VERB_CONFIDENCE)

    def _listed(self, verb, preps) -> bool:
        """Whether the verb puts its object on a list: a listing policy after ``preps`` ("added to the Entity
        List", "to a trade blacklist"), or, for a clause on a noun, the list the sentence names it on ("On the
        list is Nettrix, which was added ...")."""
        places = self._prep_objects(verb, preps)
        if verb.dep_ == "relcl" and not _is_root(verb.head):
            places += self._prep_objects(verb.head.head, ("on", "to"))
        return any(m.type == "Policy" for t in places for m in self.mentions(t)) or any(
            t.lemma_.lower() in _LISTS for t in places)

    @staticmethod
    def _alongside(verb, preps=("alongside", "along", "together")) -> list:
        """The parties a verb joins to one of its ends: "added alongside X and Y", "along with X", "together
        with X" (``preps`` chooses which of these)."""
        found = []
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                heads = [child] if child.lower_ == "alongside" else [w for w in child.children if w.lower_ == "with"]
                found += [p for head in heads for p in head.children if p.dep_ == "pobj"]
        return found

    @staticmethod
    def _complement_objects(verb) -> list:
        """The objects of the action a control verb rules on, when the party is not named."""
        found = []
        for child in verb.children:
            actions = [child] if child.dep_ in ("xcomp", "ccomp") else [
                c for c in child.children if c.dep_ == "pcomp"] if child.dep_ == "prep" else []
            for action in actions:
                found += [c for c in action.children if c.dep_ in ("dobj", "nsubjpass")]
        return found

    def noun(self, noun, frame: Frame) -> list[Found]:
        if frame.needs_modifier and not any(c.lemma_.lower() in frame.needs_modifier for c in noun.children
                                            if c.dep_ in ("compound", "amod", "nmod")):
            return []
        objects = self._prep_objects(noun, frame.objects)
        subjects = self._prep_objects(noun, frame.subjects)
        subjects += [c for c in noun.children if c.dep_ == "poss"]
        if not subjects:
            subjects = [c for c in noun.children if c.dep_ in ("compound", "amod") and self.at(c) is not None
                        and self.at(c).type not in _NOT_ACTORS]
        head = noun.head
        carrier = noun
        if not subjects and noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.frames.light_verbs:
            subjects = self.subjects(head)  # "Washington imposed restrictions on Huawei"
            carrier = head
            if not objects:  # "voiced opposition to the bill", the preposition taken by the verb
                objects = self._prep_objects(head, frame.objects)
        if not objects and frame.product:
            objects = [c for c in noun.children if c.dep_ in ("compound",)]
        inner = self.at(noun) is not None  # the trigger is inside a name ("restrictions on Huawei"): its parts
        return self._ends(frame, subjects, objects, "frame:" + frame.lemma + ":noun", carrier, NOUN_CONFIDENCE, inner)

    def adjective(self, adjective, frame: Frame) -> list[Found]:
        """"X is critical of Y", "X remains suspicious of Y": the subject of the copula, the object of the
        adjective's preposition; negation and hedges are read on the copula."""
        copula = adjective.head
        if adjective.dep_ != "acomp" or copula.pos_ not in ("AUX", "VERB"):
            return []
        objects = self._prep_objects(adjective, frame.objects)
        return self._ends(frame, self.subjects(copula), objects, "frame:" + frame.lemma + ":adjective", copula,
                          NOUN_CONFIDENCE)
