"""SPARQL for analysts: running queries, named queries, result formats, and which endpoints a query may reach."""

from kg import lazy_exports

_NAMES = {
    "FORMAT_NAMES": "results",
    "GRAPH_FORMATS": "run",
    "GRAPH_TYPES": "results",
    "NamedQuery": "named",
    "Param": "named",
    "SELECT_FORMATS": "run",
    "SELECT_TYPES": "results",
    "ServiceRefused": "federation",
    "UnknownQuery": "named",
    "answer_text": "run",
    "bind_params": "named",
    "check_remote_targets": "federation",
    "format_result": "run",
    "is_select": "run",
    "is_update": "run",
    "named_queries": "named",
    "named_query": "named",
    "remote_targets": "federation",
    "run_query": "run",
    "run_update": "run",
    "write_boolean": "results",
    "write_solutions": "results",
    "write_triples": "results",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
