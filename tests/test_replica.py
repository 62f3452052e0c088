"""The offline replica: determinism, routes, ground truth and markup, over real HTTP on 127.0.0.1."""

import json
import re
import urllib.error
import urllib.request
from datetime import date
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml import etree

from natocrawl.replica import CHROME_VARIANTS, Site, start_server
from natocrawl.replica.model import normalise
from natocrawl.replica.render import render_page
from natocrawl.urls import url_info

HUB_SECTIONS = [
    "news-and-events/articles/news",
    "news-and-events/events/transcripts",
    "news-and-events/events/media-advisories",
]
SEARCH_TYPE = dict(zip(HUB_SECTIONS, ["news", "transcript", "media-advisory"]))
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET") -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def site():
    return Site(seed=1, pages=120)


@pytest.fixture(scope="module")
def server(site):
    with start_server(site) as running:
        yield running


def page_text(body: bytes) -> str:
    """All visible-ish text of a page, whitespace-normalised (NBSP kept), scripts and styles dropped."""
    tree = lxml.html.fromstring(body)
    etree.strip_elements(tree, "script", "style", with_tail=False)
    # text_content, not itertext joined by spaces: inline links must not gain spaces around them.
    return normalise(tree.text_content())


# -- the model ---------------------------------------------------------------------------------


def test_same_seed_same_bytes_and_other_seed_differs(site, server):
    again = Site(seed=1, pages=120)
    other = Site(seed=2, pages=120)
    assert [p.path for p in again.pages] == [p.path for p in site.pages]
    sample = site.pages[::17]
    with start_server(again) as second, start_server(other) as third:
        for page in sample:
            first_body = fetch(server.base_url + page.path)[2]
            # Same Host spelling, so absolute URLs are equal too.
            second_body = fetch(second.base_url + page.path)[2].replace(
                second.base_url.encode(), server.base_url.encode()
            )
            assert first_body == second_body
        differing = [
            p
            for p in sample
            if fetch(third.base_url + p.path)[0] != 200
            or fetch(third.base_url + p.path)[2] != fetch(server.base_url + p.path)[2]
        ]
        assert differing


def test_page_sizes_within_bounds(site, server):
    for page in site.pages[::7]:
        status, _, body = fetch(server.base_url + page.path)
        assert status == 200
        assert 30_000 <= len(body) <= 300_000, (page.path, len(body))


def test_every_family_type_and_case_exists(site):
    pages = site.pages
    assert {p.family for p in pages} == {"aem", "hashed", "cps", "semantic"}
    assert {p.type for p in pages} == {
        "news",
        "transcript",
        "media-advisory",
        "official-text",
        "page",
        "event",
    }
    assert any(p.lang == "fr" and p.content_lang == "en" for p in pages)
    assert any(p.lang == "en" and p.content_lang == "fr" for p in pages)
    press_points = {p.published for p in pages if p.path.endswith("/press-point") and p.lang == "en"}
    assert len(press_points) >= 2
    assert any(p.repeated_lead for p in pages)
    assert any(p.type == "page" and p.updated == date(2023, 3, 3) for p in pages)
    assert [p for p in pages if p.disallowed and "/newsletter/" in p.path]
    assert any(p.in_sitemap and not p.in_search and p.type == "news" for p in pages)
    assert any(p.in_search and not p.in_sitemap for p in pages)


def test_small_site_keeps_special_cases():
    small = Site(seed=5, pages=40)
    assert len(small.pages) == 40
    assert {p.family for p in small.pages} == {"aem", "hashed", "cps", "semantic"}
    assert any(p.duplicate_of for p in small.pages)
    assert any(p.type == "event" for p in small.pages)


def test_pairs_share_path_after_language(site):
    pairs = [p for p in site.pages if p.lang == "en" and p.translation]
    assert len(pairs) > 20
    for page in pairs:
        other = site.page_for_path(page.translation)
        assert other.lang == "fr" and other.path[3:] == page.path[3:]


def test_urls_parse_as_their_type_and_date(site):
    for page in site.pages:
        info = url_info("http://x" + page.path)
        assert info is not None and info.type == page.type and info.lang == page.lang
        assert info.published == page.published
        assert page.lastmod >= (page.published or page.updated or page.lastmod)


def test_duplicate_repeats_body_exactly(site):
    duplicates = [p for p in site.pages if p.duplicate_of]
    assert duplicates
    for page in duplicates:
        original = site.page_for_path(page.duplicate_of)
        assert original.lang == page.lang and original.path != page.path
        if page.canonical == page.duplicate_of:  # a print version: its note, and a link to the original
            assert (
                page.paragraphs[:-1] == original.paragraphs
                and len(page.paragraphs) == len(original.paragraphs) + 1
            )
            html = render_page(site, page, "http://127.0.0.1:1").decode()
            assert f"http://127.0.0.1:1{original.path}" in html and "canonical" in html
        else:
            assert original.paragraphs == page.paragraphs


