"""The ontology and SHACL shapes, in Turtle; installed as the package data ``kg.ontology``."""
