"""``kg serve``: the SPARQL 1.1 Protocol endpoint, the Graph Store Protocol, entity pages and the query UI.

A WSGI application served by waitress (a production, multi-threaded server).
Queries run in a pool of killable worker processes (``kg.workers``) so a
query past the time limit is stopped while other requests are answered.
Updates are refused unless the server was started with ``--allow-update``
and the request carries ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import io
import json
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote

import pyoxigraph as ox
from rdflib import URIRef

from ..store.cache import MemoryCache, answer_key, store_version
from ..errors import KGError, StoreInUse, one_line
from ..query.federation import ServiceRefused, check_remote_targets
from ..store.syntax import check_depth
from ..network.xml_prolog import guarded_rdfxml
from .protocol import negotiate
from ..store.remote import is_remote
from ..store.embedded import MEMORY, KGStore, open_store
from ..words import change_in_words
from ..vocab import KGR
from .jobs import Answer, Job
from .workers import PoolBusy, QueryTimeout, WorkerPool, run_update

__all__ = ["EndpointConfig", "Endpoint", "serve"]

_TEXT = "text/plain; charset=utf-8"
_REASONS = {421: "Misdirected Request", 200: "OK", 204: "No Content", 303: "See Other", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
            413: "Payload Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
            500: "Internal Server Error", 503: "Service Unavailable"}
_RDF_PARSE = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
              "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML,
              "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG}


@dataclass
class EndpointConfig:
    """How the endpoint behaves; every limit has a safe default."""

    store: str | None = None
    timeout: float = 30.0
    max_rows: int = 10_000
    allow_update: bool = False
    token: str | None = None
    cors: list[str] = field(default_factory=list)
    max_body: int = 1 << 20
    workers: int = 4
    reload_seconds: float = 5.0
    cache_bytes: int = 256 * 1024 * 1024  # answers kept per store version (kg.cache); 0 keeps none
    allow_service: list[str] = field(default_factory=list)  # hosts SERVICE and LOAD may reach (kg.federation)
    allow_hosts: list[str] = field(default_factory=list)  # Host names answered besides the bound ones (--allow-host)


VERSION_TTL = 0.005
"""Seconds a read of the store's version serves requests: a cache hit then costs no directory scan."""

_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
_HTML_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
_DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"


class _Response(Exception):
    """An answer raised from deep inside a handler."""

    def __init__(self, status: int, body: str | bytes, content_type: str = _TEXT, headers: dict | None = None):
        super().__init__(status)
        self.status, self.content_type, self.headers = status, content_type, headers or {}
        self.body = body.encode("utf-8") if isinstance(body, str) else body