def test_body_mentions_newsletter_password_and_code(site):
    text = " ".join(" ".join(p.paragraphs) for p in site.pages if p.lang == "en")
    for word in ("newsletter", "password", "verification code"):
        assert word in text
    chrome_lines = {line for lines in CHROME_VARIANTS.values() for line in lines}
    for page in site.pages:
        assert not chrome_lines & set(page.paragraphs)


def test_typography_nbsp_and_quotes(site):
    french = " ".join(" ".join(p.paragraphs) for p in site.pages if p.content_lang == "fr")
    assert "\u00a0" in french and "«" in french and "\u2019" in french


def test_big_site_builds_and_renders_a_deep_page():
    big = Site(seed=3, pages=100_000)
    assert len(big.pages) == 100_000
    deep = big.pages[99_123]
    with start_server(big) as running:
        status, _, body = fetch(running.base_url + deep.path)
    assert status == 200 and deep.title.split()[0] in body.decode()


# -- routes ------------------------------------------------------------------------------------


def test_robots_has_sitemap_and_newsletter_rules(server):
    status, _, body = fetch(server.base_url + "/robots.txt")
    text = body.decode()
    assert status == 200
    assert f"Sitemap: {server.base_url}/sitemap.xml" in text
    assert "Disallow: */newsletter/*" in text and "Disallow: /*/newsletter/" in text


def _sitemap_entries(server) -> list[tuple[str, str]]:
    index = etree.fromstring(fetch(server.base_url + "/sitemap.xml")[2])
    children = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS)
    assert len(children) >= 2
    entries = []
    for child in children:
        urlset = etree.fromstring(fetch(child)[2])
        for url in urlset.xpath("//sm:url", namespaces=SITEMAP_NS):
            loc = url.findtext("sm:loc", namespaces=SITEMAP_NS)
            lastmod = url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
            entries.append((loc, lastmod))
    return entries


def test_every_sitemap_url_answers_200(site, server):
    entries = _sitemap_entries(server)
    assert {urlsplit(loc).path for loc, _ in entries} == {p.path for p in site.pages if p.in_sitemap}
    for loc, lastmod in entries:
        assert loc.startswith(server.base_url) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod)
        status, headers, _ = fetch(loc, "HEAD")
        assert status == 200, loc
        assert int(headers["Content-Length"]) >= 30_000


def _search(server, lang: str, section: str, page: int, size: int = 25) -> dict:
    url = (
        f"{server.base_url}/content/nato/{lang}/{section}/jcr:content/root/container/general_search.search.json"
        f"?query=&searchType=wcm&sortBy=dateDesc&pageSize={size}&page={page}"
    )
    status, headers, body = fetch(url)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    return json.loads(body)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("section", HUB_SECTIONS)
def test_search_paging_covers_all_newest_first(site, server, lang, section):
    first = _search(server, lang, section, 1, size=7)
    links, dates = [], []
    for number in range(1, first["numberOfPages"] + 1):
        for item in _search(server, lang, section, number, size=7)["pages"]:
            assert set(item) == {"title", "description", "link", "pageType", "pageDate"}
            links.append(item["link"].split("?")[0])
            dates.append(site.page_for_path(item["link"]).published)
    expected = {
        p.path for p in site.pages if p.in_search and p.lang == lang and p.type == SEARCH_TYPE[section]
    }
    assert expected and set(links) == expected and len(links) == len(expected)
    assert dates == sorted(dates, reverse=True)
    assert _search(server, lang, section, first["numberOfPages"] + 1)["pages"] == []


def test_french_search_dates_use_french_months(server):
    items = _search(server, "fr", HUB_SECTIONS[0], 1)["pages"]
    months = {item["pageDate"].split()[1] for item in items}
    assert months and months <= {
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    }


def test_legacy_redirects(site, server):
    with_legacy = [p for p in site.pages if p.legacy_paths]
    assert len(with_legacy) >= len(site.pages) // 5
    for page in with_legacy:
        for legacy_path in page.legacy_paths:
            status, headers, _ = fetch(server.base_url + legacy_path)
            assert status == 301 and headers["Location"] == server.base_url + page.path


