"""Seeded, deterministic faults: the replica as a broken or hostile portal, for testing a crawler.

    faults = Faults.parse("5xx=0.1,429=0.05,badloc=2,pdf=1", seed=1, timeout_seconds=3.0)
    server = start_server(site, faults=faults)
    faults.plan(site)     # {"5xx": [paths], "429": [paths], "pdf": [paths]}: what the server does
    server.faults = None  # later requests are served without faults, on the same port

Shares: a fraction of the article pages, round(share × n) of them, at least one when above 0.
    5xx        503 Service Unavailable, every attempt.
    timeout    the server waits `timeout_seconds` (default 3) before answering, every attempt.
    truncate   the full page's Content-Length, half the body, then the connection closes; every attempt.
    429        the first request gets 429 with `Retry-After: <retry_after>` (default 2), later ones the page.
    loop       301 to `<path>?loop=1`, which answers 301 back to `<path>`, forever.
    offorigin  301 to the same path on `offorigin_base` (default: 127.0.0.1, the server's port + 1).
Counts: a number of article pages.
    pdf        200 application/pdf: text-like bytes from `%PDF-1.4` that hold an HTML-looking title.
    nul        one NUL byte in the middle of the article text, still declared UTF-8 HTML (recoverable).
    latin1     a French page (accents), encoded Latin-1 under `charset=utf-8` (recoverable).
    deep       the <body>'s content inside 400 nested <div>s (recoverable: lxml with huge_tree).
    huge       padded with an HTML comment to `huge_bytes` (default 12 MiB): a crawler caps these.
A count of sitemap entries:
    badloc     N invalid <loc>s at the start of every child sitemap, before the good ones: a bad
               IPv6 host, port 99999, a space in the host, 5,000 characters, javascript: (cycled).

Which page gets which fault is a pure function of the seed, the spec and the site's served
article paths: paths ranked by sha256("seed:path"), kinds allotted in the order above, each page
at most one fault (`plan`). Pages robots.txt disallows are never faulted (a polite crawler never
asks for them), nor are robots.txt, sitemaps (but for badloc), hubs and the JSON search. A
French page is a path of its own. Every faulted request is in `server.request_log` with its status.
"""

import hashlib
import html
import itertools
import math
import threading
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from natocrawl.replica.server import HOST, Response

SHARE_KINDS = ("5xx", "timeout", "truncate", "429", "loop", "offorigin")
PAGE_COUNT_KINDS = ("pdf", "nul", "latin1", "deep", "huge")
KINDS = (*SHARE_KINDS, *PAGE_COUNT_KINDS, "badloc")
DEEP_LEVELS = 400
HUGE_BYTES = 12 * 1024 * 1024
BAD_LOC_FORMS = 5  # how many forms `bad_loc` cycles through


