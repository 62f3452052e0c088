"""The replica's HTTP server: 127.0.0.1 only, one background thread, every request logged."""

import threading
from contextlib import contextmanager
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from natocrawl.replica import feeds, legacy
from natocrawl.replica.render import PageRenderer, render_hub, render_not_found

HOST = "127.0.0.1"


class Response:
    def __init__(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", **headers):
        self.status, self.body, self.headers = status, body, {"Content-Type": content_type, **headers}


def route(site, renderer: PageRenderer, path: str, query: str, base: str) -> Response:
    """What the portal answers for one path; anything unknown is a 404."""
    if path == "/robots.txt":
        return Response(200, feeds.robots_txt(base), "text/plain; charset=utf-8")
    if path == "/sitemap.xml":
        return Response(200, feeds.sitemap_index(site, base), "application/xml")
    if path.startswith("/sitemaps/sitemap-") and path.endswith(".xml"):
        number = path[len("/sitemaps/sitemap-"):-len(".xml")]
        body = feeds.sitemap_child(site, base, int(number)) if number.isdigit() else None
        if body is not None:
            return Response(200, body, "application/xml")
    if hub := feeds.hub_for_search_path(path):
        return _search(site, hub, query)
    if hub := feeds.hub_for_path(path):
        return Response(200, render_hub(site, hub[0], hub[1], base))
    if legacy.is_legacy_path(path):
        target = site.page_for_legacy(path, query)
        if target is not None:
            return Response(301, b"", Location=base + target.path)
    page = site.page_for_path(path)
    if page is not None:
        if path != page.path:  # trailing slash
            return Response(301, b"", Location=base + page.path)
        last_modified = datetime(page.lastmod.year, page.lastmod.month, page.lastmod.day, tzinfo=timezone.utc)
        return Response(200, renderer.page(page, base), **{"Last-Modified": format_datetime(last_modified, usegmt=True)})
    return Response(404, render_not_found(path))


def _search(site, hub: tuple[str, str], query: str) -> Response:
    params = parse_qs(query)

    def number(key: str, default: int) -> int:
        value = (params.get(key) or [str(default)])[0]
        return int(value) if value.lstrip("-").isdigit() else default

    body = feeds.search_json(site, hub[0], hub[1], number("pageSize", 25), number("page", 1))
    return Response(200, body, "application/json; charset=utf-8")


def _handler_class(site, renderer: PageRenderer, log: list):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "NatoReplica/1.0"

        def do_GET(self):
            self._answer(send_body=True)

        def do_HEAD(self):
            self._answer(send_body=False)

        def _answer(self, send_body: bool) -> None:
            parts = urlsplit(self.path)
            # Absolute URLs follow the Host the client used (localhost, 127.0.0.1, a proxy…).
            base = f"http://{self.headers.get('Host') or f'{HOST}:{self.server.server_port}'}"
            try:
                response = route(site, renderer, parts.path, parts.query, base)
            except Exception:  # a replica bug must show as a 500, not a hung client
                response = Response(500, b"internal error", "text/plain")
            log.append((self.command, self.path, response.status))
            self.send_response(response.status)
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if send_body:
                self.wfile.write(response.body)

        def log_message(self, format, *args):  # the request log replaces stderr noise
            pass

    return Handler


class ReplicaServer:
    """A running replica: `.base_url`, `.request_log`, `.close()`; also a context manager."""

    def __init__(self, site, port: int = 0):
        self.site = site
        # A plain list: list.append is atomic, and tests get every list method.
        self.request_log: list[tuple[str, str, int]] = []
        handler = _handler_class(site, PageRenderer(site), self.request_log)
        self._httpd = ThreadingHTTPServer((HOST, port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_port
        self.base_url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replica-server", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def start_server(site, port: int = 0) -> ReplicaServer:
    """Serve `site` on 127.0.0.1:`port` (0: any free port) in a background thread."""
    return ReplicaServer(site, port)


@contextmanager
def serving(site, port: int = 0):
    server = start_server(site, port)
    try:
        yield server
    finally:
        server.close()