def test_selected_locale_and_session_ids_win(site, server):
    pair = next(
        p
        for p in site.pages
        if p.lang == "en"
        and p.legacy_paths
        and p.translation
        and site.page_for_path(p.translation).legacy_paths
    )
    path = pair.legacy_paths[0]
    status, headers, _ = fetch(f"{server.base_url}{path}?selectedLocale=fr")
    assert status == 301 and headers["Location"].endswith(pair.translation)
    natolive = next(p for p in site.pages if any("/natolive/" in lp for lp in p.legacy_paths))
    session = re.sub(r"^/cps/en/", "/cps/en/SID-0A1B2C3D-4E5F6A7B/", natolive.legacy_paths[0])
    status, headers, _ = fetch(server.base_url + session)
    assert status == 301 and headers["Location"] == server.base_url + natolive.path


def test_citation_links_reach_legacy_urls_in_every_spelling(site, server):
    hrefs = []
    for page in site.pages:
        for block in page.blocks:
            hrefs += [part.href for part in block.inlines if part.kind == "link"]
    assert any(h.startswith("http://nato.int/cps/") for h in hrefs)
    assert any(h.startswith("https://www.nato.int/cps/") for h in hrefs)
    assert any(h.endswith("?selectedLocale=fr") for h in hrefs)
    assert any(h.startswith("/cps/") for h in hrefs)
    for href in hrefs:
        parts = urlsplit(href)
        status, _, _ = fetch(server.base_url + parts.path + (f"?{parts.query}" if parts.query else ""))
        assert status == 301, href


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("section", HUB_SECTIONS)
def test_hubs_are_shells_without_article_links(site, server, lang, section):
    status, _, body = fetch(f"{server.base_url}/{lang}/{section}")
    assert status == 200
    hrefs = lxml.html.fromstring(body).xpath("//a/@href")
    assert hrefs  # navigation is there
    for href in hrefs:
        path = urlsplit(href).path
        assert site.page_for_path(path) is None and url_info("http://x" + path) is None, href
    assert b"general_search.search.json" in body


def test_unknown_paths_are_404_and_requests_are_logged(server):
    before = len(server.request_log)
    assert fetch(server.base_url + "/en/nothing-here")[0] == 404
    assert fetch(server.base_url + "/sitemaps/sitemap-999.xml")[0] == 404
    assert server.request_log[before:] == [
        ("GET", "/en/nothing-here", 404),
        ("GET", "/sitemaps/sitemap-999.xml", 404),
    ]
    assert server.base_url.startswith("http://127.0.0.1:")


# -- markup and ground truth ---------------------------------------------------------------------


def test_expected_paragraphs_and_chrome_are_in_the_markup(site, server):
    for page in site.pages[::3]:
        text = page_text(fetch(server.base_url + page.path)[2])
        assert page.title in text
        for paragraph in page.paragraphs:
            assert paragraph in text, (page.path, paragraph)
        for line in site.chrome_wording[page.chrome]:
            assert line in text, (page.path, line)


def test_repeated_lead_is_printed_twice_but_expected_once(site, server):
    page = next(p for p in site.pages if p.repeated_lead)
    lead = page.paragraphs[0]
    text = page_text(fetch(server.base_url + page.path)[2])
    assert text.count(lead) == 2 and page.paragraphs.count(lead) == 1


def test_all_four_chrome_variants_occur(site):
    assert {p.chrome for p in site.pages} == set(CHROME_VARIANTS)


def test_chrome_wording_can_be_replaced(server):
    wording = {
        "en-x": ["Zorblax login panel for the xylophone archive"],
        "fr-x": ["Panneau zorblax pour l’archive du xylophone"],
    }
    custom = Site(seed=1, pages=40, chrome_wording=wording)
    with start_server(custom) as running:
        for page in custom.pages[:8]:
            text = page_text(fetch(running.base_url + page.path)[2])
            assert wording[page.chrome][0] in text
            assert "NATO MULTIMEDIA ACCOUNT" not in text and "COMPTE MULTIMÉDIA" not in text


def test_transcripts_have_subtitle_delivery_note_and_bold_speakers(site, server):
    transcript = next(p for p in site.pages if p.type == "transcript" and p.content_lang == "en")
    tree = lxml.html.fromstring(fetch(server.base_url + transcript.path)[2])
    assert "(As delivered)" in transcript.paragraphs
    speakers = [normalise(b.text_content()) for b in tree.xpath("//b|//strong")]
    assert any(s.startswith("NATO Secretary General") for s in speakers)
    assert transcript.blocks[0].kind == "subtitle"


def test_legacy_family_has_bullet_block_outside_the_body(site, server):
    page = next(p for p in site.pages if p.family == "cps" and p.lang == "en")
    text = page_text(fetch(server.base_url + page.path)[2])
    assert "Follow us on X: @NATO, @SecGenNATO and @NATOPress" in text
    assert "Last updated:" in text
    assert not any("Last updated" in paragraph or "Follow us" in paragraph for paragraph in page.paragraphs)