class Endpoint:
    """The WSGI application: call it with (environ, start_response)."""

    def __init__(self, config: EndpointConfig) -> None:
        if config.allow_update and not config.token:
            raise KGError("--allow-update needs --token TOKEN (or KG_TOKEN) so that only holders of the token can write.")
        self.hosts: list[str] | None = None  # the Host names answered, from the bound address (serve() sets it); None: any
        self.access_log = None  # a callable taking one line per request, set by serve()
        self.config = config
        self._temporary: str | None = None
        location = config.store
        if location == MEMORY:
            from ..model.build import build

            self._temporary = tempfile.mkdtemp(prefix="kg-serve-")
            location = str(Path(self._temporary) / "store")
            with open_store(location, write=True) as store:
                build(store)
        probe = open_store(location)  # fails early, with kg build's hint, when there is no store
        self.location = probe.location
        probe.close()
        self._write_lock = threading.Lock()
        self._generation = 0
        self._version: tuple[float, int, str | None] = (float("-inf"), -1, None)  # (when read, generation, version)
        self._answers = MemoryCache(config.cache_bytes) if config.cache_bytes and not is_remote(self.location) else None
        self.pool = WorkerPool(self.location, size=config.workers, timeout=config.timeout,
                               reload_seconds=config.reload_seconds)

    def close(self) -> None:
        """Stop the workers and release the store."""
        self.pool.close()
        if self._temporary:
            shutil.rmtree(self._temporary, ignore_errors=True)

    # WSGI

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        try:
            self._check_host(environ)
            status, content_type, body, headers = self._route(environ)
        except _Response as answer:
            status, content_type, body, headers = answer.status, answer.content_type, answer.body, answer.headers
        except Exception as err:  # a bug must not take the server down; say what happened
            status, content_type, body, headers = 500, _TEXT, f"Internal error: {type(err).__name__}: {one_line(err)}\n".encode(), {}
        headers = {**_SECURITY_HEADERS, "Content-Security-Policy": _HTML_POLICY if content_type.startswith("text/html")
                   else _DATA_POLICY, **headers}
        headers.update(self._cors(environ))
        response_headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        response_headers += list(headers.items())
        start_response(f"{status} {_REASONS.get(status, '')}", response_headers)
        if self.access_log is not None:  # path only: query strings hold queries, headers hold tokens
            self.access_log(f'{environ.get("REMOTE_ADDR", "-")} "{environ.get("REQUEST_METHOD")} '
                            f'{_path(environ)}" {status} {len(body)} B '
                            f'{(time.perf_counter() - started) * 1000:.1f} ms')
        return [body] if environ.get("REQUEST_METHOD") != "HEAD" else [b""]

    def _check_host(self, environ) -> None:
        """Answer only the names the server is bound to: a page that rebinds its own domain to 127.0.0.1
        (DNS rebinding) sends its own name as Host, and gets 421."""
        if self.hosts is None:
            return
        given = (environ.get("HTTP_HOST") or "").strip().lower()
        name = given.rsplit(":", 1)[0] if not given.endswith("]") else given
        name = name.strip("[]")
        if name not in self.hosts:
            raise _Response(421, f"This server answers for {', '.join(self.hosts)}, not "
                                 f"{given[:100] or 'a request without Host'}; start it with --allow-host NAME to add one.\n")

    def _cors(self, environ) -> dict[str, str]:
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin in self.config.cors:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization"}
        return {}

    def _route(self, environ):
        path = _path(environ)
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "OPTIONS":
            return 204, _TEXT, b"", {}
        if path == "/sparql":
            return self._sparql(environ, method)
        if path == "/rdf-graphs":
            return self._graph_store(environ, method)
        if path.startswith("/entity/"):
            return self._entity(environ, path[len("/entity/"):])
        if path.startswith(("/id/claim/", "/id/source/")):
            return self._record_page(environ, path[len("/id/"):])
        if path.startswith("/id/"):
            slug = path[len("/id/"):]
            return 303, _TEXT, b"", {"Location": f"/entity/{quote(slug)}"}
        if path == "/ui/labels.json":
            return self._labels(environ)
        if path == "/ui/queries.json":
            from ..query.named import named_queries

            listing = [{"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                        "params": [p.name for p in q.params]} for q in named_queries()]
            return 200, "application/json", json.dumps(listing, ensure_ascii=False).encode("utf-8"), {}
        if path == "/" or path.startswith("/ui/"):
            from .ui import static_file

            found = static_file("index.html" if path == "/" else path[len("/ui/"):])
            if found is None:
                raise _Response(404, f"Nothing at {path}.\n")
            return 200, found[0], found[1], {"Cache-Control": "max-age=3600"}
        raise _Response(404, f"Nothing at {path}. Try /sparql, /rdf-graphs, /entity/ID or /.\n")

    # Reading the request

    def _body(self, environ) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.config.max_body:
            raise _Response(413, f"The request body is {length} bytes; the limit is {self.config.max_body}.\n")
        return environ["wsgi.input"].read(length) if length else b""

    def _params(self, environ, method) -> tuple[dict[str, list[str]], bytes, str]:
        query_string = environ.get("QUERY_STRING", "")
        if len(query_string) > self.config.max_body:
            raise _Response(414, f"The query string is {len(query_string)} bytes; the limit is {self.config.max_body}. Use POST.\n")
        params = parse_qs(query_string, keep_blank_values=True)
        body = b""
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if method in ("POST", "PUT"):
            body = self._body(environ)
            if method == "POST" and content_type == "application/x-www-form-urlencoded":
                for key, values in parse_qs(_utf8(body), keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
        return params, body, content_type

    # /sparql

    def _sparql(self, environ, method):
        if method not in ("GET", "POST", "HEAD"):
            raise _Response(405, "Use GET or POST on /sparql.\n", headers={"Allow": "GET, POST"})
        params, body, content_type = self._params(environ, method)
        if method == "POST" and content_type == "application/sparql-query":
            params["query"] = [_utf8(body)]
        elif method == "POST" and content_type == "application/sparql-update":
            params["update"] = [_utf8(body)]
        elif method == "POST" and content_type not in ("application/x-www-form-urlencoded", ""):
            raise _Response(415, f"POST a query as application/sparql-query, an update as application/sparql-update, "
                                 f"or either as a form; got {content_type}.\n")
        from ..query.run import is_update

        if "update" not in params and "query" not in params:
            return self._service_description(environ)
        text = params["update"][0] if "update" in params else params["query"][0]
        if "update" in params or is_update(text):
            if method != "POST":
                raise _Response(405, "Send updates with POST: the SPARQL protocol takes no update by GET.\n",
                                headers={"Allow": "POST"})
            return self._update(environ, text)
        self._check_federation(text)
        try:
            check_depth(text)
        except KGError as err:
            raise _Response(400, f"{err}\n") from err
        job = Job(query=text, accept=environ.get("HTTP_ACCEPT", "*/*"), format=(params.get("format") or [None])[0],
                  default_graphs=params.get("default-graph-uri", []), named_graphs=params.get("named-graph-uri", []),
                  max_rows=self.config.max_rows, generation=self._generation)
        key = None
        job.version = self._store_version()  # a worker reopens the store only when this changes
        if self._answers is not None:
            key = answer_key(self.location, job.version, "sparql", job.query, job.accept, job.format,
                             job.default_graphs, job.named_graphs, job.max_rows)
            kept = self._answers.get(key)
            if kept is not None:
                return kept.status, kept.content_type, kept.body, {**kept.headers, "X-KG-Cache": "hit"}
        answer = self._run(job)
        if key is not None and answer.status == 200 and answer.version == job.version:
            self._answers.put(key, answer, len(answer.body))  # only answers of the version asked about
        return answer.status, answer.content_type, answer.body, answer.headers

    def _store_version(self) -> str | None:
        """The store's version (kg.cache), read from its folder at most every ``VERSION_TTL`` seconds: a
        write by another process is seen that much later, a write through this server at once."""
        if is_remote(self.location):
            return None  # a server's data has no version here: workers reopen on a timer
        read_at, generation, version = self._version
        now = time.monotonic()
        if now - read_at > VERSION_TTL or generation != self._generation:
            generation = self._generation  # before the read: a write finishing meanwhile makes it stale at once
            version = store_version(self.location)
            self._version = (now, generation, version)
        return version

    def _run(self, job: Job) -> Answer:
        """A worker's answer to ``job``; 503 when it ran past the time limit or no worker came free."""
        try:
            return self.pool.run(job)
        except QueryTimeout as err:
            raise _Response(503, f"Query stopped: {err}. Narrow it (LIMIT, filters) or ask for a longer --timeout.\n") from err
        except PoolBusy as err:
            raise _Response(503, f"Server busy: {err}. Try again shortly.\n",
                            headers={"Retry-After": str(max(1, round(self.pool.wait)))}) from err

    def _authorized(self, environ) -> None:
        if not self.config.allow_update:
            raise _Response(403, "Updates are disabled on this endpoint; start it with "
                                 "kg serve --allow-update --token TOKEN to accept them.\n")
        given = environ.get("HTTP_AUTHORIZATION", "")
        expected = f"Bearer {self.config.token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise _Response(401, "This update needs the header Authorization: Bearer TOKEN.\n",
                            headers={"WWW-Authenticate": 'Bearer realm="kg"'})

    def _check_federation(self, text: str) -> None:
        """403 for a SERVICE or LOAD to a host the operator has not allowed (kg.federation)."""
        try:
            check_remote_targets(text, self.config.allow_service)
        except ServiceRefused as err:
            raise _Response(403, f"{err}\n") from err

    def _update(self, environ, text: str):
        self._authorized(environ)
        self._check_federation(text)
        with self._write_lock:
            if is_remote(self.location):
                with self._open_writer() as writer:
                    before = len(writer)
                    try:
                        writer.update(text)
                    except KGError as err:
                        raise _Response(400, f"{err}\n") from err
                    outcome = ("ok", before, len(writer))
            else:  # in a process of its own, stopped at --timeout with nothing changed
                try:
                    outcome = run_update(self.location, text, self.config.timeout)
                except QueryTimeout as err:
                    raise _Response(503, f"Update stopped: {err}. Split it, or ask for a longer --timeout.\n") from err
            if outcome[0] == "error":
                if outcome[1] == "StoreInUse":
                    raise _Response(503, f"{outcome[2]}\n", headers={"Retry-After": "5"})
                raise _Response(400 if outcome[1] in ("QuerySyntaxError", "QueryFailed") else 500, f"{outcome[2]}\n")
            self._generation += 1
            # this server's own write: _store_version sees the generation change and reads the new version
        return 200, _TEXT, f"Update applied: {change_in_words(outcome[2] - outcome[1])}.\n".encode(), {}

    @contextlib.contextmanager
    def _open_writer(self):
        """The store opened to write for one request: the lock is held only while the write runs, so the
        CLI can write between requests. Another writer holding it is a 503 with Retry-After."""
        try:
            writer = open_store(self.location, write=True)
        except StoreInUse as err:
            raise _Response(503, f"{err}\n", headers={"Retry-After": "5"}) from err
        try:
            yield writer
        finally:
            writer.close()

    def _service_description(self, environ):
        base = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', 'localhost')}"
        languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if self.config.allow_update else "")
        formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in (
            "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
            "Turtle", "N-Triples", "JSON-LD", "RDF_XML"))
        endpoint = ox.NamedNode(f"{base}/sparql")
        description = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

