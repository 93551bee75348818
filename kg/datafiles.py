"""One helper to find the data files that ship inside the package.

Ontology, shapes, curated facts, source texts and named queries are files, not
Python literals; this module is the only place that knows where they live.
"""

from importlib.resources import files
from pathlib import Path
from importlib.resources.abc import Traversable

__all__ = ["ontology_file", "data_path", "read_text"]


def ontology_file(name: str) -> Traversable:
    """A file of ``ontology/`` (installed as ``kg.ontology``), e.g. ``chipkg.ttl``; run from a checkout
    (``python -c "import kg..."`` in its root, where ``kg.ontology`` is not a folder), the checkout's own."""
    try:
        return files("kg.ontology") / name
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "ontology" / name


def data_path(*parts: str) -> Traversable:
    """A file or folder under ``kg/data``, e.g. ``data_path("queries", "lobbying.rq")``."""
    path = files("kg") / "data"
    for part in parts:
        path = path / part
    return path


def read_text(resource: Traversable) -> str:
    """The UTF-8 text of a packaged file."""
    return resource.read_text(encoding="utf-8")
