"""Static files of the query UI (``kg/data/ui``) and the vis-network script from the pyvis package."""

from __future__ import annotations

from importlib.resources import files

from ..datafiles import data_path

__all__ = ["static_file"]

_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".json": "application/json"}


def static_file(name: str) -> tuple[str, bytes] | None:
    """(content type, bytes) of a UI file by its path under /ui/, or None; no path may climb out."""
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    if parts == ["vendor", "vis-network.min.js"]:
        resource = files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    else:
        resource = data_path("ui", *parts)
    if not resource.is_file():
        return None
    suffix = "." + parts[-1].rsplit(".", 1)[-1]
    return _TYPES.get(suffix, "application/octet-stream"), resource.read_bytes()
