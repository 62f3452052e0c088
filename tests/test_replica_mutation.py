"""What incremental crawling needs from the replica, over real HTTP on 127.0.0.1: validators,
conditional answers (304), and pages changed, added and removed between two crawls."""

import hashlib
import http.client
import json
import re
import types
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from natocrawl.replica import Mutation, Site, start_server
from natocrawl.replica import cli as replica_cli
from natocrawl.replica.model import normalise
from natocrawl.replica.mutation import eligible_pages
from natocrawl.replica.server import serving
from natocrawl.replica.vocab import date_long

DAY = date(2026, 11, 23)
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HUBS = {
    "news": "news-and-events/articles/news",
    "transcript": "news-and-events/events/transcripts",
    "media-advisory": "news-and-events/events/media-advisories",
}
NOTE = re.compile(
    r"^(Editor’s note: |Update of |Correction \(|"
    r"Note de la rédaction\u00a0: |Mise à jour du |Rectificatif \()"
)


def request(server, path: str, method: str = "GET", **headers) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def http_date(day: date, shift: timedelta = timedelta()) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, tzinfo=UTC) + shift, usegmt=True)


def page_text(body: bytes) -> str:
    tree = lxml.html.fromstring(body)
    etree.strip_elements(tree, "script", "style", with_tail=False)
    return normalise(tree.text_content())


def sitemap_entries(server) -> dict[str, str]:
    """path -> lastmod, over every child sitemap."""
    index = etree.fromstring(request(server, "/sitemap.xml")[2])
    entries = {}
    for child in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS):
        urlset = etree.fromstring(request(server, urlsplit(child).path)[2])
        for url in urlset.xpath("//sm:url", namespaces=SITEMAP_NS):
            entries[urlsplit(url.findtext("sm:loc", namespaces=SITEMAP_NS)).path] = url.findtext(
                "sm:lastmod", namespaces=SITEMAP_NS
            )
    return entries


def search_paths(server, lang: str, type_: str) -> list[str]:
    path = f"/content/nato/{lang}/{HUBS[type_]}/jcr:content/root/container/general_search.search.json"
    paths, number = [], 1
    while True:
        data = json.loads(request(server, f"{path}?pageSize=100&page={number}")[2])
        paths += [item["link"].split("?")[0] for item in data["pages"]]
        if number >= data["numberOfPages"]:
            return paths
        number += 1


def strong(site):
    return next(p for p in site.served_pages() if p.index % 5 and p.index % 7 != 3)


def weak(site):
    return next(p for p in site.served_pages() if p.index % 5 and p.index % 7 == 3)


def untagged(site):
    return next(p for p in site.served_pages() if p.index % 5 == 0)


@pytest.fixture(scope="module")
def site():
    return Site(seed=1, pages=120)  # never mutated


@pytest.fixture(scope="module")
def server(site):
    with start_server(site) as running:
        yield running


# -- validators and conditional requests ---------------------------------------------------------


def test_pages_send_last_modified_and_an_etag_of_their_body(site, server):
    kinds = set()
    for page in site.pages[::3]:
        status, headers, body = request(server, page.path)
        assert status == 200
        assert parsedate_to_datetime(headers["Last-Modified"]).date() == page.lastmod
        tag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if page.index % 5 == 0:
            assert headers["ETag"] is None, page.index
            kinds.add("none")
        elif page.index % 7 == 3:
            assert headers["ETag"] == "W/" + tag
            kinds.add("weak")
        else:
            assert headers["ETag"] == tag
            kinds.add("strong")
    assert kinds == {"none", "weak", "strong"}


def test_matching_if_none_match_is_a_304_without_body(site, server):
    page = strong(site)
    status, headers, body = request(server, page.path)
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    before = len(server.request_log)
    status, headers, body = request(server, page.path, If_None_Match=etag)
    assert (status, body) == (304, b"")
    assert headers["ETag"] == etag and headers["Last-Modified"] == last_modified
    assert headers["Content-Length"] in (None, "0")
    assert server.request_log[before:] == [("GET", page.path, 304)]
    # A list, with the match anywhere; and `*`.
    assert request(server, page.path, If_None_Match=f'"0000", {etag}')[0] == 304
    assert request(server, page.path, If_None_Match='"0000",\t' + etag + ', "1111"')[0] == 304
    assert request(server, page.path, If_None_Match="*")[0] == 304
    # Anything else is the page.
    status, _, other = request(server, page.path, If_None_Match='"0000"')
    assert status == 200 and len(other) >= 30_000
    assert request(server, page.path, If_None_Match=etag[:-2] + '"')[0] == 200