class Faults:
    """A fault spec ({kind: share or count}) and its options; `plan(site)` says which page gets what."""

    def __init__(
        self,
        spec: dict[str, float],
        seed: int = 1,
        *,
        offorigin_base: str | None = None,
        timeout_seconds: float = 3.0,
        huge_bytes: int = HUGE_BYTES,
        retry_after: int = 2,
    ):
        self.spec = {kind: _checked(kind, value) for kind, value in spec.items()}
        if timeout_seconds < 0 or huge_bytes < 0 or retry_after < 0 or int(retry_after) != retry_after:
            raise ValueError("timeout_seconds, huge_bytes and retry_after (whole seconds) must be ≥ 0")
        self.seed, self.offorigin_base = seed, offorigin_base
        self.timeout_seconds, self.huge_bytes = timeout_seconds, huge_bytes
        self.retry_after = int(retry_after)
        self._lock = threading.Lock()
        self._throttled: set[str] = set()  # 429 pages asked for once already
        self._cached: tuple[tuple, dict[str, str]] | None = None  # (site state, path -> kind)

    @classmethod
    def parse(cls, text: str, seed: int = 1, **options) -> "Faults":
        """`"5xx=0.1,pdf=2"` → Faults; ValueError with a readable message when it is not valid."""
        spec: dict[str, float] = {}
        for item in text.split(","):
            kind, equals, value = (part.strip() for part in item.partition("="))
            if not equals or not kind or not value:
                raise ValueError(f"fault {item.strip()!r} is not kind=value (kinds: {', '.join(KINDS)})")
            if kind in spec:
                raise ValueError(f"fault {kind!r} is given twice")
            spec[kind] = _number(kind, value)
        return cls(spec, seed, **options)

    def plan(self, site) -> dict[str, list[str]]:
        """Article paths per page kind in the spec, sorted. ValueError when the site is too small."""
        plan = {kind: [] for kind in (*SHARE_KINDS, *PAGE_COUNT_KINDS) if kind in self.spec}
        for path, kind in self._kinds(site).items():
            plan[kind].append(path)
        return {kind: sorted(paths) for kind, paths in plan.items()}

    def kind_for(self, site, path: str) -> str | None:
        return self._kinds(site).get(path)

    def bad_locs(self, base: str) -> list[str]:
        """The invalid <loc>s every child sitemap starts with; `base` is the server's base URL."""
        return [bad_loc(number, base) for number in range(int(self.spec.get("badloc", 0)))]

    def _kinds(self, site) -> dict[str, str]:
        state = (id(site), len(site.pages), len(site.mutations))  # a mutation may add or remove pages
        with self._lock:
            if self._cached is None or self._cached[0] != state:
                self._cached = (state, allot(self, site))
            return self._cached[1]

    def answer(self, site, path: str, query: str, base: str, port: int, serve) -> Response:
        """The response to one request; `serve(conditional)` is the faultless one."""
        if path.startswith("/sitemaps/") and self.spec.get("badloc"):
            return _with_bad_locs(serve(True), self.bad_locs(base))
        kind = self.kind_for(site, path)
        if kind is None:
            return serve(True)
        if kind == "429":
            return self._throttled_once(path) or serve(True)
        if kind in ("5xx", "loop", "offorigin", "pdf"):
            other = self.offorigin_base or f"http://{HOST}:{port + 1}"
            return _replaced(kind, site.page_for_path(path), path, query, base, other)
        return self._altered(kind, serve(False), site.page_for_path(path))

    def _throttled_once(self, path: str) -> Response | None:
        """A 429 the first time `path` is asked for (since these faults were made), else None."""
        with self._lock:
            if path in self._throttled:
                return None
            self._throttled.add(path)
        return Response(429, b"Too Many Requests\n", "text/plain", **{"Retry-After": str(self.retry_after)})

    def _altered(self, kind: str, response: Response, page) -> Response:
        """The page's own 200, delayed, cut short or with altered bytes (conditions are ignored)."""
        if kind == "timeout":
            response.delay = self.timeout_seconds
        elif kind == "truncate":
            response.cut = len(response.body) // 2
        elif kind == "nul":
            response.body = with_nul(response.body, page)
        elif kind == "latin1":
            response.body = response.body.decode("utf-8").encode("latin-1", "xmlcharrefreplace")
        elif kind == "deep":
            response.body = nested(response.body, DEEP_LEVELS)
        elif kind == "huge":
            response.body = padded(response.body, self.huge_bytes)
        return response


def _number(kind: str, value: str) -> float:
    try:
        return int(value) if kind not in SHARE_KINDS else float(value)
    except ValueError:
        what = "a share between 0 and 1" if kind in SHARE_KINDS else "a whole number ≥ 0"
        raise ValueError(f"fault {kind}: {value!r} is not {what}") from None


def _checked(kind: str, value: float) -> float:
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r} (kinds: {', '.join(KINDS)})")
    if kind in SHARE_KINDS and not (
        isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= 1
    ):
        raise ValueError(f"fault {kind}: share {value!r} is not between 0 and 1")
    if kind not in SHARE_KINDS and not (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ):
        raise ValueError(f"fault {kind}: count {value!r} is not a whole number ≥ 0")
    return value


def allot(faults: Faults, site) -> dict[str, str]:
    """path -> kind: pages ranked by sha256("seed:path"), each kind taking the next ones in turn."""
    pages = [page for page in site.served_pages() if not page.disallowed]
    pool = sorted(pages, key=lambda page: hashlib.sha256(f"{faults.seed}:{page.path}".encode()).digest())
    wanted = {
        kind: (max(1, round(value * len(pages))) if value > 0 else 0) if kind in SHARE_KINDS else value
        for kind, value in faults.spec.items()
        if kind != "badloc"
    }
    if sum(wanted.values()) > len(pool):
        raise ValueError(
            f"the faults ask for {sum(wanted.values())} pages, the site has {len(pool)} to fault"
        )
    kinds: dict[str, str] = {}
    for kind in (*SHARE_KINDS, *PAGE_COUNT_KINDS):
        count = wanted.get(kind, 0)
        candidates = (page for page in pool if kind != "latin1" or french(page))  # lazy: text is costly
        chosen = list(itertools.islice(candidates, count))
        if len(chosen) < count:
            raise ValueError(f"fault {kind}: only {len(chosen)} French pages with accents are left to fault")
        kinds |= dict.fromkeys((page.path for page in chosen), kind)
        pool = [page for page in pool if page.path not in kinds]
    return kinds


