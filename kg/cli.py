"""The ``kg`` command: a thin click layer over the library.

Each command parses options, makes one library call and prints. Library
errors (``KGError``) become a one-line message and exit code 2; a graph that
fails SHACL validation exits 1.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .build import build as build_graph
from .errors import KGError
from .export import EXPORT_FORMATS, export_graph
from .labels import LabelIndex
from .profile import entity_profile, find_entity, format_profile
from .query import GRAPH_FORMATS, SELECT_FORMATS, format_result, is_update, run_query, run_update
from .stats import class_counts, relation_counts, totals
from .store import MEMORY, KGStore, default_store_path, open_store
from .validate import validate as validate_graph

EXAMPLES = """
\b
Examples:
  kg build                                  build the bundled graph in the default store
  kg query "SELECT ?who ?whom WHERE { ?who kg:lobbies ?whom }"
  kg show "Jensen Huang"                    profile of an actor, by any name (also: kg show هوانج)
  kg stats                                  counts by class and by relation
  kg validate                               SHACL check; exit 1 when the graph does not conform
  kg export --format ttl -o graph.ttl       the whole graph as Turtle
"""


def _store_option(command: Callable) -> Callable:
    return click.option(
        "--store",
        "store_location",
        envvar="KG_STORE",
        metavar="PATH",
        help=f"Store folder, or {MEMORY} for a throwaway in-memory graph "
        f"[env KG_STORE; default {default_store_path()}].",
    )(command)


def _lang_option(command: Callable) -> Callable:
    return click.option(
        "--lang", type=click.Choice(["en", "ar"]), default="en", show_default=True, help="Language of labels."
    )(command)


def _reports_errors(command: Callable) -> Callable:
    """Turn library errors into one line on stderr and the error's exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KGError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(err.exit_code)

    return wrapper


def _open_for_reading(location: str | None) -> KGStore:
    """Open a store to read; the in-memory store is filled with the bundled graph first."""
    if location == MEMORY:
        store = open_store(MEMORY)
        build_graph(store)
        return store
    return open_store(location)


@click.group(epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """A knowledge graph of actors and stances in chip geopolitics.

    Build the bundled graph once with `kg build`, then query it with SPARQL,
    look up actors, count, validate and export. Exit codes: 0 ok, 1 a check
    failed (SHACL), 2 bad input or usage.
    """


@cli.command()
@_store_option
@click.option("--fresh", is_flag=True, help="Empty the store first, dropping data loaded by other commands.")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Curated data folder (curated/entities.yaml, curated/claims/*.yaml, sources/) instead of the bundled one.",
)
@_reports_errors
def build(store_location: str | None, fresh: bool, data_dir: Path | None) -> None:
    """Load the ontology and the curated seed graph into the store.

    Running it twice duplicates nothing; a bad curated entry builds nothing.

    Example: kg build --store ./kg-store
    """
    with open_store(store_location, write=True) as store:
        report = build_graph(store, data_dir, fresh=fresh)
        click.echo(
            f"Built {store.location}: {report.entities} entities, {report.claims} claims, "
            f"{report.sources} sources, {report.triples} triples in {report.graphs} graphs."
        )


@cli.command()
@click.argument("query_text", metavar="QUERY", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(SELECT_FORMATS + GRAPH_FORMATS),
    help="table|csv|tsv|json|xml for SELECT/ASK (default table); turtle|nt|jsonld for CONSTRUCT/DESCRIBE (default turtle).",
)
@_lang_option
@click.option("--update", "allow_update", is_flag=True, help="Allow a SPARQL UPDATE to change the store.")
@_store_option
@_reports_errors
def query(query_text: str | None, query_file, fmt: str | None, lang: str, allow_update: bool, store_location: str | None) -> None:
    """Run a SPARQL query (QUERY, -f FILE, or - for stdin).

    The prefixes kg:, kgr:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, dcterms:,
    foaf:, org:, schema: and sh: are predeclared. Updates are refused unless
    --update is given.

    Example: kg query "SELECT ?company WHERE { kgr:china kg:approves ?company . ?company a kg:Company }"
    """
    if query_file is not None and query_text is not None:
        raise click.UsageError("Give the query either as an argument or with -f FILE, not both.")
    if query_file is not None:
        text = query_file.read()
    elif query_text == "-":
        text = sys.stdin.read()
    elif query_text:
        text = query_text
    else:
        raise click.UsageError("Give a query: kg query 'SELECT ...', kg query -f FILE, or kg query - < FILE.")
    if is_update(text) and allow_update:
        with open_store(store_location, write=True) as store:
            before = len(store)
            run_update(store, text)
            click.echo(f"Update applied: {len(store) - before:+d} triples.")
        return
    store = _open_for_reading(store_location)
    with store:
        result = run_query(store, text)
        labels = LabelIndex(store, lang) if (fmt or "table") == "table" else None
        click.echo(format_result(result, fmt, labels), nl=False)


@cli.command()
@click.argument("entity")
@_lang_option
@_store_option
@_reports_errors
def show(entity: str, lang: str, store_location: str | None) -> None:
    """Profile of one actor, found by label or alias in English or Arabic.

    Prints its type, labels and every relation in and out with the quote,
    the source and whom the text attributes it to.

    Example: kg show "David Sacks"   (or: kg show ساكس --lang ar)
    """
    with _open_for_reading(store_location) as store:
        click.echo(format_profile(entity_profile(store, find_entity(store, entity), lang)), nl=False)


@cli.command()
@_lang_option
@_store_option
@_reports_errors
def stats(lang: str, store_location: str | None) -> None:
    """Counts of entities, claims, sources and triples, by class and by relation.

    Example: kg stats --lang ar
    """
    with _open_for_reading(store_location) as store:
        counts = totals(store)
        click.echo(", ".join(f"{value} {name}" for name, value in counts.items()))
        click.echo("\nBy class:")
        for row in class_counts(store, lang):
            click.echo(f"  {row.count:>6}  {row.label}")
        click.echo("\nBy relation (direct edges, claims):")
        for row in relation_counts(store, lang):
            click.echo(f"  {row.edges:>6} {row.claims:>6}  {row.label}")


@cli.command()
@_store_option
@_reports_errors
def validate(store_location: str | None) -> None:
    """Check the graph against the SHACL shapes; exit 1 and list violations if it does not conform.

    Example: kg validate
    """
    with _open_for_reading(store_location) as store:
        report = validate_graph(store)
    if report.conforms:
        click.echo("The graph conforms to the SHACL shapes.")
        return
    click.echo(f"The graph does not conform: {len(report.violations)} violations.")
    for violation in report.violations:
        path = f" {violation.path}" if violation.path else ""
        click.echo(f"  {violation.severity}: <{violation.focus}>{path}: {violation.message}")
    sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write to FILE instead of stdout.")
@_store_option
@_reports_errors
def export(fmt: str, output: Path | None, store_location: str | None) -> None:
    """Write the whole graph as Turtle or N-Triples (sorted, so exports diff cleanly).

    Example: kg export --format nt -o graph.nt
    """
    with _open_for_reading(store_location) as store:
        text = export_graph(store, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output} ({len(text.encode('utf-8'))} bytes).", err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")