def test_if_none_match_wins_over_if_modified_since(site, server):
    page = strong(site)
    etag = request(server, page.path)[1]["ETag"]
    future, past = http_date(page.lastmod, timedelta(days=30)), http_date(page.lastmod, -timedelta(days=30))
    assert request(server, page.path, If_None_Match='"0000"', If_Modified_Since=future)[0] == 200
    assert request(server, page.path, If_None_Match=etag, If_Modified_Since=past)[0] == 304


def test_weak_etags_compare_weakly(site, server):
    page = weak(site)
    etag = request(server, page.path)[1]["ETag"]
    assert etag.startswith('W/"')
    assert request(server, page.path, If_None_Match=etag)[0] == 304
    assert request(server, page.path, If_None_Match=etag[2:])[0] == 304  # without W/
    other = strong(site)
    strong_tag = request(server, other.path)[1]["ETag"]
    assert request(server, other.path, If_None_Match="W/" + strong_tag)[0] == 304


def test_if_modified_since_before_and_after_lastmod(site, server):
    for page in (strong(site), untagged(site)):

        def status(value, path=page.path):
            return request(server, path, If_Modified_Since=value)[0]

        assert status(http_date(page.lastmod)) == 304  # midnight UTC of lastmod: not modified since
        assert status(http_date(page.lastmod, timedelta(hours=5))) == 304
        assert status(http_date(page.lastmod, -timedelta(seconds=1))) == 200
        assert status(http_date(page.lastmod, -timedelta(days=400))) == 200
        # Other zones and the obsolete forms of an HTTP-date count too.
        assert (
            status(
                (datetime(page.lastmod.year, page.lastmod.month, page.lastmod.day, 2, tzinfo=UTC)).strftime(
                    "%a, %d %b %Y %H:%M:%S +0100"
                )
            )
            == 304
        )
        assert status("yesterday") == 200 and status("") == 200  # unparsable: ignored
        assert status("Mon, 99 Foo 2026 25:61:00 GMT") == 200


def test_pages_without_etag_answer_last_modified_only(site, server):
    page = untagged(site)
    status, headers, _ = request(server, page.path)
    assert status == 200 and "ETag" not in headers and headers["Last-Modified"]
    assert request(server, page.path, If_None_Match='"anything"')[0] == 200
    # If-None-Match present: If-Modified-Since is not looked at (RFC 9110 §13.2.2).
    assert request(server, page.path, If_None_Match='"anything"', If_Modified_Since=http_date(DAY))[0] == 200
    assert request(server, page.path, If_None_Match="*")[0] == 304
    status, headers, body = request(server, page.path, If_Modified_Since=headers["Last-Modified"])
    assert (status, body) == (304, b"") and "ETag" not in headers


def test_head_answers_conditionally_too(site, server):
    page = weak(site)
    _, get_headers, body = request(server, page.path)
    status, headers, head_body = request(server, page.path, "HEAD")
    assert status == 200 and head_body == b""
    assert headers["ETag"] == get_headers["ETag"] and int(headers["Content-Length"]) == len(body)
    before = len(server.request_log)
    status, headers, _ = request(server, page.path, "HEAD", If_None_Match=get_headers["ETag"])
    assert status == 304 and headers["ETag"] == get_headers["ETag"]
    status, _, _ = request(server, page.path, "HEAD", If_Modified_Since=get_headers["Last-Modified"])
    assert status == 304
    assert server.request_log[before:] == [("HEAD", page.path, 304), ("HEAD", page.path, 304)]


