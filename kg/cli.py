"""The ``kg`` command: a thin click layer over the library.

Each command parses options, makes one library call and prints. Library
errors (``KGError``) become a one-line message and exit code 2; a graph that
fails SHACL validation exits 1.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .store.cache import DiskCache
from .options import CENTRALITY_MEASURES, COLOR_MODES, EXPORT_FORMATS, LOAD_FORMATS, SIZE_MEASURES
from .errors import KGError
from .query.federation import check_remote_targets
from .store.labels import short_name
from .query.run import GRAPH_FORMATS, SELECT_FORMATS, answer_text, is_update, run_update
from .model.contract import hidden_claims
from .store.embedded import MEMORY, KGStore, default_store_path, open_store
from .words import change_in_words, counted, utf8_text

if TYPE_CHECKING:
    from .network.select import Filters

# Commands that need rdflib, networkx, pyvis, pyshacl or the extractor import them when they run:
# kg query reads the store on pyoxigraph alone, and starts without them.

EXAMPLES = """
\b
Examples:
  kg build                                  build the bundled graph in the default store
  kg query "SELECT ?who ?whom WHERE { ?who kg:lobbies ?whom }"
  kg queries                                the named analyst queries; run one with kg query --name NAME
  kg show "Jensen Huang"                    profile of an actor, by any name (also: kg show هوانج)
  kg search jensen                          entities by any name, partial and spelling-tolerant
  kg stats                                  counts by class and by relation
  kg validate                               SHACL check; exit 1 when the graph does not conform
  kg export --format ttl -o graph.ttl       the whole graph as Turtle (also trig nq nt jsonld xml)
  kg export --format gexf --focus Sacks     a neighbourhood for Gephi (also graphml cyjs csv nodelink)
  kg export --all exports/                  every format at once
  kg load colleague.trig                    import RDF made elsewhere, all or nothing
  kg viz --focus "Jensen Huang" --open      the network as an offline HTML page
  kg ingest article.txt --accept-above 0.85 propose claims from a new article; kg review review.yaml
  kg analyze coalitions                     coalitions, conflicts, dual positions (also centrality, timeline, polarization)
  kg serve                                  SPARQL endpoint and query UI at http://127.0.0.1:7878/
"""


def _store_option(command: Callable) -> Callable:
    return click.option(
        "--store",
        "store_location",
        envvar="KG_STORE",
        metavar="PATH|URL",
        help=f"Store folder, {MEMORY} for a throwaway in-memory graph, or a SPARQL server as "
        f"sparql+http://HOST:PORT/sparql[?update=URL&gsp=URL] with credentials in $KG_STORE_CREDENTIALS "
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


def _cache_option(command: Callable) -> Callable:
    return click.option(
        "--cache/--no-cache", "use_cache", default=True, show_default=True, envvar="KG_CACHE",
        help="Answer a repeated question from the answer cache while the on-disk store is unchanged "
             "(kept in $KG_CACHE_DIR, default ~/.cache/kg/answers; KG_CACHE=0 turns it off).",
    )(command)


class _BadOption(click.ClickException):
    """A bad option value found before any work: one line, exit 2."""

    exit_code = 2


def _check_output(ctx, param, value: Path | None) -> Path | None:
    """Refuse an output file whose folder does not exist, before any work."""
    if value is not None:
        _check_output_folder(value, "-o" if param.name == "output" else f"--{param.name.replace('_', '-')}")
    return value


def _check_plot(ctx, param, value: Path | None) -> Path | None:
    """Refuse a plot that cannot be written before any analysis runs."""
    if value is not None:
        if value.suffix.lower() not in (".png", ".svg"):
            raise _BadOption(f"--plot {value}: not a .png or .svg file; name it FILE.png or FILE.svg.")
        _check_output_folder(value, "--plot")
    return value


def _check_output_folder(path: Path, option: str) -> None:
    """A one-line usage error when ``path`` cannot be created: its folder is missing or not a folder."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _BadOption(f"{option} {path}: the folder {folder} does not exist; create it or choose another path.")


