"""kg serve: the SPARQL endpoint, its query workers, Graph Store, entity, claim and source pages and the UI."""

from kg import lazy_exports

_NAMES = {
    "Answer": "jobs",
    "Endpoint": "server",
    "EndpointConfig": "server",
    "Job": "jobs",
    "PoolBusy": "workers",
    "QueryTimeout": "workers",
    "WorkerPool": "workers",
    "bundled_text": "record_page",
    "claim_html": "record_page",
    "entity_html": "entity_page",
    "entity_jsonld": "entity_page",
    "execute": "protocol",
    "negotiate": "protocol",
    "run_update": "workers",
    "serve": "server",
    "source_html": "record_page",
    "static_file": "ui",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
