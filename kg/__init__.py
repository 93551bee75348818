"""A knowledge graph of actors and stances in chip geopolitics.

Library first, one subpackage per part, each importing only the parts below
it: ``kg.store`` (stores, terms, the answer cache), ``kg.model`` (the schema,
the data contract, curation, build, validation, profiles, stats),
``kg.query`` (SPARQL, named queries, result formats), ``kg.network``
(selections, the networkx graph, exports, loads, the HTML view),
``kg.extract`` (text to proposals, ingest and review), ``kg.analysis`` and
``kg.serve``; ``kg.cli`` is a thin click layer on top.
"""

from importlib import import_module

__version__ = "0.1.0"


def lazy_exports(package: str, names: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for a package whose public names live in its modules
    (``{"open_store": "embedded"}``): a name is imported on first use, so importing one module of a
    part does not import every library the part's other modules need (networkx, pyvis, pyshacl)."""

    def __getattr__(name: str):
        if name in names:
            return getattr(import_module(f"{package}.{names[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(names)

    return __getattr__, __dir__