def _open_for_reading(location: str | None, keep_answers: bool = False) -> KGStore:
    """Open a store to read; the in-memory store is filled with the bundled graph first. With
    ``keep_answers``, large reads are kept per store version in the user's answer cache (kg.cache)."""
    if location == MEMORY:
        from .model.build import build as build_graph

        store = open_store(MEMORY)
        build_graph(store)
        return store
    store = open_store(location)
    if keep_answers:
        store.answers = DiskCache()
    return store


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
    from .model.build import build as build_graph
    with open_store(store_location, write=True) as store:
        report = build_graph(store, data_dir, fresh=fresh)
        click.echo(
            f"Built {store.location}: {counted(report.entities, 'entity')}, {counted(report.claims, 'claim')}, "
            f"{counted(report.sources, 'source')}, {counted(report.triples, 'triple')} in {counted(report.graphs, 'graph')}."
        )


@cli.command()
@click.argument("query_text", metavar="QUERY", required=False)
@click.option("-f", "--file", "query_file", type=click.File("rb"), help="Read the query from a file (UTF-8).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(SELECT_FORMATS + GRAPH_FORMATS),
    help="table|csv|tsv|json|xml for SELECT/ASK (default table); turtle|nt|jsonld for CONSTRUCT/DESCRIBE (default turtle).",
)
@_lang_option
@click.option("--update", "allow_update", is_flag=True, help="Allow a SPARQL UPDATE to change the store.")
@click.option("--name", "query_name", metavar="NAME", help="Run a named analyst query (see kg queries).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the named query; repeatable.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST[:PORT]",
              help="Let SERVICE clauses and LOAD reach this host; repeatable. Off by default, so that a query "
                   "file from elsewhere makes no request.")
@_cache_option
@_store_option
@_reports_errors
def query(query_text: str | None, query_file, fmt: str | None, lang: str, allow_update: bool,
          query_name: str | None, params: tuple[str, ...], allow_service: tuple[str, ...], use_cache: bool,
          store_location: str | None) -> None:
    """Run a SPARQL query (QUERY, -f FILE, - for stdin, or --name NAME).

    The prefixes kg:, kgr:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, dcterms:,
    foaf:, org:, schema: and sh: are predeclared. Updates are refused unless
    --update is given. Named queries take --param values, which are bound,
    never pasted into the query.

    Example: kg query "SELECT ?company WHERE { kgr:china kg:approves ?company . ?company a kg:Company }"
    """
    given = [x for x in (query_text, query_file, query_name) if x is not None]
    if len(given) > 1:
        raise click.UsageError("Give one query: an argument, -f FILE or --name NAME.")
    if params and query_name is None:
        raise click.UsageError("--param goes with --name NAME.")
    if query_name is not None:
        pairs = {}
        for param in params:
            key, sep, value = param.partition("=")
            if not sep:
                raise click.UsageError(f"--param {param!r} needs the form KEY=VALUE.")
            pairs[key] = value
        from .query.named import bind_params, named_query

        store = _open_for_reading(store_location, use_cache)
        with store:
            named = named_query(query_name)
            answer = answer_text(store, named.text, bind_params(store, named, pairs), fmt, lang)
            _warn_if_cut(store)
            click.echo(answer, nl=False)
        return
    if query_file is not None:
        text = _query_text(query_file.read(), query_file.name)
    elif query_text == "-":
        text = _query_text(sys.stdin.buffer.read(), "<stdin>")
    elif query_text:
        text = query_text
    else:
        raise click.UsageError("Give a query: kg query 'SELECT ...', kg query -f FILE, or kg query - < FILE.")
    check_remote_targets(text, allow_service)
    if is_update(text) and allow_update:
        with open_store(store_location, write=True) as store:
            before = len(store)
            run_update(store, text)
            click.echo(f"Update applied: {change_in_words(len(store) - before)}.")
        return
    store = _open_for_reading(store_location, use_cache)
    with store:
        answer = answer_text(store, text, None, fmt, lang)
        _warn_if_cut(store)
        click.echo(answer, nl=False)


def _query_text(raw: bytes, name: str) -> str:
    """A query file's text, or a one-line error for a binary or non-UTF-8 file."""
    return utf8_text(raw, name, "a SPARQL query", _BadOption)