[] a sd:Service ;
    sd:endpoint {endpoint} ;
    sd:supportedLanguage {languages} ;
    sd:resultFormat {formats} ;
    sd:feature sd:UnionDefaultGraph ;
    dcterms:title "Chip geopolitics knowledge graph" ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
        return 200, "text/turtle; charset=utf-8", description.encode("utf-8"), {}

    # /rdf-graphs

    def _graph_name(self, params) -> ox.NamedNode | ox.DefaultGraph:
        if "default" in params:
            return ox.DefaultGraph()
        if "graph" in params:
            try:
                return ox.NamedNode(params["graph"][0])
            except ValueError as err:
                raise _Response(400, f"?graph= must be an absolute IRI: {err}\n") from err
        raise _Response(400, "Name the graph: /rdf-graphs?graph=IRI or /rdf-graphs?default.\n")

    def _graph_store(self, environ, method):
        params, body, content_type = self._params(environ, method)
        name = self._graph_name(params)
        if method in ("GET", "HEAD"):  # in a worker, under the same time limit and row cap as a query
            job = Job(query="", accept=environ.get("HTTP_ACCEPT", "*/*"), format=(params.get("format") or [None])[0],
                      max_rows=self.config.max_rows, generation=self._generation, version=self._store_version(),
                      graph=name.value if isinstance(name, ox.NamedNode) else "")
            answer = self._run(job)
            return answer.status, answer.content_type, answer.body, answer.headers
        if method not in ("PUT", "POST", "DELETE"):
            raise _Response(405, "Use GET, PUT, POST or DELETE on /rdf-graphs.\n", headers={"Allow": "GET, PUT, POST, DELETE"})
        self._authorized(environ)
        if isinstance(name, ox.DefaultGraph):
            raise _Response(400, "Writing the default graph is not supported; name a graph with ?graph=IRI.\n")
        from ..store.terms import rdflib_graph

        graph_iri = URIRef(name.value)
        with self._write_lock, self._open_writer() as writer:
            if method == "DELETE":
                if _graph_missing(writer, name):
                    raise _Response(404, f"No graph {name} in this store.\n")
                writer.replace_graphs({}, drop=[graph_iri])
            else:
                rdf_format = _RDF_PARSE.get(content_type)
                if rdf_format is None:
                    raise _Response(415, f"Send RDF as one of: {', '.join(sorted(_RDF_PARSE))}.\n")
                try:
                    data = guarded_rdfxml(io.BytesIO(body).read, "the request body") if rdf_format == ox.RdfFormat.RDF_XML else body
                    parsed = list(ox.parse(data, rdf_format))
                except KGError as err:
                    raise _Response(400, f"{err} Nothing was changed.\n") from err
                except SyntaxError as err:
                    raise _Response(400, f"Malformed RDF, {one_line(err)}; nothing was changed.\n") from err
                content = rdflib_graph(parsed)
                if method == "POST":
                    content += writer.graph(graph_iri)
                writer.replace_graphs({graph_iri: content})
            self._generation += 1
            # this server's own write: _store_version sees the generation change and reads the new version
        return 204, _TEXT, b"", {}

    def _labels(self, environ):
        from ..store.labels import LabelIndex

        params = parse_qs(environ.get("QUERY_STRING", ""))
        lang = (params.get("lang") or ["en"])[0]
        reader = open_store(self.location)
        try:
            labels = LabelIndex(reader, lang if lang in ("en", "ar") else "en")
            table = {iri: labels.label(URIRef(iri)) for iri in labels.iris()}
        finally:
            reader.close()
        return 200, "application/json", json.dumps(table, ensure_ascii=False, sort_keys=True).encode("utf-8"), {}

    # /id/claim/... and /id/source/...

    def _record_page(self, environ, slug: str):
        from .record_page import claim_html, source_html

        params = parse_qs(environ.get("QUERY_STRING", ""))
        lang = (params.get("lang") or ["en"])[0]
        lang = lang if lang in ("en", "ar") else "en"
        reader = open_store(self.location)
        try:
            try:
                page = (claim_html if slug.startswith("claim/") else source_html)(reader, KGR[slug], lang)
            except (KGError, ValueError) as err:
                raise _Response(404, f"{err}\n") from err
            return 200, "text/html; charset=utf-8", page.encode("utf-8"), {}
        finally:
            reader.close()

    # /entity/{id}

    def _entity(self, environ, slug: str):


        from .entity_page import entity_html, entity_jsonld
        from ..model.profile import entity_profile, find_entity

        params = parse_qs(environ.get("QUERY_STRING", ""))
        lang = (params.get("lang") or ["en"])[0]
        wants = negotiate(environ.get("HTTP_ACCEPT", "text/html"), (params.get("format") or [None])[0],
                          {"text/html": "html", "application/ld+json": "jsonld", "application/json": "jsonld"})
        if wants is None:
            raise _Response(406, "Offered: text/html, application/ld+json.\n")
        reader = open_store(self.location)
        try:
            try:  # an id, an IRI, or any name or alias as kg show takes it (/entity/jensen%20huang, Arabic names)
                iri = find_entity(reader, slug)
            except KGError as err:
                raise _Response(404, f"{err}\n") from err
            canonical = str(iri)[len(str(KGR)):] if str(iri).startswith(str(KGR)) else None
            if canonical is not None and canonical != slug:
                query = environ.get("QUERY_STRING", "")
                return 303, _TEXT, b"", {"Location": f"/entity/{quote(canonical)}" + (f"?{query}" if query else "")}
            try:
                profile = entity_profile(reader, iri, lang if lang in ("en", "ar") else "en")
            except KGError as err:
                raise _Response(404, f"{err}\n") from err
            if wants[0] == "html":
                return 200, "text/html; charset=utf-8", entity_html(profile, lang).encode("utf-8"), {}
            return 200, "application/ld+json; charset=utf-8", entity_jsonld(reader, iri), {}
        finally:
            reader.close()