def test_other_routes_ignore_validators(site, server):
    assert request(server, "/sitemap.xml", If_None_Match="*")[0] == 200
    assert request(server, "/en/nothing-here", If_None_Match="*")[0] == 404
    assert request(server, "/robots.txt", If_Modified_Since=http_date(DAY))[0] == 200


# -- mutations -------------------------------------------------------------------------------------


def test_mutation_is_deterministic():
    def run(day_two):
        built = Site(seed=4, pages=150)
        return built, [
            built.mutate(change=4, add=3, remove=2, day=DAY),
            built.mutate(change=2, add=1, day=day_two),
        ]

    first, one = run(date(2026, 12, 1))
    second, two = run(date(2026, 12, 1))
    assert one == two and isinstance(one[0], Mutation)
    assert [p.path for p in first.pages] == [p.path for p in second.pages]
    for path in one[0].changed + one[1].changed + one[0].added:
        assert first.page_for_path(path).paragraphs == second.page_for_path(path).paragraphs
    assert (len(one[0].changed), len(one[0].added), len(one[0].removed)) == (4, 3, 2)
    assert one[0].day == DAY and one[1].day == date(2026, 12, 1)
    # Each call is a new draw; another day dates the new pages otherwise.
    assert one[0].changed != one[1].changed
    _, three = run(date(2026, 12, 2))
    assert three[0] == one[0] and three[1].added != one[1].added
    assert Site(seed=5, pages=150).mutate(change=4, day=DAY).changed != one[0].changed


def test_mutation_day_defaults_to_today_utc():
    assert Site(seed=1, pages=40).mutate(change=1).day == datetime.now(UTC).date()


def test_changed_pages_have_new_text_lastmod_and_etag():
    site, fresh = Site(seed=2, pages=120), Site(seed=2, pages=120)
    with serving(site) as server:
        before = {page.path: request(server, page.path) for page in site.pages if page.in_sitemap}
        sitemap_before = sitemap_entries(server)
        mutation = site.mutate(change=12, day=DAY)
        assert len(mutation.changed) == 12 and not mutation.added and not mutation.removed
        sitemap_after = sitemap_entries(server)
        tagged = 0
        for path in mutation.changed:
            page, old = site.page_for_path(path), fresh.page_for_path(path)
            assert page.revision == 1 and page.lastmod == DAY and sitemap_after[path] == DAY.isoformat()
            # One paragraph reworded, one note appended; the note names the day and the title.
            assert len(page.paragraphs) == len(old.paragraphs) + 1
            assert sum(a != b for a, b in zip(page.paragraphs, old.paragraphs)) == 1
            note = page.paragraphs[-1]
            assert NOTE.match(note) and date_long(DAY, page.content_lang) in note and page.title in note, note
            # Served: new text, new Last-Modified, a new ETag; the old validators no longer match.
            _, old_headers, old_body = before[path]
            status, headers, body = request(server, path)
            assert status == 200 and body != old_body
            text = page_text(body)
            assert note in text and all(paragraph in text for paragraph in page.paragraphs)
            assert parsedate_to_datetime(headers["Last-Modified"]).date() == DAY
            assert request(server, path, If_Modified_Since=old_headers["Last-Modified"])[0] == 200
            if old_headers["ETag"]:
                tagged += 1
                assert headers["ETag"] != old_headers["ETag"]
                status, _, again = request(server, path, If_None_Match=old_headers["ETag"])
                assert status == 200 and again == body
                assert request(server, path, If_None_Match=headers["ETag"])[0] == 304
        assert tagged >= 3
        # Every other page keeps its bytes, so its validators still match.
        for path, (_, headers, _body) in before.items():
            if path in mutation.changed:
                continue
            assert sitemap_after[path] == sitemap_before[path]
            if headers["ETag"]:
                assert request(server, path, If_None_Match=headers["ETag"])[0] == 304, path
            assert request(server, path, If_Modified_Since=headers["Last-Modified"])[0] == 304, path
        assert max(sitemap_after.values()) == DAY.isoformat()
        index = etree.fromstring(request(server, "/sitemap.xml")[2])
        assert DAY.isoformat() in index.xpath("//sm:lastmod/text()", namespaces=SITEMAP_NS)