def _plots():
    """The plotting module, imported on first use: matplotlib takes most of a second to import."""
    from .analysis import plots

    return plots


def _warn_if_cut(store) -> None:
    """Say so when a SPARQL server cut the results at its row limit (Virtuoso sends X-SPARQL-MaxRows)."""
    if getattr(store, "truncated", False):
        click.echo("Warning: the SPARQL server cut these results at its row limit; add LIMIT/OFFSET to page "
                   "through them, or raise the limit on the server.", err=True)


@cli.command()
@click.argument("entity")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Claims shown each way (0 for all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for reading, json (the profile with IRIs) for scripts.")
@_lang_option
@_store_option
@_reports_errors
def show(entity: str, limit: int, fmt: str, lang: str, store_location: str | None) -> None:
    """Profile of one actor, found by label or alias in English or Arabic.

    Prints its type, labels and every relation in and out with the quote,
    the source and whom the text attributes it to.

    Example: kg show "David Sacks"   (or: kg show ساكس --lang ar)
    """
    with _open_for_reading(store_location) as store:
        from .model.profile import entity_profile, find_entity

        profile = entity_profile(store, find_entity(store, entity), lang, limit or None)
    if fmt == "json":
        from .model.profile import profile_document

        click.echo(json.dumps(profile_document(profile), ensure_ascii=False, indent=1))
        return
    from .model.profile import format_profile

    click.echo(format_profile(profile), nl=False)


@cli.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Most entities listed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_lang_option
@_store_option
@_reports_errors
def search(text: str, limit: int, fmt: str, lang: str, store_location: str | None) -> None:
    """Find entities by any label or alias, partial and spelling-tolerant, English or Arabic.

    Lists each with its type, the name that matched and its claims out and in, best first.

    Example: kg search jensen   (or: kg search هوانغ, kg search "Jensen Hwang")
    """
    from .model.search import search as find
    with _open_for_reading(store_location) as store:
        found = find(store, text, limit, lang)
    if fmt == "json":
        click.echo(json.dumps([{"iri": str(m.iri), "label": m.label, "type": m.type, "matched": m.name,
                                "score": m.score, "claims_out": m.claims_out, "claims_in": m.claims_in}
                               for m in found], ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo(f"No entity has a name like '{text}'.", err=True)
        sys.exit(1)
    _table([{"entity": m.label, "type": m.type, "matched": m.name, "out": m.claims_out, "in": m.claims_in,
             "id": short_name(m.iri)} for m in found])


@cli.command()
def queries() -> None:
    """List the named analyst queries, with their parameters.

    Example: kg queries   (then: kg query --name two-hops --param actor="David Sacks")
    """
    from .query.named import named_queries

    for named in named_queries():
        click.echo(f"{named.name:<28} {named.title}")
        for param in named.params:
            click.echo(f"{'':<28}   --param {param.name}=… ({param.kind}) {param.description}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for reading, json (the same counts, with IRIs) for scripts.")
@_lang_option
@_store_option
@_reports_errors
def stats(fmt: str, lang: str, store_location: str | None) -> None:
    """Counts of entities, claims, sources and triples, by class and by relation.

    Example: kg stats --lang ar
    """
    with _open_for_reading(store_location) as store:
        from .model.stats import class_counts, relation_counts, totals

        counts = totals(store)
        hidden = len(hidden_claims(store))  # kept so that they are not proposed again, never shown (kg.model.contract)
        if fmt == "json":
            click.echo(json.dumps({**counts, "hidden_claims": hidden,
                                   "classes": [{"iri": str(r.iri), "label": r.label, "count": r.count}
                                               for r in class_counts(store, lang)],
                                   "relations": [{"iri": str(r.iri), "label": r.label, "edges": r.edges, "claims": r.claims}
                                                 for r in relation_counts(store, lang)]}, ensure_ascii=False, indent=1))
            return
        click.echo(", ".join(counted(value, name[:-1] if name != "entities" else "entity") for name, value in counts.items()))
        if hidden:
            click.echo(f"({hidden} rejected or unreviewed claims are kept only so that they are not proposed again.)")
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
    from .model.validate import validate as validate_graph
    show = sys.stderr.isatty()
    with _open_for_reading(store_location) as store:
        report = validate_graph(store, progress=(lambda done, total: click.echo(
            f"\rChecked {done} of {total} nodes", err=True, nl=done == total)) if show else None)
    if report.conforms:
        click.echo("The graph conforms to the SHACL shapes.")
        return
    click.echo(f"The graph does not conform: {counted(len(report.violations), 'violation')}.")
    for violation in report.violations:
        path = f" {violation.path}" if violation.path else ""
        click.echo(f"  {violation.severity}: <{violation.focus}>{path}: {violation.message}")
    sys.exit(1)


def _filter_options(command: Callable) -> Callable:
    """--focus, --hops, --relation, --since, --until: the part of the graph to keep."""
    options = [
        click.option("--focus", metavar="ENTITY", help="Keep this actor (any label or alias) and its neighbourhood."),
        click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True, help="Neighbourhood radius around --focus."),
        click.option("--relation", "relations", multiple=True, metavar="REL",
                     help="Keep only this relation or family (lobbies, supports, conflictual, stance, ...); repeatable."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Keep claims that held on or after this date (YYYY-MM-DD)."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Keep claims that held on or before this date (YYYY-MM-DD)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(focus, hops, relations, since, until, types=(), source=None, min_confidence=None) -> Filters:
    from .network.select import Filters

    return Filters(focus=focus, hops=hops, relations=tuple(relations),
                   since=since.date() if since else None, until=until.date() if until else None,
                   types=tuple(types), source=source, min_confidence=min_confidence)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True,
              help="ttl, trig, nq, nt, jsonld, xml (RDF); graphml, gexf, cyjs, csv, nodelink (networks).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=_check_output,
              help="Write to FILE instead of stdout (csv writes FILE.nodes.csv and FILE.edges.csv).")
@click.option("--all", "all_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Write every format into DIR as graph.<ext>, with the JSON-LD context.")
@_filter_options
@_lang_option
@_store_option
@_reports_errors
def export(fmt, output, all_dir, focus, hops, relations, since, until, lang, store_location) -> None:
    """Write the graph, or the part the filters keep, for other tools (sorted: same graph, same bytes).

    RDF formats keep one named graph per source article where the format has
    graphs (trig, nq, jsonld). Network formats carry entity type, English and
    Arabic labels, relation, stance, claim count, sources and dates.

    Example: kg export --format gexf --focus "David Sacks" --hops 2 -o sacks.gexf
    """
    from .network.export import export_all, export_file, render
    filters = _filters(focus, hops, relations, since, until)
    with _open_for_reading(store_location) as store:
        if all_dir is not None:
            files = export_all(store, all_dir, filters, lang)
            click.echo(f"Wrote {len(files)} files to {all_dir}.", err=True)
            return
        if output is not None:
            for path in export_file(store, fmt, output, filters, lang):
                click.echo(f"Wrote {path} ({path.stat().st_size} bytes).", err=True)
            return
        files = render(store, fmt, filters, lang)
    if len(files) > 1:
        raise click.UsageError(f"--format {fmt} writes {len(files)} files; give -o FILE.")
    sys.stdout.buffer.write(next(iter(files.values())))


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("graph.html"),
              show_default=True, callback=_check_output, help="The HTML file to write.")
@_filter_options
@click.option("--type", "types", multiple=True, metavar="CLASS", help="Keep only entities of this type (Person, Company, ...); repeatable.")
@click.option("--source", metavar="SOURCE", help="Keep only claims from this article (its id or title).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="X", help="Keep only claims at least this confident.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=500, show_default=True, help="Keep at most N entities, the most central.")
@click.option("--size-by", type=click.Choice(SIZE_MEASURES), default="degree", show_default=True, help="What node size shows.")
@click.option("--color-by", type=click.Choice(COLOR_MODES), default="type", show_default=True,
              help="Colour nodes by type, or by the coalition kg analyze coalitions finds.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@_lang_option
@_store_option
@_reports_errors
def viz(output, focus, hops, relations, since, until, types, source, min_confidence, max_nodes, size_by,
        color_by, open_browser, lang, store_location) -> None:
    """Write the network as one self-contained HTML page that works offline.

    Nodes are coloured and shaped by type and sized by centrality; edges are
    coloured by family and stance, and clicking one lists the quotes behind it.

    Example: kg viz --focus "Jensen Huang" --hops 2 --lang ar -o huang.html --open
    """
    from .network.view import write_view
    filters = _filters(focus, hops, relations, since, until, types, source, min_confidence)
    with _open_for_reading(store_location) as store:
        found = None
        if color_by == "coalition":
            from .analysis.discourse import coalitions as find_coalitions

            found = [(c.name, c.members) for c in find_coalitions(store).coalitions]
        view = write_view(store, output, filters, lang, max_nodes, size_by, color_by, found)
    note = f"; {view.left_out} less central entities left out" if view.left_out else ""
    if view.walk_stopped:
        note = (f"; the walk stopped at --max-nodes {max_nodes}: at least {view.left_out} more entities within "
                f"{hops} hops left out")
    click.echo(f"Wrote {output}: {counted(view.nodes, 'entity')}, {counted(view.edges, 'edge')}, "
               f"{counted(view.claims, 'claim')}{note}.")
    if not view.nodes:
        click.echo("Warning: no relation passes these filters, so the page is empty (it says so); widen the filters "
                   "or drop --focus.", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; 0.0.0.0 opens it to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0 picks a free one).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True, help="Rows (or triples) a result is cut at.")
@click.option("--max-body", type=click.IntRange(min=1024), default=1 << 20, show_default=True, help="Largest request body in bytes (413 above).")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True, help="Query worker processes.")
@click.option("--cache-mib", type=click.IntRange(min=0), default=256, show_default=True,
              help="MiB of answers kept in memory while the store is unchanged (0 keeps none).")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL updates and Graph Store writes that carry the token.")
@click.option("--token", envvar="KG_TOKEN", metavar="TOKEN", help="Bearer token for updates [env KG_TOKEN].")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN", help="Allow browser pages from this origin; repeatable.")
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (a name the server is reached by); repeatable. "
                   "Others get 421, which stops DNS rebinding.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST[:PORT]",
              help="Let SERVICE clauses (and LOAD, with the token) reach this endpoint host; repeatable. "
                   "Off by default: the server contacts no other address on a caller's behalf.")