def bound_names(host: str, extra) -> list[str] | None:
    """The Host names a server bound to ``host`` answers: its address and, for loopback, localhost; with
    ``extra`` (--allow-host) added. Bound to every interface (0.0.0.0, ::) and no --allow-host, any name."""
    host = host.strip("[]").lower()
    if host in ("0.0.0.0", "::", "") and not extra:
        return None
    names = {host, *(e.lower() for e in extra)}
    if host in ("127.0.0.1", "::1", "localhost"):
        names |= {"127.0.0.1", "localhost", "::1"}
    return sorted(names)


def _utf8(body: bytes) -> str:
    """A request body as text, or 400 naming the first bad byte."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _Response(400, f"The request body is not UTF-8 (byte {err.start}); send the query as UTF-8.\n") from err


def _path(environ) -> str:
    """The request path as text: WSGI hands it over as bytes read as Latin-1; URLs are UTF-8."""
    raw = environ.get("PATH_INFO", "/")
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _graph_missing(store: KGStore, name: ox.NamedNode) -> bool:
    """True when the store has no quad in the graph called ``name`` (an emptied graph counts as missing)."""
    return next(iter(store.quads_matching(None, None, None, name)), None) is None


def serve(config: EndpointConfig, host: str = "127.0.0.1", port: int = 7878, threads: int = 8,
          announce=print, access_log=None) -> None:
    """Serve until interrupted; ``announce`` gets the URL once the socket is bound, ``access_log`` a line per request."""
    import logging

    from waitress.server import create_server

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" notes while workers are busy
    endpoint = Endpoint(config)
    endpoint.hosts = bound_names(host, config.allow_hosts)
    endpoint.access_log = access_log
    # waitress reads a whole body before the app sees it; let it take a few times the app's limit so
    # that an oversized request still gets the app's 413 rather than a reset connection.
    try:
        server = create_server(endpoint, host=host, port=port, threads=threads, ident="kg",
                               max_request_body_size=max(64 * config.max_body, 256 << 20))
    except (OSError, ValueError) as err:
        endpoint.close()
        if getattr(err, "errno", None) == errno.EADDRINUSE:
            raise KGError(f"Port {port} on {host} is in use; choose another with --port (0 picks a free one).") from err
        if isinstance(err, ValueError) or getattr(err, "errno", None) in (errno.EADDRNOTAVAIL, socket.EAI_NONAME):
            raise KGError(f"--host {host!r} is not an address of this machine; use 127.0.0.1, 0.0.0.0 or one of "
                          f"its own addresses.") from err
        raise KGError(f"Cannot listen on {host}:{port} ({getattr(err, 'strerror', None) or err}); check --host and --port.") from err
    announce(f"Serving {endpoint.location} at http://{host}:{server.effective_port}/ (SPARQL at /sparql); Ctrl-C stops.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        endpoint.close()

