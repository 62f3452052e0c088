"""The replica's HTTP server: 127.0.0.1 only, one background thread, every request logged.

Article pages carry validators and answer conditional requests, as an incremental crawl needs:
`Last-Modified` (the page's lastmod, midnight UTC) always, and an `ETag` computed from the body,
except that pages with `index % 5 == 0` send none and pages with `index % 7 == 3` send a weak
one (`W/"…"`). `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2); a match is a
`304 Not Modified` with the validators and no body.

`start_server(site, faults=Faults.parse(...))` serves it with seeded faults (faults.py);
`server.faults = None` turns them off for later requests, on the same port.
"""

import hashlib
import re
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from natocrawl.replica import feeds, legacy
from natocrawl.replica.render import PageRenderer, render_hub, render_not_found

HOST = "127.0.0.1"


class Response:
    def __init__(
        self, status: int, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8", **headers
    ):
        self.status, self.body = status, body
        self.headers = ({"Content-Type": content_type} if content_type else {}) | headers
        self.delay = 0.0  # seconds to wait before answering (faults)
        self.cut: int | None = None  # bytes of the body sent before the connection closes (faults)


def route(site, renderer: PageRenderer, path: str, query: str, base: str, headers=None) -> Response:
    """What the portal answers for one path; anything unknown is a 404. `headers` (a mapping
    or an email.message.Message) are the request's, for conditional requests."""
    if path == "/robots.txt":
        return Response(200, feeds.robots_txt(base), "text/plain; charset=utf-8")
    if path == "/sitemap.xml":
        return Response(200, feeds.sitemap_index(site, base), "application/xml")
    if path.startswith("/sitemaps/sitemap-") and path.endswith(".xml"):
        number = path[len("/sitemaps/sitemap-") : -len(".xml")]
        body = feeds.sitemap_child(site, base, int(number)) if number.isdigit() else None
        if body is not None:
            return Response(200, body, "application/xml")
    if hub := feeds.hub_for_search_path(path):
        return _search(site, hub, query)
    if hub := feeds.hub_for_path(path):
        return Response(200, render_hub(site, hub[0], hub[1]))
    if legacy.is_legacy_path(path):
        target = site.page_for_legacy(path, query)
        if target is not None:
            return Response(301, b"", Location=base + target.path)
    page = site.page_for_path(path)
    if page is not None:
        if path != page.path:  # trailing slash
            return Response(301, b"", Location=base + page.path)
        return _article(page, renderer.page(page, base), headers)
    return Response(404, render_not_found(path))


def etag_for(page, body: bytes) -> str | None:
    """The page's ETag header value: strong, weak (`index % 7 == 3`) or none (`index % 5 == 0`)."""
    if page.index % 5 == 0:
        return None
    tag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    return "W/" + tag if page.index % 7 == 3 else tag


def last_modified_for(page) -> datetime:
    return datetime(page.lastmod.year, page.lastmod.month, page.lastmod.day, tzinfo=UTC)


def _article(page, body: bytes, headers) -> Response:
    last_modified = last_modified_for(page)
    validators = {"Last-Modified": format_datetime(last_modified, usegmt=True)}
    etag = etag_for(page, body)
    if etag:
        validators["ETag"] = etag
    if headers is not None and not_modified(headers, etag, last_modified):
        return Response(304, b"", None, **validators)
    return Response(200, body, **validators)


_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')


def _header(headers, name: str) -> list[str]:
    """Every line of a request header (case-insensitive name)."""
    if hasattr(headers, "get_all"):  # email.message.Message, as BaseHTTPRequestHandler has
        return headers.get_all(name) or []
    return [value for key, value in headers.items() if key.lower() == name.lower()]


def not_modified(headers, etag: str | None, last_modified: datetime) -> bool:
    """RFC 9110 §13.2.2 for GET and HEAD: If-None-Match (weak comparison) when present,
    else If-Modified-Since; an unparsable date is ignored."""
    if_none_match = ", ".join(_header(headers, "If-None-Match")) or None  # a list, over one line or several
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True  # the page exists
        if etag is None:
            return False
        ours = _ENTITY_TAG.fullmatch(etag).group(1)
        return ours in _ENTITY_TAG.findall(if_none_match)
    if_modified_since = _header(headers, "If-Modified-Since")
    if len(if_modified_since) != 1:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since[0])
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:  # "-0000": UTC by convention
        since = since.replace(tzinfo=UTC)
    return last_modified <= since