@click.option("--quiet", is_flag=True, help="No access log (otherwise a line per request on stderr: path, status, size, time).")
@_store_option
@_reports_errors
def serve(host, port, timeout, max_rows, max_body, workers, cache_mib, allow_update, token, cors, allow_host,
          allow_service, quiet, store_location) -> None:
    """Serve the graph over HTTP: SPARQL 1.1 Protocol at /sparql, Graph Store at /rdf-graphs,
    entity pages at /entity/ID and a query UI at /.

    Read-only unless --allow-update and a token are given; every query runs in
    a worker process that is stopped at --timeout.

    Example: kg serve --port 7878   (then open http://127.0.0.1:7878/)
    """
    from .serve.server import EndpointConfig, serve as run_server
    config = EndpointConfig(store=store_location, timeout=timeout, max_rows=max_rows, allow_update=allow_update,
                            token=token, cors=list(cors), max_body=max_body, workers=workers,
                            cache_bytes=cache_mib * 1024 * 1024, allow_service=list(allow_service),
                            allow_hosts=list(allow_host))
    run_server(config, host, port, announce=lambda line: click.echo(line, err=False),
               access_log=None if quiet else lambda line: click.echo(line, err=True))


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE... | DIR | -")
@click.option("--lang", type=click.Choice(["auto", "ar", "en"]), default="auto", show_default=True, help="Language of the articles.")
@click.option("--title", help="Title of the article (default: the HTML title or its first line).")
@click.option("--source-url", metavar="URL", help="Where the article was published.")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE", help="Publication date, YYYY-MM-DD.")
@click.option("--publisher", metavar="NAME", help="Publisher (an entity of the graph, or a name).")
@click.option("--review", "review_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("review.yaml"),
              show_default=True, help="YAML file the proposals go to for review.")
