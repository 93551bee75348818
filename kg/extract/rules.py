"""The rule-based extractor: gazetteer mentions, trigger lexicons with argument roles, and cue rules.

For each sentence it finds entity mentions (longest match first, clitics and
spelling variants ignored), then proposes claims from relation triggers
(subject and object placed by word order, Arabic verb-first included), role
nouns ("CEO of", زميل, قيصر), names nested in longer names (إدارة ترامب,
شرائح Nvidia H200), criticized ideas of a named person (فكرة ديفيد ساكس) and
attributions to media ("according to Reuters" also means Reuters reports).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field

from .gazetteer import ACTOR_TYPES, ORGANIZATION_TYPES, PRODUCT_TYPES, Gazetteer
from ..words import normalize
from .boilerplate import article_sentences
from .frames import PRONOUN_TYPES, Frames, read_frames
from .lexicon import Lexicon, Trigger
from .model import Mention, NewEntity, Proposal, conventional
from .parser import Parser, Unavailable, load_parser
from .phrases import Match, PhraseIndex
from .text import Sentence, Token, without_possessive

__all__ = ["RuleExtractor"]

_STANCE_POLARITY = {"supports": "support", "opposes": "oppose", "criticizes": "oppose"}
_PRODUCT_RELATIONS = {"buys", "sells", "produces", "smuggles"}
_GOVERNMENT_TYPES = {"State", "GovernmentBody"}  # a role cue ("president", رئيس) beside these is no "leads"
_COORDINATION = {"و", "and", "or", "او", "أو", "as", "well"}
_PREPOSITIONS = {"في", "من", "الي", "علي", "عن", "بعد", "قبل", "ضد"}  # matching keys (إلى → الي, على → علي)
_SUBJECTLESS_PREPOSITIONS = _PREPOSITIONS | {"مثل", "بين", "مع", "نحو", "حول", "داخل", "خارج", "تجاه"}
_THAT = {"ان", "that"}  # the complementizer that opens a reported clause (أن، إن as matching keys)
_WAS = {"كان", "كانت", "وكان", "وكانت", "فكان", "فكانت"}  # كانت قد أدرجت: "had listed", a past fact, no hedge
_CLAIM_RULES = ("trigger", "frame")  # rules that read a relation from a trigger word, not from a name or role
_LATIN_NAME = re.compile(r"^[A-Z][\w.&'-]*$|^[A-Z][A-Z0-9]+[\w-]*$")
_ADJECTIVE_COMPOUND = re.compile(r"^[A-Z][\w.]*-[a-z]+$")  # California-based, Chinese-made, US-origin



@dataclass
class _M:
    """A mention inside one sentence (token positions) and the role it plays there."""

    first: int
    last: int
    entity: str
    type: str
    nested: list["_M"] = field(default_factory=list)
    role: str = ""  # "attribution", "era" or ""

    @property
    def is_actor(self) -> bool:
        return self.type in ACTOR_TYPES


class RuleExtractor:
    """Offline extraction from the graph's own names and the lexicons under ``kg/data/lexicons``."""

    def __init__(self, gazetteer: Gazetteer, *, parse: bool = True) -> None:
        self.gazetteer = gazetteer
        self.frames = Frames.load()
        self.parse = parse  # read English through the dependency parse when spaCy and its model are installed
        self._parser: Parser | None = None
        self.path = ""  # how the last text was read: "parse (en_core_web_sm 3.8.0)" or "rules (why)"
        self.mentioned: list[str] = []  # the graph's entities the last text named, in order of first mention

    def extract(self, text: str, lang: str) -> tuple[list[Proposal], list[NewEntity]]:
        """Proposals for ``text`` (``ar`` or ``en``) and the new entities they mention."""
        lexicon = Lexicon.load(lang)
        state = _State()
        proposals: list[Proposal] = []
        if lang != "en":
            parser = Unavailable("Arabic is read with the rules")
        else:
            parser = load_parser() if self.parse else Unavailable("the parse was turned off")
        self._parser = parser if isinstance(parser, Parser) else None
        if isinstance(parser, Parser):
            self.path = f"parse ({parser.label})"
            first, second = itertools.tee(article_sentences(text))
            pairs = self._recognised(zip(first, parser.parse(text[s.start:s.end] for s in second)), lexicon)
        else:
            self.path = f"rules ({parser.reason})" if lang == "en" else "rules"
            pairs = ((sentence, None, False) for sentence in article_sentences(text))
        quoted: list[Proposal] = []  # proposals inside a quotation still open, waiting for its speaker
        for sentence, doc, recognised in pairs:
            if not sentence.tokens:
                continue
            if state.paragraph_end is not None and "\n" in text[state.paragraph_end:sentence.start]:
                state.subjects, state.era, state.pending = [], None, []
                proposals += quoted  # a quotation never closed in its paragraph: no speaker to give it
                quoted, state.in_quote = [], False
            state.paragraph_end = sentence.end
            inside_before = state.in_quote
            state.in_quote = _inside_quote_after(text[sentence.start:sentence.end], inside_before)
            made = self._sentence(text, sentence, lexicon, state, lang, doc, recognised)
            if state.in_quote:  # “... (the quotation goes on past this sentence)
                quoted += made
                continue
            if inside_before and quoted:  # ... ,” Banks told the DCNF: the speaker of the whole quotation
                told = [e for p in made if p.relation == "reports" for e in (p.object, p.subject)]
                speakers = list(dict.fromkeys(told or state.speakers))
                for proposal in quoted:
                    if speakers and not proposal.attributed_to:
                        proposal.attributed_to, proposal.attribution = speakers, state.speakers_text
                proposals += quoted
                quoted = []
            proposals += made
        proposals += quoted
        self.mentioned = list(state.mentioned)
        return _dedupe(proposals), sorted(state.new_entities.values(), key=lambda e: e.key)

    def _recognised(self, pairs, lexicon: Lexicon, size: int = 32):
        """(sentence, doc, recognised) in order, the named entities of each group of ``size`` parsed
        sentences found in one batch for the sentences that have a capitalised word the graph's names do
        not open (the others are asked one by one, should they need it)."""
        chunk = []
        for pair in itertools.chain(pairs, [None]):
            if pair is not None:
                chunk.append(pair)
                if len(chunk) < size:
                    continue
            wanted = [doc for sentence, doc in chunk if self._may_name(sentence.tokens, lexicon)]
            self._parser.recognise(wanted)
            asked = {id(doc) for doc in wanted}
            yield from ((sentence, doc, id(doc) in asked) for sentence, doc in chunk)
            chunk = []

    def _may_name(self, words, lexicon: Lexicon) -> bool:
        """Whether a sentence has a capitalised word that may start a name the graph does not know."""
        return any(_LATIN_NAME.match(w.text) and w.text not in lexicon.not_names
                   and not self.gazetteer.index.opens_with(w.key) for w in words)

    # Mentions

    def _mentions(self, words: tuple[Token, ...], lexicon: Lexicon, state: "_State", lang: str,
                  names: "_Names | None" = None) -> list[_M]:
        """The sentence's mentions; ``names`` gives the parser's named entities, when the sentence was parsed."""
        found = [m for m in self.gazetteer.index.find(words) if self.gazetteer.written_as_named(m, words)]
        if names is not None:  # "Shiwei Yang" is not Zeyi Yang: a lone surname inside a longer unknown name
            known = {i for m in found for i in range(m.first, m.last + 1)}
            found = [m for m in found if not self._inside_unknown_name(m, words, lexicon, known)]
        chosen = PhraseIndex.longest(found)
        mentions = []
        for match in chosen:
            entity = str(match.payload)
            mention = _M(match.first, match.last, entity, self.gazetteer.type_of(entity))
            for inner in found:
                if (inner.first >= match.first and inner.last <= match.last
                        and (inner.first, inner.last) != (match.first, match.last) and inner.payload != match.payload):
                    entity = str(inner.payload)
                    if all(n.entity != entity for n in mention.nested):
                        mention.nested.append(_M(inner.first, inner.last, entity, self.gazetteer.type_of(entity)))
            mentions.append(mention)
        for mention in mentions:  # "Bloomberg Television", "Reuters TV": the outlet, its medium named
            after = mention.last + 1
            if mention.type == "Media" and after < len(words) and _LATIN_NAME.match(words[after].text) \
                    and self._medium(words[after], lexicon) and not any(m.first == after for m in mentions):
                mention.last = after
        taken = {i for m in mentions for i in range(m.first, m.last + 1)}
        for match in PhraseIndex.longest(lexicon.cues["product_reference"].find(words)):
            if state.last_product and not taken & set(range(match.first, match.last + 1)):
                mentions.append(_M(match.first, match.last, state.last_product, "Chip"))
        if lang == "ar":
            mentions += self._arabic_names(words, lexicon, taken, state)
        mentions += self._new_names(words, lexicon, taken, state, lang, names)
        mentions.sort(key=lambda m: m.first)
        for left, right in zip(mentions, mentions[1:]):
            if left.type == "Company" and right.entity.startswith("new:") and right.type in PRODUCT_TYPES \
                    and right.first == left.last + 1:
                right.nested.append(_M(left.first, left.last, left.entity, left.type))
                right.first = left.first
                left.role = "merged"
        mentions = [m for m in mentions if m.role != "merged"]
        for mention in mentions:
            for m in (mention, *mention.nested):
                if not m.entity.startswith("new:"):
                    state.mentioned.setdefault(m.entity, None)
        for mention in mentions:
            if mention.type in PRODUCT_TYPES:
                state.last_product = mention.entity
            if mention.last > mention.first and mention.entity not in state.surnames.values():
                if mention.type == "Person":  # "Jim Banks", later "Banks"
                    state.surnames.setdefault(words[mention.last].key, mention.entity)
                elif mention.entity.startswith("new:") and mention.type in ORGANIZATION_TYPES \
                        and len(words[mention.first].text) > 2:  # "ALX Solutions", later "ALX"
                    state.surnames.setdefault(words[mention.first].key, mention.entity)
        return mentions

    @staticmethod
    def _medium(word, lexicon: Lexicon) -> bool:
        """A word that names an outlet's medium ("Television", "TV", "News"): a Media type cue."""
        return any(str(t.payload) == "Media" for t in lexicon.types.find([word]))

    def _inside_unknown_name(self, match: Match, words, lexicon: Lexicon, known: set[int]) -> bool:
        """A one-word person alias right after a capitalised word that is no name the graph knows, or an
        outlet's name right before one ("the Information Department", "Bloomberg Television")."""
        if self.gazetteer.type_of(str(match.payload)) == "Media" and match.last + 1 < len(words):
            after = words[match.last + 1]
            if after.clause == words[match.last].clause and _LATIN_NAME.match(after.text) \
                    and after.text not in lexicon.not_names and match.last + 1 not in known \
                    and not self._medium(after, lexicon):
                return True  # but "Bloomberg Television" is the outlet on air
        if match.first != match.last or match.first == 0 or self.gazetteer.type_of(str(match.payload)) != "Person":
            return False
        before = words[match.first - 1].text
        return bool(_LATIN_NAME.match(before)) and before not in lexicon.not_names and match.first - 1 not in known

    def _new_names(self, words, lexicon: Lexicon, taken: set[int], state: "_State", lang: str,
                   names: "_Names | None" = None) -> list[_M]:
        """Capitalised Latin names the graph does not know, typed from nearby cues; when the sentence was
        parsed, also from the parser's named entities, and a capitalised run that is no entity of the
        parser and has no cue is no name ("Details", "Read", "Demand")."""
        found = []
        i = 0
        while i < len(words):
            word = words[i].text
            if i not in taken and _LATIN_NAME.match(word) and word not in lexicon.not_names:
                j = i
                while j + 1 < len(words) and j + 1 not in taken and words[j + 1].clause == words[i].clause and (
                        (_LATIN_NAME.match(words[j + 1].text) and words[j + 1].text not in lexicon.not_names)
                        or words[j + 1].text.isdigit()):
                    j += 1
                name = " ".join(w.text for w in words[i:j + 1])
                if j == i and words[i].key in state.surnames:
                    known = state.surnames[words[i].key]
                    found.append(_M(i, i, known, self.gazetteer.type_of(known) or "Person"))
                    i += 1
                    continue
                type_name = self._guess_type(words, i, j, lexicon)
                if names is not None:
                    label, i, j = self._named(words, i, j, names.spans())
                    name = " ".join(w.text for w in words[i:j + 1])
                    type_name = self._type_from_label(label, type_name)
                if i > 1 and words[i - 1].text == "The" and i - 1 not in taken:
                    name = "The " + name  # "according to The Hill": a capital The inside a sentence is the name's
                if names is not None and j == i and not label and names.pos_at(words[i].start) in _NOT_NAME_POS:
                    type_name = ""  # "Citing sources, ...", "Asked about ...": a verb or adverb opening the sentence
                if j == i and (without_possessive(name) in lexicon.generic_nouns or _ADJECTIVE_COMPOUND.match(name)):
                    type_name = ""  # "the Ministry", "California-based", "US-origin": a kind or a quality, no name
                if type_name and (j > i or type_name != "Organization" or len(name) > 2):
                    key = f"new:{type_name}:{name}"
                    state.new_entities.setdefault(key, NewEntity(key, name, type_name, lang))
                    found.append(_M(i, j, key, type_name))
                i = j + 1
            else:
                i += 1
        return found

    @staticmethod
    def _arabic_names(words, lexicon: Lexicon, taken: set[int], state: "_State") -> list["_M"]:
        """Unknown Arabic institutions named by a cue word and the word after it (وزارة التجارة)."""
        found = []
        for cue in lexicon.institutions.find(words):
            after = cue.last + 1
            if cue.first in taken or after >= len(words) or after in taken or words[after].clause != words[cue.first].clause:
                continue
            span = range(cue.first, after + 1)
            first = words[cue.first].text
            if not lexicon.institutions.opens_with(words[cue.first].key):
                first = first[1:]  # a clitic on the cue word (ووزارة): the name starts after it
            name = " ".join([first] + [w.text for w in words[cue.first + 1:after + 1]])
            key = f"new:{cue.payload}:{name}"
            state.new_entities.setdefault(key, NewEntity(key, name, str(cue.payload), "ar"))
            found.append(_M(span.start, span.stop - 1, key, str(cue.payload)))
            taken.update(span)
        return found

    @staticmethod
    def _named(words, i: int, j: int, names: list[tuple[int, int, str]]) -> tuple[str, int, int]:
        """The parser's label for words i..j and the words it covers ("Army National Guard Specialist Robert
        Drudy": PERSON, Robert Drudy), or ("", i, j) when no entity of the parser overlaps them."""
        best, label = (i, j), ""
        overlap = 0
        for start, end, kind in names:
            inside = [k for k in range(i, j + 1) if start <= words[k].start < end]
            if len(inside) > overlap:
                overlap, best, label = len(inside), (inside[0], inside[-1]), kind
        return label, best[0], best[1]

    @staticmethod
    def _type_from_label(label: str, guessed: str) -> str:
        """A type from the parser's label and the cue-guessed type; "" for no actor or product."""
        if guessed == "Chip":
            return guessed
        if label == "PERSON":
            return "Person" if guessed in ("Organization", "Person") else guessed
        if label in ("ORG", "PRODUCT"):
            return guessed
        if label in ("", "GPE"):  # no entity, or a place: a name only where a cue says what it is
            return guessed if guessed != "Organization" else ""
        return ""  # dates, numbers, events, laws, works, places, nationalities: no actor

    @staticmethod
    def _guess_type(words, i: int, j: int, lexicon: Lexicon) -> str:
        if any(re.search(r"[A-Za-z]", w.text) and re.search(r"\d", w.text) for w in words[i:j + 1]):
            return "Chip"  # model names such as H20, B30A, Ascend 950
        for window in (words[i:j + 1], words[max(0, i - 3):i], words[j + 1:j + 4]):
            for match in lexicon.types.find(window):
                return str(match.payload)
        return "Organization"

    # Claims

    def _sentence(self, text: str, sentence: Sentence, lexicon: Lexicon, state: "_State", lang: str,
                  doc=None, recognised: bool = False) -> list[Proposal]:
        words = sentence.tokens
        if not words:
            return []
        names = None if doc is None else _Names(self._parser, doc, sentence.start, recognised)
        mentions = self._mentions(words, lexicon, state, lang, names)
        attributed = self._mark_attribution(words, mentions, lexicon)
        if not state.opened:
            state.opened = True
            attributed += self._dateline(text, sentence, mentions)
        for mention in mentions:  # an outlet named in a sentence is its source ("in a reply to AFP", نشرتها صحيفة X)
            if mention.type == "Media" and mention.role == "":
                mention.role = "attribution"
                attributed.append(mention)
        state.speakers = [m.entity for m in attributed]
        state.speakers_text = " ".join(text[words[m.first].start:words[m.last].end] for m in attributed)
        unnamed = self._unnamed_attribution(text, words, mentions, lexicon) if not attributed else ""
        era = self._mark_era(words, mentions, lexicon)
        if era is not None:
            state.era = era
        negations = [m.last for m in lexicon.cues["negation"].find(words)]
        hedges = [m.last for m in lexicon.cues["hypothetical"].find(words)
                  if not (m.first > 0 and words[m.first].key == "قد" and words[m.first - 1].key in _WAS)]
        quote = text[sentence.start:sentence.end].strip()
        quote_start = sentence.start + (len(text[sentence.start:sentence.end]) - len(text[sentence.start:sentence.end].lstrip()))
        made: list[tuple[str, str, str, float, str]] = []
        args = [m for m in mentions if not m.role]
        arguments = [m for m in args if m.type != "Media"]  # an outlet is credited with a claim, not part of it
        triggers = [t for t in PhraseIndex.longest(lexicon.find_triggers(words))
                    if not any(m.first <= t.first <= m.last or m.first <= t.last <= m.last for m in args)]
        if doc is not None:
            made += self._frames(text, sentence, doc, mentions, state)
            triggers = [t for t in triggers if t.payload.object_first or t.payload.followup or t.payload.passive]
        speaker = next((m.entity for m in attributed if m.type != "Media"), None)  # who the sentence quotes
        for match in triggers:
            trigger: Trigger = match.payload
            relation = trigger.relation
            if relation in ("supports", "approves", "lobbies") and any(
                    w.key in lexicon.stop_words for w in words[match.last + 1:match.last + 5]):
                relation = "restricts"  # حثت الشركات على تجنب, urged companies to stop: a curb on them
            for subject, obj, confidence in self._arguments(match, trigger, arguments, words, state, lang, speaker):
                made.append((subject, relation, obj, confidence, "trigger:" + trigger.text))
                negated_here = any(match.first - 3 <= n < match.first for n in negations)
                if negated_here:
                    made[-1] = made[-1][:4] + (made[-1][4] + ":negated",)
                if any(match.first - 3 <= h < match.first for h in hedges):  # "could ban", قد تفرض
                    made[-1] = made[-1][:4] + (made[-1][4] + ":hypothetical",)
        here = {id(m) for m in mentions}  # the parse path has added this sentence's to state.recent already
        last_company = next((m.entity for m in reversed(state.recent) if m.type == "Company" and id(m) not in here), None)
        made += [m for m in self._roles(words, mentions, lexicon, last_company)
                 if not (m[1] == "leads" and self.gazetteer.type_of(m[2]) in _GOVERNMENT_TYPES)]
        made += self._nested(words, mentions, lexicon)
        made += self._ideas(words, mentions, attributed, lexicon)
        if era is not None:
            made = [(era.entity if self.gazetteer.type_of(s) == "State" and why.startswith(_CLAIM_RULES) else s, r, o, c, why)
                    for s, r, o, c, why in made]
        made = [self._fitted(*claim) for claim in made]
        trigger_subjects = [s for s, r, o, c, why in made if why.startswith(_CLAIM_RULES) and ":hypothetical" not in why]
        if trigger_subjects:
            state.subjects = list(dict.fromkeys(trigger_subjects))
            state.claimant = trigger_subjects[-1]
        main_actor = trigger_subjects[0] if trigger_subjects else next(
            (m.entity for m in args if m.is_actor and m.type != "Media"), None)
        for attribution in attributed:
            if attribution.type == "Media":
                reported = main_actor if trigger_subjects else \
                    speaker or self._reported(words, args, attribution) or main_actor
                if reported:
                    made.append((attribution.entity, "reports", reported, 0.5 if trigger_subjects else 0.4,
                                 "attribution:media"))
        proposals = []
        for subject, relation, obj, confidence, why in made:
            if subject == obj or not subject or not obj:
                continue
            proposals.append(Proposal(
                subject=subject, relation=relation, object=obj, start=quote_start, end=quote_start + len(quote),
                quote=quote, confidence=round(max(0.05, min(0.95, confidence)), 2),
                mentions=[Mention(words[m.first].start, words[m.last].end, m.entity,
                                  text[words[m.first].start:words[m.last].end], m.type) for m in mentions],
                attributed_to=[m.entity for m in attributed],
                attribution=state.speakers_text or unnamed,
                polarity=_STANCE_POLARITY.get(relation, ""),
                negated=":negated" in why,
                hypothetical=":hypothetical" in why,
                rule=why.replace(":negated", "").replace(":hypothetical", ""),
            ))
        return proposals

    def _frames(self, text: str, sentence: Sentence, doc, mentions: list[_M], state: "_State") -> list[tuple]:
        """Claims of the sentence's dependency parse, its mentions placed on the parser's tokens."""
        words = sentence.tokens
        spans = [(words[m.first].start - sentence.start, words[m.last].end - sentence.start, m) for m in mentions]
        covering: dict[int, _M] = {}
        nested: dict[int, _M] = {}
        for token in doc:
            for start, end, mention in spans:
                if start <= token.idx < end:
                    covering[token.i] = mention
                    for inner in mention.nested:
                        if words[inner.first].start - sentence.start <= token.idx < words[inner.last].end - sentence.start:
                            nested[token.i] = inner
                    break

        def at(token, inner=False):
            return nested.get(token.i, covering.get(token.i)) if inner else covering.get(token.i)
        earlier = list(state.recent)

        def resolve(token):
            """The last actor of the fitting type named before ``token``: "it", "the company", "he"."""
            word = token.lower_
            if token.pos_ == "PRON":
                wanted = PRONOUN_TYPES.get(word)
            else:
                if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
                    return None
                kind = self.frames.anaphora.get(token.lemma_.lower())
                if kind == "Act":  # "the decision", "the move": whoever made the last claim's move
                    last = state.claimant
                    return _M(0, 0, last, self.gazetteer.type_of(last)) if last else None
                wanted = {kind} | ({"State"} if kind == "GovernmentBody" else set()) if kind else None
            if not wanted:
                return None
            before = earlier + [m for start, end, m in spans if end <= token.idx]
            return next((m for m in reversed(before) if m.type in wanted and m.role in ("", "attribution")), None)

        def authority(verb):
            """The agency (else the state) last named before ``verb``: one named after it is the place or
            the target ("was blocked from being shipped to China"), not the one who ruled."""
            here = [m for _, end, m in spans if end <= verb.idx]
            before = [m for m in earlier + here if m.role in ("", "attribution")]
            agencies = [m for m in before if m.type == "GovernmentBody"]  # the agency, more than its state
            return agencies[-1] if agencies else next((m for m in reversed(before) if m.type in _GOVERNMENT_TYPES), None)

        made = []
        for found in read_frames(doc, at, resolve, self.frames, authority):
            why = found.rule + (":negated" if found.negated else "") + (":hypothetical" if found.hypothetical else "")
            made.append((found.subject, found.relation, found.object, found.confidence, why))
            if found.speaker_type == "Media" and not found.hypothetical and not found.negated:
                made.append((found.speaker, "reports", found.subject, 0.5, "attribution:media"))
        state.recent = (earlier + [m for m in mentions if (m.is_actor or m.type == "Policy") and m.role in ("", "attribution")])[-12:]
        return made

    @staticmethod
    def _reported(words, mentions: list[_M], outlet: _M) -> str | None:
        """Who an outlet reports on: the first actor of the clause its "that" opens (ذكرت صحيفة X أن Y,
        X reported that Y), or the speaker before an outlet told something (قال متحدث باسم Y لرويترز)."""
        actors = [m for m in mentions if m.is_actor and m.type != "Media" and m is not outlet]
        for i in range(outlet.last + 1, len(words)):
            if words[i].key in _THAT:  # its subject opens the clause: within three words of it
                after = [m for m in actors if i < m.first <= i + 3]
                return after[0].entity if after else None
        told = words[outlet.first].text.startswith(("ل", "لـ")) or (
            outlet.first > 0 and words[outlet.first - 1].key in ("to", "told"))
        if told:
            before = [m for m in actors if m.last < outlet.first]
            return before[-1].entity if before else None
        return None

    def _fitted(self, subject: str, relation: str, obj: str, confidence: float, why: str) -> tuple:
        """A claim of either path with its relation as kg records it (:func:`conventional`). The parse path
        also wants a stance to point at a policy; the rules keep a stance toward an actor, as the curated
        seed article has it."""
        fitted, negated = conventional(relation, self.gazetteer.type_of(obj), ":negated" in why)
        return subject, fitted, obj, confidence, why.replace(":negated", "") + (":negated" if negated else "")

    @staticmethod
    def _mark_attribution(words, mentions: list[_M], lexicon: Lexicon) -> list[_M]:
        marked = []
        for cue in lexicon.cues["attribution"].find(words):
            opens_clause = cue.last + 1 < len(words) and words[cue.last + 1].key in _THAT
            after = [] if opens_clause else [m for m in mentions if cue.last < m.first <= cue.last + 3 and m.is_actor]
            before = [m for m in mentions if cue.first - 2 <= m.last < cue.first and m.is_actor]
            for mention in (after[:1] or before[-1:]):
                chain = [mention]
                if mention.type == "Media":  # "Bloomberg, the FT and The New York Times reported": all of them
                    rest = mentions[mentions.index(mention) + 1:]
                    for other in rest:
                        if other.type != "Media" or other.first - chain[-1].last > 2:
                            break
                        chain.append(other)
                for credited in chain:
                    if credited.role != "attribution":
                        credited.role = "attribution"
                        marked.append(credited)
        return marked

    @staticmethod
    def _dateline(text: str, sentence: Sentence, mentions: list[_M]) -> list[_M]:
        """The outlet of a dateline that opens the article, "WASHINGTON (Reuters) -", "بكين - (رويترز)": it
        reports what the first sentence says."""
        words = sentence.tokens
        for mention in mentions:
            if mention.type != "Media" or mention.first > 4 or mention.role:
                continue
            before = text[sentence.start:words[mention.first].start]
            after = text[words[mention.last].end:words[mention.last].end + 4]
            if "(" in before and ")" in after and re.search(r"[-–—]", text[words[mention.last].end:
                                                                          words[mention.last].end + 6]) \
                    or re.search(r"[-–—]\s*\(?$", before):
                mention.role = "attribution"
                for place in mentions:  # the dateline's city (بكين, WASHINGTON) is where, not who
                    if place.last < mention.first:
                        place.role = "dateline"
                return [mention]
        return []

    @staticmethod
    def _unnamed_attribution(text: str, words, mentions: list[_M], lexicon: Lexicon) -> str:
        """The words of a clause that attributes the sentence to no named actor ("two people ... said")."""
        for cue in lexicon.cues["attribution"].find(words):
            clause = words[cue.first].clause
            members = [w for w in words if w.clause == clause]
            return text[members[0].start:members[-1].end]
        return ""

    @staticmethod
    def _mark_era(words, mentions: list[_M], lexicon: Lexicon) -> _M | None:
        for cue in lexicon.cues["era"].find(words):
            for mention in mentions:
                if cue.last <= mention.first <= cue.last + 2 and mention.type == "GovernmentBody":
                    mention.role = "era"
                    return mention
        return None

    def _arguments(self, match: Match, trigger: Trigger, args: list[_M], words, state: "_State", lang: str,
                   speaker: str | None = None):
        """(subject, object, confidence) triples for one trigger; ``speaker`` stands in for a missing subject."""
        before = [m for m in args if m.last < match.first]
        after = [m for m in args if m.first > match.last]
        if trigger.passive:
            state.pending = [m.entity for m in after if m.is_actor]
            return []
        if trigger.followup:
            subjects = state.pending or state.subjects
            objects = [m for m in after if m.type in ("Policy", "Product", "Chip")] or after
            state.pending = []
            return [(s, objects[0].entity, trigger.confidence - 0.1) for s in subjects] if objects else []
        if trigger.object_first:
            if not before:
                return []
            obj = before[-1]
            subject_candidates = [m for m in before[:-1] if m.is_actor]
            fallback = [speaker] if speaker else state.subjects[:1]
            subjects = [subject_candidates[-1].entity] if subject_candidates else fallback
            bonus = 0.0 if subject_candidates else -0.15
            return [(s, obj.entity, trigger.confidence + bonus) for s in subjects]
        if lang == "ar" and self._nominal(words, match, trigger):
            # A masdar (في الضغط على، ببيع، منع وصول) takes its subject from the noun it is joined to, right
            # before it, or has none: the subject of the whole sentence is no argument of it.
            owner = [m for m in before if m.is_actor and match.first - m.last <= 2 and not self._after_preposition(words, m)]
            objects = self._objects(trigger, after)
            if not owner or not objects or self._governed(words, match):
                return []
            return [(owner[-1].entity, o.entity, trigger.confidence - 0.1) for o in objects]
        clause = words[match.first].clause
        if lang == "ar":  # في الصين، إلى الإمارات، مثل هولندا: a place or an example, not who acts
            before = [m for m in before if not self._after_preposition(words, m)]
        actors_before = [m for m in before if m.is_actor]
        same_clause = [m for m in actors_before if words[m.last].clause == clause]
        subject, confidence = None, trigger.confidence - (0.1 if lang == "ar" else 0.0)  # Arabic word order: ~0.4 right
        if same_clause:
            subject = same_clause[-1]
            confidence += 0.15 if match.first - subject.last <= 3 else 0.05
        elif lang == "ar" and after and after[0].is_actor and after[0].first - match.last == 1:
            subject = after[0]
            confidence += 0.1
        elif actors_before:
            subject = actors_before[-1]
        remaining = [m for m in after if m is not subject]
        objects = self._objects(trigger, remaining)
        coordinated = []
        if subject is not None and subject in before:
            chain = before[:before.index(subject) + 1]
            for mention in reversed(chain[:-1]):
                previous = coordinated[-1] if coordinated else subject
                if previous.first - mention.last <= 2 and mention.type == subject.type:
                    coordinated.append(mention)
                else:
                    break
        if subject is None:
            later = [m for m in remaining if m.is_actor and all(m is not o for o in objects)
                     and not (lang == "ar" and self._after_preposition(words, m))]
            if later:
                subject, confidence = later[0], confidence - 0.1
        fallback = [speaker] if speaker else state.subjects[:1]
        subjects = [subject.entity] + [m.entity for m in reversed(coordinated)] if subject is not None else fallback
        if subject is None:
            confidence -= 0.15
        return [(s, o.entity, confidence) for s in subjects for o in objects]

    @staticmethod
    def _nominal(words, match: Match, trigger: Trigger) -> bool:
        """An Arabic trigger used as a noun: any trigger right after a preposition (في الضغط على); a stem
        also with the article or with بـ (السماح، ببيع). A phrase with the article keeps its listed use."""
        if match.first > 0 and words[match.first - 1].key in _PREPOSITIONS:
            return True
        key = words[match.first].key
        return trigger.stem and (key.startswith(("ال", "بال", "وال", "لل", "فال")) or (
            key.startswith("ب") and key[1:].startswith(normalize(trigger.text))))

    @staticmethod
    def _after_preposition(words, mention: "_M") -> bool:
        """An Arabic mention a preposition governs: after a preposition word, or with one joined to the
        article (للصين، بالولايات المتحدة)."""
        first = words[mention.first].key
        return (mention.first > 0 and words[mention.first - 1].key in _SUBJECTLESS_PREPOSITIONS) \
            or first.startswith(("لل", "بال", "وبال", "ولل"))

    @staticmethod
    def _governed(words, match: Match) -> bool:
        """A masdar a permission or ban governs (يسمح لشركة إنفيديا ببيع): the act is no fact."""
        window = words[max(0, match.first - 6):match.first]
        return any(w.key.endswith(("سمح", "سماح", "وافق", "منع", "حظر")) for w in window)

    def _objects(self, trigger: Trigger, after: list[_M]) -> list[_M]:
        """The first fitting mention after the trigger and the ones coordinated with it."""
        fits = [m for m in after if m.type in PRODUCT_TYPES] if trigger.relation in _PRODUCT_RELATIONS else after
        if not fits:
            return []
        objects = [fits[0]]
        for mention in after[after.index(fits[0]) + 1:]:
            if mention.first - objects[-1].last <= 2 and mention.type == objects[-1].type:
                objects.append(mention)
            else:
                break
        return objects

    @staticmethod
    def _roles(words, mentions: list[_M], lexicon: Lexicon, last_company: str | None = None) -> list[tuple]:
        """Relations of role nouns; ``last_company`` is the company an executive title with none near heads."""
        made = []
        for cue in PhraseIndex.longest(lexicon.roles.find(words)):
            relation = str(cue.payload)
            following = words[cue.last + 1].key if cue.last + 1 < len(words) else ""
            if relation == "leads" and re.fullmatch(r"ال\w+ي", following):
                continue  # الرئيس الأمريكي, الرئيس الصيني: a head of state, who leads no company
            inside = [m for m in mentions if m.first <= cue.first and cue.last <= m.last]
            if inside:
                outer = inside[0]
                people = [outer] if outer.type == "Person" else [n for n in outer.nested if n.type == "Person"]
                orgs = [outer] if outer.type in ORGANIZATION_TYPES else [n for n in outer.nested if n.type in ORGANIZATION_TYPES]
                if people and not orgs:
                    orgs = sorted((m for m in mentions if m.type in ORGANIZATION_TYPES and
                                   (0 < outer.first - m.last <= 4 or 0 < m.first - outer.last <= 4)),
                                  key=lambda m: min(abs(outer.first - m.last), abs(m.first - outer.last)))
                if people and orgs:
                    made.append((people[0].entity, relation, orgs[0].entity, 0.7, "role"))
                continue
            near_people = sorted((m for m in mentions if m.type == "Person" and
                                  (0 < cue.first - m.last <= 4 or 0 < m.first - cue.last <= 4)),
                                 key=lambda m: min(abs(cue.first - m.last), abs(m.first - cue.last)))
            near_orgs = sorted((m for m in mentions if m.type in ORGANIZATION_TYPES and
                                (0 < cue.first - m.last <= 6 or 0 < m.first - cue.last <= 6)),
                               key=lambda m: min(abs(cue.first - m.last), abs(m.first - cue.last)))
            if near_people and near_orgs and near_people[0].entity != near_orgs[0].entity:
                made.append((near_people[0].entity, relation, near_orgs[0].entity, 0.7, "role"))
            elif near_people and not near_orgs and last_company and near_people[0].first == cue.last + 1 \
                    and lexicon.cues["executive"].find(words[cue.first:cue.last + 1]):
                made.append((near_people[0].entity, relation, last_company, 0.55, "role:article"))
        return made

    @staticmethod
    def _nested(words: list[str], mentions: list[_M], lexicon: Lexicon) -> list[tuple]:
        made = []
        for outer in mentions:
            for inner in outer.nested:
                if outer.type in ORGANIZATION_TYPES - {"State"} and inner.type == "Person":
                    if outer.type in _GOVERNMENT_TYPES and not lexicon.cues["head_titles"].find(words[outer.first:inner.last + 1]):
                        continue  # "the Trump administration" names it; "under President Trump" says who leads it
                    made.append((inner.entity, "leads", outer.entity, 0.4, "nested"))  # news rarely states it
                elif outer.type in ORGANIZATION_TYPES and inner.type in ORGANIZATION_TYPES:
                    made.append((outer.entity, "affiliatedWith", inner.entity, 0.55, "nested"))
                elif outer.type in PRODUCT_TYPES and inner.type == "Company":
                    made.append((inner.entity, "produces", outer.entity, 0.55, "nested"))
        return made

    @staticmethod
    def _ideas(words, mentions: list[_M], attributed: list[_M], lexicon: Lexicon) -> list[tuple]:
        if not lexicon.cues["idea_negative"].find(words):
            return []
        speakers = [m for m in attributed if m.type == "Person"]
        made = []
        for cue in lexicon.cues["idea"].find(words):
            owners = [m for m in mentions if m.type == "Person" and 0 < m.first - cue.last <= 2]
            if owners and speakers and owners[0].entity != speakers[0].entity:
                made.append((speakers[0].entity, "criticizes", owners[0].entity, 0.7, "idea"))
        return made