def french(page) -> bool:
    """French text with Latin-1 accented letters, so that its Latin-1 bytes are not UTF-8."""
    return page.content_lang == "fr" and any("\u00c0" <= char <= "\u00ff" for char in page.title + page.body)


def bad_loc(number: int, base: str) -> str:
    """The `number`th invalid <loc>, cycling through BAD_LOC_FORMS forms, each one different."""
    turn, form = divmod(number, BAD_LOC_FORMS)
    if form == 0:
        return f"http://[::1/en/x{turn}"  # an unclosed IPv6 bracket
    if form == 1:
        return f"http://[::1]:99999/en/y{turn}"  # a port out of range
    if form == 2:
        return f"http://exa mple.com/%zz{turn}"  # a space in the host, a bad percent escape
    if form == 3:
        start = f"{base}/en/long-{turn}-"
        return start + "x" * (5000 - len(start))  # 5,000 characters: over the sitemap limit of 2,048
    return f"javascript:alert({turn + 1})"


def _with_bad_locs(response: Response, locs: list[str]) -> Response:
    start = response.body.find(b"<urlset")
    if response.status != 200 or start < 0:
        return response
    at = response.body.index(b">", start) + 1
    entries = "".join(f"\n<url><loc>{escape(loc)}</loc></url>" for loc in locs).encode("utf-8")
    response.body = response.body[:at] + entries + response.body[at:]
    return response


def _replaced(kind: str, page, path: str, query: str, base: str, other_base: str) -> Response:
    """A response instead of the page: 503, a redirect of the loop or off the origin, or a PDF."""
    if kind == "5xx":
        return Response(503, b"Service Unavailable\n", "text/plain")
    if kind == "loop":
        looped = parse_qs(query).get("loop") == ["1"]
        return Response(301, b"", Location=base + path + ("" if looped else "?loop=1"))
    if kind == "offorigin":
        return Response(301, b"", Location=other_base + path + (f"?{query}" if query else ""))
    title = html.escape(page.title)
    lead = html.escape(next(iter(page.paragraphs), ""))
    return Response(200, pdf_bytes(title, lead), "application/pdf")


def pdf_bytes(title: str, lead: str) -> bytes:
    """Text-like bytes of a minimal PDF whose comment line looks like an HTML page."""
    return (
        f"%PDF-1.4\n%<html><head><title>{title} | NATO</title></head>"
        f"<body><h1>{title}</h1><p>{lead}</p></body></html>\n"
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        "trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    ).encode()


def with_nul(body: bytes, page) -> bytes:
    """One NUL byte in the middle of the article text: after the first word of a run of three found
    in the HTML's <body>, nearest the middle of the longest paragraph that has one (else before
    </body>)."""
    opening = body.find(b"<body")  # not the description in <head>
    for text in sorted((block.text for block in page.blocks), key=len, reverse=True):
        words = text.split(" ")
        for start in sorted(range(len(words) - 2), key=lambda start: abs(start - len(words) // 2)):
            first = html.escape(words[start], quote=False).encode()
            at = body.find(html.escape(" ".join(words[start : start + 3]), quote=False).encode(), opening)
            if at >= 0:
                return body[: at + len(first) + 1] + b"\x00" + body[at + len(first) + 1 :]
    at = body.rfind(b"</body>")
    return body[:at] + b"\x00" + body[at:]


def nested(body: bytes, levels: int) -> bytes:
    """The content of <body> inside `levels` nested <div>s."""
    start = body.index(b">", body.index(b"<body")) + 1
    end = body.rindex(b"</body>")
    return body[:start] + b"<div>" * levels + body[start:end] + b"</div>" * levels + body[end:]


def padded(body: bytes, size: int) -> bytes:
    """`body` grown to exactly `size` bytes by an HTML comment before </body> (unchanged when bigger)."""
    frame = b"<!-- ", b" -->"
    missing = size - len(body) - len(frame[0]) - len(frame[1])
    if missing <= 0:
        return body
    filler = (b"padding " * (missing // 8 + 1))[:missing]
    at = body.rfind(b"</body>")
    return body[:at] + frame[0] + filler + frame[1] + body[at:]
