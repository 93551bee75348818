"""The names the command line offers as choices, apart from the modules that implement them.

``kg`` reads these to build its options, so that a command imports networkx,
pyvis or pyshacl only when it uses them (``kg show`` starts 0.4 s sooner).
The implementing modules use the same tuples; a test checks they agree.
"""

EXPORT_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld", "xml", "graphml", "gexf", "cyjs", "csv", "nodelink")
"""``kg export --format``: the RDF formats, then the network formats."""

LOAD_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld", "xml")
"""``kg load --format`` (besides ``auto``)."""

SIZE_MEASURES = ("degree", "betweenness", "pagerank")
"""``kg viz --size-by``."""

COLOR_MODES = ("type", "coalition")
"""``kg viz --color-by``."""

CENTRALITY_MEASURES = ("degree", "betweenness", "pagerank", "eigenvector")
"""``kg analyze centrality --measure``."""
