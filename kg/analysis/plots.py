"""Pictures of analysis results with matplotlib (no display needed): PNG or SVG by the file's extension."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from ..errors import KGError  # noqa: E402

__all__ = ["plot_coalitions", "plot_centrality", "plot_timeline", "plot_polarization"]

_COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"]


def _save(figure, path: Path) -> Path:
    if path.suffix.lower() not in (".png", ".svg"):
        raise KGError(f"--plot {path}: give a .png or .svg file name.")
    figure.tight_layout()
    figure.savefig(path, dpi=120, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    plt.close(figure)
    return path


def plot_coalitions(report, label, path: Path) -> Path:
    """The congruence network (green) and conflict edges (red dashed), nodes coloured by coalition."""
    graph = nx.Graph()
    graph.add_nodes_from(report.congruence.nodes)
    graph.add_nodes_from(report.conflict.nodes)
    positions = nx.spring_layout(nx.compose(report.congruence, report.conflict), seed=42)
    colour = {m: _COLOURS[i % len(_COLOURS)] for i, c in enumerate(report.coalitions) for m in c.members}
    figure, axes = plt.subplots(figsize=(9, 7))
    nx.draw_networkx_edges(report.congruence, positions, ax=axes, edge_color="#2e7d32",
                           width=[1 + d["weight"] for *_, d in report.congruence.edges(data=True)])
    nx.draw_networkx_edges(report.conflict, positions, ax=axes, edge_color="#c62828", style="dashed")
    nodes = list(positions)
    nx.draw_networkx_nodes(graph, positions, nodelist=nodes, node_color=[colour.get(n, "#bbbbbb") for n in nodes], ax=axes)
    nx.draw_networkx_labels(graph, positions, labels={n: label(n) for n in nodes}, font_size=8, ax=axes)
    axes.set_title("Coalitions: green = same stance, red dashed = conflict")
    axes.axis("off")
    return _save(figure, path)


def plot_centrality(rows, label, measure: str, path: Path) -> Path:
    """A bar chart of the top actors."""
    top = rows[:20][::-1]
    figure, axes = plt.subplots(figsize=(8, max(3, len(top) * 0.35)))
    axes.barh([label(a) for a, *_ in top], [v for _, v, _ in top],
              color=["#e15759" if broker else "#4e79a7" for *_, broker in top])
    axes.set_xlabel(f"{measure} centrality (red: broker between coalitions)")
    return _save(figure, path)


def plot_timeline(result, label, path: Path) -> Path:
    """Stances over time: +1 for, -1 against, one row per issue, shifts marked."""
    figure, axes = plt.subplots(figsize=(10, 4))
    for stance in result.stances:
        if stance.claim.start:
            axes.scatter(stance.claim.start, stance.sign, color="#2e7d32" if stance.sign > 0 else "#c62828")
            axes.annotate(label(stance.actor), (stance.claim.start, stance.sign), fontsize=7,
                          xytext=(3, 6 if stance.sign > 0 else -10), textcoords="offset points")
    for shift in result.shifts:
        axes.axvline(shift.after.claim.start, color="#888888", linestyle=":")
    axes.set_yticks([-1, 1], ["against", "for"])
    axes.set_ylim(-1.6, 1.6)
    axes.set_title("Stances over time (dotted: a shift)")
    return _save(figure, path)


def plot_polarization(rows, label, path: Path) -> Path:
    """Opposed-pair share per issue and window."""
    figure, axes = plt.subplots(figsize=(9, 4))
    names = [f"{label(r['issue'])[:30]} · {r['window']}" for r in rows]
    axes.barh(names[::-1], [r["polarization"] for r in rows][::-1], color="#b07aa1")
    axes.set_xlim(0, 1)
    axes.set_xlabel("opposed-pair share")
    return _save(figure, path)