_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "SCONJ", "CCONJ", "PRON", "DET"})


class _Names:
    """A parsed sentence's named entities (start, end, label, offsets in the article), recognised on first ask."""

    def __init__(self, parser: Parser, doc, offset: int, recognised: bool) -> None:
        self.parser, self.doc, self.offset, self.recognised = parser, doc, offset, recognised
        self._spans: list[tuple[int, int, str]] | None = None

    def pos_at(self, char: int) -> str:
        """The part of speech of the parser's token that starts at ``char`` (an offset in the article)."""
        token = self.doc.char_span(char - self.offset, char - self.offset + 1, alignment_mode="expand")
        return token[0].pos_ if token is not None and len(token) else ""

    def spans(self) -> list[tuple[int, int, str]]:
        if self._spans is None:
            found = [(e.start_char, e.end_char, e.label_) for e in self.doc.ents] if self.recognised \
                else self.parser.entities(self.doc)
            self._spans = [(self.offset + start, self.offset + end, label) for start, end, label in found]
        return self._spans


@dataclass
class _State:
    """What carries from one sentence to the next within a paragraph."""

    subjects: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    era: _M | None = None
    last_product: str | None = None
    paragraph_end: int | None = None
    new_entities: dict[str, NewEntity] = field(default_factory=dict)
    mentioned: dict[str, None] = field(default_factory=dict)  # known entities named so far, in order
    recent: list[_M] = field(default_factory=list)  # the last actors named, for "it", "the company"
    claimant: str = ""  # the subject of the article's last claim, for "the decision", "the move"
    opened: bool = False  # the article's first sentence has been read (a dateline opens it)
    in_quote: bool = False  # a quotation opened in an earlier sentence is still open
    speakers: list[str] = field(default_factory=list)  # who the last sentence credits, and in its words
    speakers_text: str = ""
    surnames: dict[str, str] = field(default_factory=dict)  # a person's last name (as a key) -> the person


_OPENING, _CLOSING = "“«", "”»"


def _inside_quote_after(sentence: str, inside: bool) -> bool:
    """Whether a quotation is still open at the end of ``sentence``, given whether one was open before it
    (curly quotes and guillemets open and close; a straight double quote turns it)."""
    for char in sentence:
        if char in _OPENING:
            inside = True
        elif char in _CLOSING:
            inside = False
        elif char == '"':
            inside = not inside
    return inside


def _dedupe(proposals: list[Proposal]) -> list[Proposal]:
    """One proposal per (subject, relation, object, sentence), the most confident."""
    best: dict[tuple, Proposal] = {}
    for proposal in proposals:
        key = (proposal.subject, proposal.relation, proposal.object, proposal.start)
        if key not in best or proposal.confidence > best[key].confidence:
            best[key] = proposal
    return sorted(best.values(), key=lambda p: (p.start, p.subject, p.relation, p.object))


def proposal_id(proposal: Proposal) -> str:
    """A short stable id for a proposal: a hash of its triple and position."""
    key = f"{proposal.subject}|{proposal.relation}|{proposal.object}|{proposal.start}|{proposal.end}"
    return "r" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
