"""The part of the graph an analyst asks for, as a networkx graph, exports, loads and the HTML view."""

from kg import lazy_exports

_NAMES = {
    "COLOR_MODES": "view",
    "ClaimRecord": "select",
    "EXTENSIONS": "load",
    "FORMATS": "export",
    "Filters": "select",
    "LOAD_FORMATS": "load",
    "LoadReport": "load",
    "NETWORK_FORMATS": "export",
    "RDF_FORMATS": "export",
    "REMOTE_DEFAULT_GRAPH": "load",
    "SIZE_MEASURES": "view",
    "View": "view",
    "ViewTooLarge": "view",
    "build_network": "graph",
    "check_prolog": "xml_prolog",
    "claim_records": "select",
    "detect_format": "load",
    "export_all": "export",
    "export_file": "export",
    "find_source": "select",
    "guarded_rdfxml": "xml_prolog",
    "json_for_html": "view",
    "jsonld_context": "export",
    "load_files": "load",
    "node_id": "graph",
    "parse_relations": "select",
    "render": "export",
    "render_view": "view",
    "select_claims": "select",
    "select_nearest": "select",
    "selected_quads": "export",
    "type_name": "select",
    "write_export": "export",
    "write_network": "export",
    "write_rdf": "export",
    "write_view": "view",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
