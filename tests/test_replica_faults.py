"""The replica's seeded faults (natocrawl/replica/faults.py), over real HTTP on 127.0.0.1: the plan
is deterministic and exact, each kind does what it says, and `server.faults = None` ends them."""

import http.client
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from natocrawl.replica import Faults, Site, start_server
from natocrawl.replica.cli import replica_command
from natocrawl.replica.model import normalise

SPEC = (
    "5xx=0.1,timeout=0.05,truncate=0.02,429=0.05,loop=0.01,offorigin=0.01,"
    "badloc=6,pdf=2,nul=2,latin1=2,deep=1,huge=1"
)
HUGE = 2_000_000
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def faults(spec: str = SPEC, seed: int = 1, **options) -> Faults:
    return Faults.parse(spec, seed=seed, timeout_seconds=0.5, huge_bytes=HUGE, **options)


@pytest.fixture(scope="module")
def site():
    return Site(seed=1, pages=120)


@pytest.fixture(scope="module")
def plain(site):
    with start_server(site) as running:
        yield running


@pytest.fixture(scope="module")
def server(site):
    with start_server(site, faults=faults()) as running:
        yield running


@pytest.fixture(scope="module")
def plan(server, site):
    return server.faults.plan(site)


def request(server, path: str, timeout: float = 10) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def same_base(body: bytes, server, plain) -> bytes:
    """`body` as `plain` serves it: absolute URLs follow the server's address."""
    return body.replace(server.base_url.encode(), plain.base_url.encode())


def page_text(body: bytes | str, **parser_options) -> str:
    tree = lxml.html.fromstring(body, parser=lxml.html.HTMLParser(**parser_options))
    etree.strip_elements(tree, "script", "style", with_tail=False)
    return normalise(tree.text_content())


def longest_paragraph(site, path: str) -> str:
    return max(site.page_for_path(path).paragraphs, key=len)