def _search(site, hub: tuple[str, str], query: str) -> Response:
    params = parse_qs(query)

    def number(key: str, default: int) -> int:
        value = (params.get(key) or [str(default)])[0]
        return int(value) if value.lstrip("-").isdigit() else default

    body = feeds.search_json(site, hub[0], hub[1], number("pageSize", 25), number("page", 1))
    return Response(200, body, "application/json; charset=utf-8")


def _handler_class(owner: "ReplicaServer", renderer: PageRenderer):
    site, log, clock = owner.site, owner.request_log, owner.request_times

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "NatoReplica/1.0"

        def do_GET(self):
            self._answer(send_body=True)

        def do_HEAD(self):
            self._answer(send_body=False)

        def _answer(self, send_body: bool) -> None:
            try:
                response = self._response()
            except Exception:  # a replica bug must show as a 500, not a hung client
                response = Response(500, b"internal error", "text/plain")
            log.append((self.command, self.path, response.status))
            clock.append((time.monotonic(), self.path, response.status))
            if response.delay:
                time.sleep(response.delay)
            self.send_response(response.status)
            for key, value in response.headers.items():
                self.send_header(key, value)
            # A 304 has no body; RFC 9110 §8.6 allows no Content-Length but the 200's one.
            if response.status != 304:
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            body = response.body if response.cut is None else response.body[: response.cut]
            if send_body and body:
                self.wfile.write(body)
            if response.cut is not None:  # a truncated answer: the connection ends here
                self.close_connection = True

        def _response(self) -> Response:
            parts = urlsplit(self.path)
            # Absolute URLs follow the Host the client used (localhost, 127.0.0.1, a proxy…).
            base = f"http://{self.headers.get('Host') or f'{HOST}:{self.server.server_port}'}"

            def serve(conditional: bool = True) -> Response:
                return route(
                    site, renderer, parts.path, parts.query, base, self.headers if conditional else None
                )

            faults = owner.faults  # read once: another thread may turn faults off meanwhile
            if faults is None:
                return serve()
            return faults.answer(site, parts.path, parts.query, base, self.server.server_port, serve)

        def log_message(self, format, *args):  # the request log replaces stderr noise
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that hangs up (a crawler's timeout, a truncated answer) is no error of ours."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ReplicaServer:
    """A running replica: `.base_url`, `.request_log`, `.faults`, `.close()`; also a context manager."""

    def __init__(self, site, port: int = 0, faults=None):
        self.site = site
        self._faults = None
        self.faults = faults  # checked against the site before the port is taken
        # A plain list: list.append is atomic, and tests get every list method.
        self.request_log: list[tuple[str, str, int]] = []
        self.request_times: list[tuple[float, str, int]] = []  # (time.monotonic(), path, status)
        handler = _handler_class(self, PageRenderer(site))
        self._httpd = _QuietServer((HOST, port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_port
        self.base_url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replica-server", daemon=True)
        self._thread.start()

    @property
    def faults(self):
        """The Faults later requests get, or None: a plain server."""
        return self._faults

    @faults.setter
    def faults(self, faults) -> None:
        if faults is not None:
            faults.plan(self.site)  # ValueError now, not a 500 on every request, if the site is too small
        self._faults = faults

    def set_faults(self, faults) -> None:
        self.faults = faults

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def start_server(site, port: int = 0, faults=None) -> ReplicaServer:
    """Serve `site` on 127.0.0.1:`port` (0: any free port) in a background thread, with `faults`
    (a faults.Faults) if given. ValueError when the faults ask for more pages than the site has."""
    return ReplicaServer(site, port, faults)


@contextmanager
def serving(site, port: int = 0, faults=None):
    server = start_server(site, port, faults)
    try:
        yield server
    finally:
        server.close()