@click.option("--accept-above", type=click.FloatRange(0, 1), metavar="CONFIDENCE",
              help="Enter proposals at least this confident directly (method rule, status accepted); "
                   "hypothetical ones always go to review.")
@click.option("--again", is_flag=True, help="Extract again from articles already ingested (skipping decided claims).")
@click.option("--parse/--no-parse", default=True, show_default=True,
              help="Read English through spaCy's dependency parse (else, or without spaCy, with the rules only).")
@_store_option
@_reports_errors
def ingest(inputs, lang, title, source_url, published, publisher, review_file, accept_above, again, parse,
           store_location) -> None:
    """Read new articles (Arabic or English, text or HTML), record their sources and propose claims.

    Proposals go to a review file unless --accept-above enters them. An
    article already ingested (same content or URL) adds nothing.

    Example: kg ingest articles/ --review today.yaml --accept-above 0.85
    """
    from .extract.ingest import article_inputs, check_url, ingest as ingest_articles
    if source_url is not None:
        check_url(source_url)
    articles = article_inputs(list(inputs))
    show = sys.stderr.isatty() and len(articles) > 1
    with open_store(store_location, write=True) as store:
        with click.progressbar(length=len(articles), label="Ingesting", file=sys.stderr) if show else _no_bar() as bar:
            report = ingest_articles(store, articles, lang=lang, title=title, url=source_url,
                                     published=published.date() if published else None, publisher=publisher,
                                     accept_above=accept_above, review_file=review_file, again=again,
                                     progress=bar.update if show else None, parse=parse)
    for result in report.files:
        if result.error:
            click.echo(f"Error: {result.error}", err=True)
        elif result.skipped:
            click.echo(f"{result.name}: {result.skipped}; nothing new.")
        else:
            click.echo(f"{result.name}: {counted(result.proposed, 'proposal')}, {result.accepted} accepted, "
                       f"{result.proposed - result.accepted} to review in {report.review_file} ({result.source}); "
                       f"read with {result.reader}.")
    if report.failed:
        sys.exit(2)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--accept-all", is_flag=True, help="Accept every pending proposal.")
