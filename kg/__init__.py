"""A knowledge graph of actors and stances in chip geopolitics.

Library first: ``kg.store`` opens stores, ``kg.build`` loads the ontology and
the curated data, ``kg.query`` runs SPARQL; ``kg.cli`` is a thin click layer.
"""

__version__ = "0.1.0"
