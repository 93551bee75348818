"""The prefixes predeclared in every query and bound in every export, as plain strings.

Kept apart from ``kg.vocab`` (rdflib namespaces) so that reading the store
(``kg query``, the endpoint's workers) never imports rdflib, whose SPARQL and
plugin machinery take about a tenth of a second to import.
"""

PREFIX_IRIS: dict[str, str] = {
    "kg": "https://w3id.org/chipkg/ontology#",
    "kgr": "https://w3id.org/chipkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""``{prefix: namespace IRI}``, in the order queries and exports declare them."""