@click.option("--reject-all", is_flag=True, help="Reject every pending proposal (they will not be proposed again).")
@_store_option
@_reports_errors
def review(file, accept_all, reject_all, store_location) -> None:
    """Enter the proposals marked accept in a review file; remember the rejected ones.

    Example: kg review today.yaml   (or --accept-all / --reject-all in scripts)
    """
    from .extract.ingest import review as review_file_apply
    with open_store(store_location, write=True) as store:
        report = review_file_apply(store, file, accept_all=accept_all, reject_all=reject_all)
    for entry in report.shown:
        click.echo(f"[{entry['decision']}] {entry['subject']} —{entry['relation']}→ {entry['object']}  "
                   f"(confidence {entry['confidence']})")
        click.echo(f"    {entry.get('marked') or entry['quote']}")
    click.echo(f"{report.accepted} accepted, {report.rejected} rejected, {report.pending} still pending in {file}.")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", *LOAD_FORMATS]), default="auto", show_default=True,
              help="Format of every FILE; auto guesses from each extension.")
@click.option("--graph", metavar="IRI", help="Named graph for triples outside any graph (default: the default graph; "
              "on a SPARQL server, https://w3id.org/chipkg/id/graph/loaded).")
@_store_option
@_reports_errors
def load(files: tuple[Path, ...], fmt: str, graph: str | None, store_location: str | None) -> None:
    """Import RDF files into the store, all or nothing, streaming large files through the bulk loader.

    Example: kg load colleague.trig wikidata.nt --graph https://example.org/graph/wikidata
    """
    from .network.load import load_files

    total = sum(path.stat().st_size for path in files if path.is_file())
    show_progress = sys.stderr.isatty()
    with open_store(store_location, write=True) as store:
        with click.progressbar(length=total, label="Loading", file=sys.stderr) if show_progress else _no_bar() as bar:
            report = load_files(store, list(files), fmt, graph, progress=bar.update if show_progress else None,
                                on_batch=None if show_progress else _report_batch)
    click.echo(f"Loaded {report.files} file{'s' if report.files != 1 else ''}: "
               f"{counted(report.parsed, 'triple')} read, {report.new} new.")