# -- the spec and the plan -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("bogus=1", "unknown fault kind 'bogus'"),
        ("5xx=1.5", "between 0 and 1"),
        ("5xx=-0.1", "between 0 and 1"),
        ("5xx=nan", "between 0 and 1"),
        ("timeout=soon", "not a share between 0 and 1"),
        ("pdf=1.5", "not a whole number"),
        ("huge=-2", "not a whole number"),
        ("5xx", "not kind=value"),
        ("", "not kind=value"),
        ("5xx=0.1,,pdf=1", "not kind=value"),
        ("5xx=0.1,5xx=0.2", "given twice"),
    ],
)
def test_parse_rejects_a_bad_spec_with_a_readable_message(spec, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Faults.parse(spec)


def test_a_plan_bigger_than_the_site_is_refused(site):
    with pytest.raises(ValueError, match="ask for 121 pages"):
        Faults.parse("5xx=1,pdf=2").plan(site)
    with pytest.raises(ValueError, match="ask for"):
        start_server(site, faults=Faults.parse("5xx=1,pdf=2"))
    with pytest.raises(ValueError, match="share 2 is not between 0 and 1"):
        Faults({"timeout": 2})


def test_plan_is_seeded_disjoint_and_exact(site, plan):
    assert faults().plan(site) == plan  # a new object, the same seed: the same plan
    assert faults(seed=2).plan(site) != plan
    paths = [path for kind_paths in plan.values() for path in kind_paths]
    assert len(paths) == len(set(paths))  # each page at most one fault
    pages = [page for page in site.served_pages() if not page.disallowed]
    assert set(paths) <= {page.path for page in pages}
    shares = {"5xx": 0.1, "timeout": 0.05, "truncate": 0.02, "429": 0.05, "loop": 0.01, "offorigin": 0.01}
    expected = {kind: max(1, round(share * len(pages))) for kind, share in shares.items()}
    assert len(pages) == 119 and expected == {
        "5xx": 12,
        "timeout": 6,
        "truncate": 2,
        "429": 6,
        "loop": 1,
        "offorigin": 1,
    }
    expected |= {"pdf": 2, "nul": 2, "latin1": 2, "deep": 1, "huge": 1}
    assert {kind: len(kind_paths) for kind, kind_paths in plan.items()} == expected
    assert all(kind_paths == sorted(kind_paths) for kind_paths in plan.values())
    assert all(site.page_for_path(path).content_lang == "fr" for path in plan["latin1"])
    # A share above 0 gets at least one page; a share of 0 none.
    assert {kind: len(p) for kind, p in Faults.parse("loop=0.001,5xx=0").plan(site).items()} == {
        "5xx": 0,
        "loop": 1,
    }


# -- each kind, over HTTP ------------------------------------------------------------------


def test_5xx_answers_503_at_every_attempt(server, plan):
    path = plan["5xx"][0]
    assert [request(server, path)[0] for _ in range(3)] == [503, 503, 503]
    assert server.request_log[-3:] == [("GET", path, 503)] * 3


def test_timeout_waits_before_answering(server, plan, site):
    path = plan["timeout"][0]
    with pytest.raises(socket.timeout):
        request(server, path, timeout=0.2)
    started = time.monotonic()
    status, _, body = request(server, path)
    assert status == 200 and time.monotonic() - started >= 0.5
    assert longest_paragraph(site, path) in page_text(body)


def test_truncate_sends_half_the_declared_body_then_closes(server, plan):
    path = plan["truncate"][0]
    for _ in range(2):  # every attempt
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        declared = int(response.headers["Content-Length"])
        with pytest.raises(http.client.IncompleteRead) as cut:
            response.read()
        connection.close()
        assert response.status == 200 and len(cut.value.partial) == declared // 2 > 10_000
    assert server.request_log[-1] == ("GET", path, 200)


def test_429_first_then_the_page(server, plan):
    path = plan["429"][0]
    status, headers, _ = request(server, path)
    assert status == 429 and headers["Retry-After"] == "2"
    assert [request(server, path)[0] for _ in range(2)] == [200, 200]
    assert [entry for entry in server.request_log if entry[1] == path] == [
        ("GET", path, 429),
        ("GET", path, 200),
        ("GET", path, 200),
    ]


def test_retry_after_is_an_option(site):
    with start_server(site, faults=faults("429=0.01", retry_after=7)) as running:
        status, headers, _ = request(running, running.faults.plan(site)["429"][0])
    assert (status, headers["Retry-After"]) == (429, "7")


def test_loop_redirects_forever(server, plan):
    path = plan["loop"][0]
    status, headers, _ = request(server, path)
    assert (status, headers["Location"]) == (301, f"{server.base_url}{path}?loop=1")
    status, headers, _ = request(server, path + "?loop=1")
    assert (status, headers["Location"]) == (301, server.base_url + path)
    with pytest.raises(urllib.error.HTTPError, match="redirect"):  # urllib gives up on the loop
        urllib.request.urlopen(server.base_url + path, timeout=10)


def test_offorigin_redirects_to_another_port(server, plan, site, plain):
    path = plan["offorigin"][0]
    status, headers, _ = request(server, path)
    assert (status, headers["Location"]) == (301, f"http://127.0.0.1:{server.port + 1}{path}")
    # With a base of its own, the redirect lands on that server, which serves the page.
    with (
        start_server(site, faults=faults(offorigin_base=plain.base_url)) as running,
        urllib.request.urlopen(running.base_url + path, timeout=10) as response,
    ):
        assert response.status == 200 and response.url == plain.base_url + path
    assert plain.request_log[-1] == ("GET", path, 200)


def invalid_url(loc: str) -> bool:
    try:
        parts = urlsplit(loc)
        parts.port  # noqa: B018 (raises ValueError when out of range)
    except ValueError:
        return True
    return " " in loc or "%zz" in loc or len(loc) > 2048 or parts.scheme not in ("http", "https")


def test_every_child_sitemap_starts_with_the_bad_locs(server, plain, site):
    bad = server.faults.bad_locs(server.base_url)
    assert len(bad) == len(set(bad)) == 6 and bad[5].startswith("http://[::1/")  # cycled, each different
    assert len(bad[3]) == 5000 and bad[4].startswith("javascript:")
    assert all(invalid_url(loc) for loc in bad)
    index_body = request(server, "/sitemap.xml")[2]
    assert same_base(index_body, server, plain) == request(plain, "/sitemap.xml")[2]  # the index is as it was
    index = etree.fromstring(index_body)
    children = [urlsplit(loc).path for loc in index.xpath("//sm:loc/text()", namespaces=SITEMAP_NS)]
    assert len(children) >= 2
    good = []
    for child in children:
        locs = etree.fromstring(request(server, child)[2]).xpath("//sm:loc/text()", namespaces=SITEMAP_NS)
        assert locs[:6] == bad
        good += locs[6:]
    assert good == [server.base_url + page.path for page in site.sitemap_pages()]


def test_pdf_pages(server, plan, site):
    for path in plan["pdf"]:
        status, headers, body = request(server, path)
        assert (status, headers["Content-Type"]) == (200, "application/pdf")
        assert body.startswith(b"%PDF-1.4\n") and b"%%EOF" in body
        assert (
            lxml.html.fromstring(body.decode("utf-8"))
            .findtext(".//title")
            .startswith(site.page_for_path(path).title[:20])
        )


def test_nul_byte_in_the_article_text(server, plan, plain, site):
    for path in plan["nul"]:
        status, headers, body = request(server, path)
        assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
        assert body.count(b"\x00") == 1 and body.index(b"<body") < body.index(b"\x00") < body.index(
            b"</body>"
        )
        clean = body.replace(b"\x00", b"")
        assert same_base(clean, server, plain) == request(plain, path)[2]  # recoverable
        assert longest_paragraph(site, path) in page_text(clean)


def test_latin1_bytes_under_a_utf8_header(server, plan, site):
    for path in plan["latin1"]:
        status, headers, body = request(server, path)
        assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        assert longest_paragraph(site, path) in page_text(body.decode("latin-1"))  # recoverable


def test_deep_nesting_needs_huge_tree(server, plan, site):
    path = plan["deep"][0]
    status, _, body = request(server, path)
    assert status == 200
    paragraph = longest_paragraph(site, path)
    assert paragraph not in page_text(body)  # lxml's default parser stops at depth 256
    assert paragraph in page_text(body, huge_tree=True)
    tree = lxml.html.fromstring(body, parser=lxml.html.HTMLParser(huge_tree=True))
    paragraph_element = next(tree.iter("p"))
    assert len(list(paragraph_element.iterancestors("div"))) >= 400


def test_huge_page(server, plan, site):
    path = plan["huge"][0]
    status, headers, body = request(server, path)
    assert status == 200 and len(body) == int(headers["Content-Length"]) == HUGE
    assert longest_paragraph(site, path) in page_text(body)


def test_unfaulted_pages_and_routes_are_as_without_faults(server, plan, plain, site):
    faulted = {path for paths in plan.values() for path in paths}
    pages = [page.path for page in site.served_pages() if page.path not in faulted][::10]
    hub = "/en/news-and-events/articles/news"
    search = (
        "/content/nato/en/news-and-events/articles/news/jcr:content/root/container/general_search.search.json"
    )
    for path in [*pages, "/robots.txt", "/sitemap.xml", hub, search, "/en/no-such-page"]:
        status, _, body = request(server, path)
        assert (status, same_base(body, server, plain)) == request(plain, path)[::2], path


def test_faults_off_and_on_again_on_the_same_port(site, plain):
    spec = faults("5xx=0.05,truncate=0.05,badloc=2,latin1=1,huge=1")
    with start_server(site, faults=spec) as running:
        plan = spec.plan(site)
        port = running.port
        running.faults = None
        for path in [path for paths in plan.values() for path in paths]:
            status, _, body = request(running, path)
            assert (status, same_base(body, running, plain)) == (200, request(plain, path)[2]), path
        assert b"[::1" not in request(running, "/sitemaps/sitemap-1.xml")[2]
        running.set_faults(spec)
        assert request(running, plan["5xx"][0])[0] == 503
        assert running.port == port


# -- the command ---------------------------------------------------------------------------


def test_command_refuses_a_bad_spec_in_one_line():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from natocrawl.cli import main; main()",
            "replica",
            "--port",
            "0",
            "--faults",
            "bogus=1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and "unknown fault kind 'bogus'" in done.stderr
    result = CliRunner().invoke(replica_command, ["--port", "0", "--pages", "20", "--faults", "pdf=21"])
    assert result.exit_code != 0 and "--faults: the faults ask for 21 pages" in result.output


def test_command_serves_the_faults_of_its_seed():
    spec = "5xx=0.1,badloc=1"
    process = subprocess.Popen(
        [sys.executable, "-c", "from natocrawl.cli import main; main()", "replica", "--port", "0"]
        + ["--pages", "60", "--faults", spec, "--fault-seed", "7"],
        stdout=subprocess.PIPE,
        text=True,
    )
    plan = Faults.parse(spec, seed=7).plan(Site(seed=1, pages=60))
    try:
        banner = process.stdout.readline()
        assert (
            process.stdout.readline()
            == f"Faults (seed 7): 5xx {len(plan['5xx'])}, badloc 1 per child sitemap\n"
        )
        base = banner.split(" at ")[1].split()[0]
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(base + plan["5xx"][0], timeout=10)
        assert error.value.code == 503
    finally:
        process.terminate()
        process.wait(timeout=10)
