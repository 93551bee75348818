"""Text to candidate claims, offline, and the commands that feed them in: kg ingest and kg review.

The interface is small on purpose (``Extractor.extract(text, lang)`` returns
``Proposal`` objects) so that a statistical or LLM extractor can replace the
rule-based one without touching ingest, review or the store.
"""

from .model import Extractor, Mention, NewEntity, Proposal
from .rules import RuleExtractor

__all__ = ["Extractor", "Mention", "NewEntity", "Proposal", "RuleExtractor"]