def _report_batch(batches: int, triples: int) -> None:
    """A line per batch sent to a SPARQL server, so a long load shows where it is."""
    click.echo(f"Sent batch {batches}: {triples} triples staged.", err=True)


class _no_bar:
    """Stands in for a progress bar when output is not a terminal."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


@cli.group()
def analyze() -> None:
    """Stance analysis: coalitions, centrality and brokers, timelines and shifts, polarization.

    Example: kg analyze coalitions --plot coalitions.png
    """


def _analysis_output(command: Callable) -> Callable:
    for option in reversed([
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
                     help="table for reading; csv (one table, a section column) or json (sections of records, "
                          "labels with IRIs) for scripts."),
        click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.png|FILE.svg",
                     callback=_check_plot, help="Also draw the result with matplotlib."),
    ]):
        command = option(command)
    return command


def _table(rows: list[dict], title: str = "") -> None:
    """Print rows as an aligned table (lists joined by "; ")."""
    if title:
        click.echo(title)
    if not rows:
        click.echo("(nothing)")
        return
    columns = list(rows[0])
    cells = [[("; ".join(map(str, v)) if isinstance(v, list) else str(v)) for v in row.values()] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def _machine_readable(document: dict, fmt: str) -> bool:
    """Print ``document`` as JSON or CSV (kg.analysis_records.as_csv) and say so; False for the table."""
    from .analysis.records import as_csv

    if fmt == "json":
        click.echo(json.dumps(document, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(as_csv(document), nl=False)
    return fmt != "table"


@analyze.command()
@click.option("--issue", metavar="ISSUE", help="Only stances on this policy or issue (and its contrary), "
              "and the conflicts and dual positions of the actors who take them.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only claims that held on or after this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only claims that held on or before this date.")
@_analysis_output
@_lang_option
@_cache_option
@_store_option
@_reports_errors
def coalitions(issue, since, until, fmt, plot, lang, use_cache, store_location) -> None:
    """Coalitions of actors who take the same stance on the same issues, conflicts, and dual positions.

    Example: kg analyze coalitions --issue "export controls"
    """
    from .analysis import discourse as analysis
    from .analysis.records import coalition_document
    with _open_for_reading(store_location, use_cache) as store:
        report = analysis.coalitions(store, issue, since.date() if since else None, until.date() if until else None)
        labels = analysis.label_all(store, lang)
    from rdflib import URIRef

    label = lambda iri: labels.label(URIRef(iri))  # noqa: E731
    document = coalition_document(report, label)
    if not _machine_readable(document, fmt):
        _table([{"coalition": c["coalition"], "line": c["line"], "members": c["members"], "claims": c["claims"]}
                for c in document["coalitions"]],
               "Coalitions (communities of the congruence network: same stance on the same issue):")
        conflicts = document["conflicts"]
        click.echo(f"\nConflicts ({len(conflicts)}): " + "; ".join(f"{c['actor']} × {c['other']}" for c in conflicts))
        for dual in document["dual_positions"]:
            summary = ", ".join(sorted({f"{e['relation']} {e['object']}" for e in dual["evidence"]}))
            click.echo(f"\nDual position: {dual['actor']} both cooperates with and acts against the same company "
                       f"or its products: {summary}.")
    if plot:
        click.echo(f"Drew {_plots().plot_coalitions(report, label, plot)}.", err=True)


@analyze.command()
@click.option("--measure", type=click.Choice(CENTRALITY_MEASURES), default="degree", show_default=True)
@click.option("--relation", "relations", multiple=True, metavar="REL", help="Only this relation or family; repeatable.")
@_analysis_output
@_lang_option
@_cache_option
@_store_option
@_reports_errors
def centrality(measure, relations, fmt, plot, lang, use_cache, store_location) -> None:
    """Actors ranked by centrality on the network of direct edges; brokers between coalitions called out.

    Example: kg analyze centrality --measure betweenness
    """
    from .analysis import discourse as analysis
    from .analysis.records import centrality_document
    with _open_for_reading(store_location, use_cache) as store:
        ranked = analysis.centrality(store, measure, tuple(relations))
        labels = analysis.label_all(store, lang)
    from rdflib import URIRef

    label = lambda iri: labels.label(URIRef(iri))  # noqa: E731
    document = centrality_document(ranked, measure, label)
    if not _machine_readable(document, fmt):
        _table([{"rank": r["rank"], "actor": r["actor"], measure: r["value"], "broker": "broker" if r["broker"] else ""}
                for r in document["actors"]])
    if plot:
        click.echo(f"Drew {_plots().plot_centrality(ranked, label, measure, plot)}.", err=True)


@analyze.command()
@click.argument("actor", required=False)
@click.option("--issue", metavar="ISSUE", help="An issue's timeline instead of an actor's.")
@_analysis_output
@_lang_option
@_cache_option
@_store_option
@_reports_errors
def timeline(actor, issue, fmt, plot, lang, use_cache, store_location) -> None:
    """An actor's claims (with its offices and administrations) or an issue's, in time order, and the shifts.

    Example: kg analyze timeline "United States"   (or: --issue "H200 sales")
    """
    from .analysis import discourse as analysis
    from .analysis.records import timeline_document
    if actor and issue:
        raise click.UsageError("Give an actor or --issue, not both.")
    with _open_for_reading(store_location, use_cache) as store:
        result = analysis.timeline(store, actor, issue)
        labels = analysis.label_all(store, lang)
    from rdflib import URIRef

    label = lambda iri: labels.label(URIRef(iri))  # noqa: E731
    document = timeline_document(result, label)
    if not _machine_readable(document, fmt):
        _table([{"date": c["date"], "actor": c["actor"], "relation": c["relation"], "object": c["object"],
                 "stance": c["stance"], "claim": short_name(c["claim_iri"])} for c in document["claims"]])
        for shift in document["shifts"]:
            before, after = shift["before"], shift["after"]
            click.echo(f"\nShift: {shift['actor']} on {shift['issue']}: "
                       f"{before['side']} ({before['actor']}, {before['date']}, {short_name(before['claim_iri'])}) → "
                       f"{after['side']} ({after['actor']}, {after['date']}, {short_name(after['claim_iri'])}).")
        if not document["shifts"]:
            click.echo("\nNo shift.")
    if plot:
        click.echo(f"Drew {_plots().plot_timeline(result, label, plot)}.", err=True)


@analyze.command()
@click.option("--issue", metavar="ISSUE", help="Only this policy or issue.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="One window from this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="One window up to this date.")
@_analysis_output
@_lang_option
@_cache_option
@_store_option
@_reports_errors
def polarization(issue, since, until, fmt, plot, lang, use_cache, store_location) -> None:
    """Polarization per issue and time window, as the opposed-pair share.

    Method: among the actors with a stance on the issue in the window (their
    stances summed), the share of pairs on opposite sides: 0 is consensus,
    1 is two camps of one actor each; an even split of many actors nears 0.5.

    Example: kg analyze polarization --issue "Selling US AI chips to China"
    """
    from .analysis import discourse as analysis
    from .analysis.records import polarization_document
    with _open_for_reading(store_location, use_cache) as store:
        rows = analysis.polarization(store, issue, since.date() if since else None, until.date() if until else None)
        labels = analysis.label_all(store, lang)
    from rdflib import URIRef

    label = lambda iri: labels.label(URIRef(iri))  # noqa: E731
    document = polarization_document(rows, label)
    if not _machine_readable(document, fmt):
        _table([{"issue": r["issue"], "window": r["window"], "actors": r["actors"], "polarization": r["polarization"],
                 "for": r["for"], "against": r["against"]} for r in document["issues"]],
               "Polarization (method: opposed-pair share of actors with a stance):")
    if plot:
        click.echo(f"Drew {_plots().plot_polarization(rows, label, plot)}.", err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")