def test_a_page_changed_twice_has_two_notes():
    site, fresh = Site(seed=3, pages=60), Site(seed=3, pages=60)
    everything = len(eligible_pages(site))
    site.mutate(change=everything, day=DAY)
    site.mutate(change=everything, day=DAY + timedelta(days=1))
    for page in eligible_pages(site):
        old = fresh.pages[page.index]
        assert page.revision == 2 and page.lastmod == DAY + timedelta(days=1)
        notes = page.paragraphs[len(old.paragraphs) :]
        assert len(notes) == 2 and notes[0] != notes[1]
        assert date_long(DAY, page.content_lang) in notes[0]
        assert date_long(DAY + timedelta(days=1), page.content_lang) in notes[1]
        assert page.paragraphs[: len(old.paragraphs)] != old.paragraphs
    # Notes are page-specific: no two pages share one.
    notes = [p.paragraphs[-1] for p in eligible_pages(site)]
    assert len(set(notes)) == len(notes)


def test_added_pages_are_newest_in_search_and_in_sitemaps():
    site = Site(seed=1, pages=120)
    with serving(site) as server:
        # Caches filled before the mutation must not hide the new pages.
        searched = {
            (lang, type_): search_paths(server, lang, type_) for lang in ("en", "fr") for type_ in HUBS
        }
        assert sitemap_entries(server)
        etags = {page.path: request(server, page.path, "HEAD")[1]["ETag"] for page in site.pages}
        mutation = site.mutate(add=5, day=DAY)
        assert len(mutation.added) == 5 and len(site.pages) == 125 and len(site.served_pages()) == 125
        entries = sitemap_entries(server)
        for path in mutation.added:
            page = site.page_for_path(path)
            assert page.index >= 120 and page.published == DAY and page.lastmod == DAY
            assert page.in_sitemap and page.in_search and not page.duplicate_of and not page.disallowed
            assert page.type in HUBS and f"/{DAY:%Y/%m/%d}/" in path
            assert entries[path] == DAY.isoformat()
            status, headers, body = request(server, path)
            assert status == 200 and page.title in page_text(body)
            assert parsedate_to_datetime(headers["Last-Modified"]).date() == DAY
            if page.translation:
                assert page.translation in mutation.added
            now = search_paths(server, page.lang, page.type)
            newest = [
                p
                for p in mutation.added
                if site.page_for_path(p).lang == page.lang and site.page_for_path(p).type == page.type
            ]
            assert now[: len(newest)] == newest  # first, in page order
            assert now[len(newest) :] == searched[page.lang, page.type]
        # The pages already there keep their bytes (related teasers included).
        for path, etag in etags.items():
            assert not etag or request(server, path, "HEAD", If_None_Match=etag)[0] == 304, path
        # The numbering continues: another mutation adds other stories.
        again = site.mutate(add=2, day=DAY)
        assert not set(again.added) & set(mutation.added)
        assert len({site.page_for_path(p).story for p in mutation.added + again.added}) >= 4


def test_removed_pages_are_gone_everywhere():
    site = Site(seed=1, pages=120)
    with serving(site) as server:
        searched = {
            (lang, type_): search_paths(server, lang, type_) for lang in ("en", "fr") for type_ in HUBS
        }
        etags = {page.path: request(server, page.path, "HEAD")[1]["ETag"] for page in site.pages}
        mutation = site.mutate(remove=30, day=DAY)
        removed = [site._by_path[path] for path in mutation.removed]
        assert len(removed) == 30 and all(page.removed for page in removed)
        assert len(site.pages) == 120 and len(site.served_pages()) == 90  # the ground truth keeps them
        entries = sitemap_entries(server)
        assert set(entries) == {p.path for p in site.pages if p.in_sitemap and not p.removed}
        for page in removed:
            assert site.page_for_path(page.path) is None and page.path not in entries
            assert request(server, page.path)[0] == 404
            assert request(server, page.path, "HEAD")[0] == 404
            assert request(server, page.path, If_None_Match="*")[0] == 404
            for legacy_path in page.legacy_paths:
                assert request(server, legacy_path)[0] == 404
            if page.in_search:
                assert page.path not in search_paths(server, page.lang, page.type)
            if page.translation and site._by_path[page.translation] not in removed:
                assert request(server, page.translation)[0] == 200  # its partner stays
        assert any(page.legacy_paths for page in removed) and any(page.in_search for page in removed)
        for (lang, type_), paths in searched.items():
            assert search_paths(server, lang, type_) == [p for p in paths if p not in mutation.removed]
        for path in entries:
            status, headers, _ = request(server, path, "HEAD")
            assert status == 200 and headers["ETag"] == etags[path], path  # the others keep their bytes


