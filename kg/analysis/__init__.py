"""Discourse network analysis of the stances: coalitions, centrality, timelines, polarization, and their plots."""

from kg import lazy_exports

_NAMES = {
    "Coalition": "discourse",
    "CoalitionReport": "discourse",
    "MEASURES": "discourse",
    "Shift": "discourse",
    "Stance": "discourse",
    "Timeline": "discourse",
    "as_csv": "records",
    "centrality": "discourse",
    "centrality_document": "records",
    "coalition_document": "records",
    "coalitions": "discourse",
    "plot_centrality": "plots",
    "plot_coalitions": "plots",
    "plot_polarization": "plots",
    "plot_timeline": "plots",
    "polarization": "discourse",
    "polarization_document": "records",
    "stances": "discourse",
    "timeline": "discourse",
    "timeline_document": "records",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
