"""Text to candidate claims, offline.

The interface is small on purpose (``Extractor.extract(text, lang)`` returns
``Proposal`` objects) so that a statistical or LLM extractor can replace the
rule-based one without touching ingest, review or the store.
"""

from .model import Extractor, Mention, NewEntity, Proposal
from .rules import RuleExtractor

__all__ = ["Extractor", "Mention", "NewEntity", "Proposal", "RuleExtractor"]