def test_only_eligible_pages_change_or_go():
    site = Site(seed=1, pages=120)
    eligible = eligible_pages(site)
    duplicated = {p.duplicate_of for p in site.pages if p.duplicate_of}
    assert duplicated and all(
        p.path not in duplicated and not p.duplicate_of and not p.disallowed and p.in_sitemap
        for p in eligible
    )
    half = len(eligible) // 2
    mutation = site.mutate(change=half, remove=len(eligible) - half, day=DAY)
    assert not set(mutation.changed) & set(mutation.removed)
    assert set(mutation.changed) | set(mutation.removed) == {p.path for p in eligible}
    assert eligible_pages(site) == [site.page_for_path(p) for p in mutation.changed]


def test_asking_for_too_many_pages_raises_and_changes_nothing():
    site = Site(seed=1, pages=40)
    eligible = len(eligible_pages(site))
    with pytest.raises(ValueError, match=f"only {eligible} pages are eligible"):
        site.mutate(change=eligible, remove=1, add=3, day=DAY)
    with pytest.raises(ValueError, match="remove must be"):
        site.mutate(remove=-1)
    assert len(site.pages) == 40 and not site.mutations
    assert not any(p.revision or p.removed for p in site.pages)
    site.mutate(change=eligible, day=DAY)  # exactly as many is fine
    with pytest.raises(ValueError):
        site.mutate(remove=len(eligible_pages(site)) + 1)


# -- the command -----------------------------------------------------------------------------------


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    from natocrawl.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as exited:
        code = exited.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_replica_command_options(capsys):
    code, out, _ = run_main(capsys, "replica", "--help")
    assert code == 0
    for option in ("--change", "--add", "--remove", "--mutation-day"):
        assert option in out
    # Bad values end as one line and a non-zero exit, before anything is served.
    for bad in (
        ["--change", "-1"],
        ["--add", "x"],
        ["--remove", "-3"],
        ["--mutation-day", "2026-13-01"],
        ["--mutation-day", "23/11/2026"],
    ):
        code, out, err = run_main(capsys, "replica", "--port", "0", *bad)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Invalid value" in err, (bad, err)
    code, out, err = run_main(capsys, "replica", "--port", "0", "--pages", "40", "--change", "1000")
    assert code == 1 and err.strip().splitlines() == [err.strip()] and "cannot change 1000" in err
    assert "Replica of" not in out


def test_replica_command_serves_the_mutated_site(monkeypatch):
    served = {}

    class StopAtOnce:
        def wait(self):
            raise KeyboardInterrupt

    from natocrawl import replica as replica_package  # the command imports start_server from there

    def recording_start(site, port):
        served["site"] = site
        served["server"] = start_server(site, port)
        return served["server"]

    monkeypatch.setattr(replica_package, "start_server", recording_start)
    monkeypatch.setattr(replica_cli, "threading", types.SimpleNamespace(Event=StopAtOnce))
    result = CliRunner().invoke(
        replica_cli.replica_command,
        [
            "--port",
            "0",
            "--pages",
            "120",
            "--change",
            "3",
            "--add",
            "2",
            "--remove",
            "1",
            "--mutation-day",
            "2026-11-23",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Changes of 2026-11-23: 3 changed, 2 added, 1 removed" in result.output
    assert "Replica of 121 pages" in result.output
    site = served["site"]
    expected = Site(seed=1, pages=120).mutate(change=3, add=2, remove=1, day=DAY)
    assert site.mutations == [expected]
    # The server was closed on the way out.
    with pytest.raises(OSError):
        request(served["server"], "/robots.txt")
