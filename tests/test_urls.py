import subprocess
import sys
from datetime import date

import pytest

from natocrawl.urls import absolute_url, canonical_url, is_legacy, translation_url, url_info

BASE = "https://www.nato.int"
REPLICA = "http://127.0.0.1:8123"


@pytest.mark.parametrize(
    "raw, base, expected",
    [
        (
            "https://www.nato.int/en/news-and-events/articles/news/2025/05/26/press-point?selectedLocale=null",
            BASE,
            "https://www.nato.int/en/news-and-events/articles/news/2025/05/26/press-point",
        ),
        (
            "http://nato.int/en/about-us/organization/?utm_source=x&utm_medium=y#top",
            BASE,
            "https://www.nato.int/en/about-us/organization",
        ),
        (
            "https://www.nato.int/en/news-and-events/articles/news/2025/05/26/x",
            REPLICA,
            REPLICA + "/en/news-and-events/articles/news/2025/05/26/x",
        ),
        ("/fr/what-we-do/deterrence?b=2&a=1", REPLICA, REPLICA + "/fr/what-we-do/deterrence?a=1&b=2"),
        # selectedLocale wins over the path's language on legacy URLs
        (
            "http://www.nato.int/cps/en/natohq/news_123456.htm?selectedLocale=fr",
            BASE,
            "https://www.nato.int/cps/fr/natohq/news_123456.htm",
        ),
        (
            "https://nato.int/cps/en/SID-0A1B2C3D-4E5F6A7B/natolive/opinions_1234.htm",
            BASE,
            "https://www.nato.int/cps/en/natolive/opinions_1234.htm",
        ),
        ("https://example.org/en/news-and-events/articles/news/2025/05/26/x", BASE, None),
        ("mailto:press@hq.nato.int", BASE, None),
    ],
)
def test_canonical_url(raw, base, expected):
    assert canonical_url(raw, base) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "http://[::1/en/x",
        "//[::1/x",
        "http://[vz]/en/x",
        "http://127.0.0.1:99999/x",
        "http://127.0.0.1:8123:8123/x",
        "/en/what-we-do/\ud800",
        "http://www.nato.int\udfff/en/x",
        "/en/what-we-do/x?q=\ud800",
    ],
)
def test_what_cannot_be_parsed_is_none_not_an_exception(raw):
    assert canonical_url(raw, REPLICA) is None
    assert absolute_url(raw, REPLICA + "/en/what-we-do/x") is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        # a percent-escaped key is the same key: dropped the first time, not the second
        ("/en/what-we-do/x?a=1&%73electedLocale=fr&utm%5Fsource=y", "/en/what-we-do/x?a=1"),
        (
            "/cps/en/SID-0A1B2C3D-4E5F6A7B/SID-1A1B2C3D-4E5F6A7B/natolive/news_1.htm",
            "/cps/en/natolive/news_1.htm",
        ),
        ("cps/fr/SID-0A1B2C3D-4E5F6A7B/natolive/news_1.htm", "/cps/fr/natolive/news_1.htm"),
        ("/en/what-we-do/x/%2e%2e/", "/en/what-we-do"),
        ("/en/what-we-do/x/..", "/en/what-we-do"),
        ("/en/what-we-do//", "/en/what-we-do"),
        ("/en/what-we-do/x\\", "/en/what-we-do/x"),
        # "?selectedLocale" is another key, kept: escaped the first time, as it is the second
        (
            "/cps/en/natohq/news_1.htm??selectedLocale=null&b",
            "/cps/en/natohq/news_1.htm?%3FselectedLocale=null&b=",
        ),
    ],
)
def test_canonical_url_is_idempotent(raw, expected):
    canonical = canonical_url(raw, REPLICA)
    assert canonical == REPLICA + expected
    assert canonical_url(canonical, REPLICA) == canonical


def test_repeated_query_parameters_are_kept():
    raw = "/en/what-we-do/x?a=2&selectedLocale=fr&a=1&utm_source=x&b=&a=1"
    assert canonical_url(raw, BASE) == BASE + "/en/what-we-do/x?a=1&a=1&a=2&b="


@pytest.mark.parametrize(
    "raw",
    [
        "http://127.0.0.1:9000/en/x",
        "//127.0.0.1:9000/x",
        "https://127.0.0.1:8002/en/x",  # same host and port, other scheme
        "http://127.0.0.1:8002@evil.com/",
        "http://evil.com@127.0.0.1:8002/en/x",
        "https://user:pw@www.nato.int/en/x",
        "https://www.nato.int:8443/en/x",
        "http://www.nato.int:443/en/x",
        "http://www.n\u0430to.int/en/x",  # a Cyrillic а
        "http:\\\\evil.com\\en\\x",
        "\\\\evil.com/en/x",
        "/\\evil.com/en/x",
        "http:///evil.com/en/x",
        "https:evil.com/en/x",  # another scheme than the base's: what follows is the host
        "http://",  # an authority with no host: browsers refuse it
        "//",
        "ftp://www.nato.int/en/x",
        "javascript:alert(1)//www.nato.int/en/x",
    ],
)
def test_urls_off_the_base_origin_are_none(raw):
    assert canonical_url(raw, "http://127.0.0.1:8002") is None


@pytest.mark.parametrize(
    "raw",
    [
        "http://127.0.0.1:8002/en/x",
        "HTTP://127.0.0.1:8002/en/x#top",
        "http://www.nato.int:80/en/x",
        "https://WWW.NATO.INT:443/en/x",
        "https://nato.int./en/x",
        "http://\uff57\uff57\uff57.nato.int/en/x",  # fullwidth letters: IDNA maps them to ASCII
        "http:/en/x",  # the base's own scheme and no authority: a path on the base
        "http:en/x",
        "\t /en/\nx\r\n",
        "\\en\\x",
    ],
)
def test_spellings_of_a_portal_url_on_the_base_origin(raw):
    assert canonical_url(raw, "http://127.0.0.1:8002") == "http://127.0.0.1:8002/en/x"


@pytest.mark.parametrize(
    "href, page, expected",
    [
        ("../b", "http://h/a/c/d", "http://h/a/b"),
        (" /en/x\n", "http://h/a", "http://h/en/x"),
        ("?page=2", "http://h/a?page=1#x", "http://h/a?page=2"),
        ("//evil.com/x", "https://h/a", "https://evil.com/x"),
        ("\\\\evil.com\\x", "http://h/a", "http://evil.com/x"),
        ("https://www.nato.int/en/x", "http://h/a", "https://www.nato.int/en/x"),
        ("mailto:press@hq.nato.int", "http://h/a", None),
        ("x", "http://[::1/a", None),
        ("x", "not a url", None),
    ],
)
def test_absolute_url_resolves_a_link_as_a_browser_follows_it(href, page, expected):
    assert absolute_url(href, page) == expected


@pytest.mark.parametrize("url", ["http://[::1/x", "http://127.0.0.1:99999/x"])
def test_extract_command_refuses_an_unparsable_url_in_one_line(url):
    result = subprocess.run(
        [sys.executable, "-c", "from natocrawl.cli import main; main()", "extract", "-", "--url", url],
        input="<html><body><main><h1>T</h1><p>Some text.</p></main></body></html>",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("natocrawl: ") and "--url" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize(
    "url, lang, type_, published, slug",
    [
        (
            "/en/news-and-events/articles/news/2026/02/06/allies-meet",
            "en",
            "news",
            date(2026, 2, 6),
            "allies-meet",
        ),
        (
            "/fr/news-and-events/events/transcripts/2024/11/18/press-point",
            "fr",
            "transcript",
            date(2024, 11, 18),
            "press-point",
        ),
        (
            "/en/news-and-events/events/media-advisories/2025/06/23/summit",
            "en",
            "media-advisory",
            date(2025, 6, 23),
            "summit",
        ),
        (
            "/en/about-us/official-texts-and-resources/official-texts/2025/06/25/declaration",
            "en",
            "official-text",
            date(2025, 6, 25),
            "declaration",
        ),
        ("/en/news-and-events/events/2025/06/the-hague-summit", "en", "event", None, "the-hague-summit"),
        ("/fr/about-us/organization/structure", "fr", "page", None, "structure"),
        ("/en/what-we-do/deterrence-and-defence", "en", "page", None, "deterrence-and-defence"),
        ("/cps/fr/natohq/opinions_123456.htm", "fr", "transcript", None, "opinions_123456"),
        ("/cps/en/natohq/official_texts_12345.htm", "en", "official-text", None, "official_texts_12345"),
    ],
)
def test_url_info(url, lang, type_, published, slug):
    info = url_info(REPLICA + url)
    assert (info.lang, info.type, info.published, info.slug) == (lang, type_, published, slug)


@pytest.mark.parametrize(
    "url",
    [
        "/de/news-and-events/articles/news/2026/02/06/x",
        "/en/news-and-events/articles/news/2026/02/30/impossible-date",
        "/en/news-and-events/articles/news",
        "/content/nato/en/news-and-events/articles/news/jcr:content/root/container/general_search.search.json",
    ],
)
def test_url_info_rejects_what_is_not_an_article(url):
    assert url_info(REPLICA + url) is None


def test_translation_url_swaps_language_both_ways():
    en = REPLICA + "/en/news-and-events/articles/news/2026/02/06/x"
    fr = translation_url(en)
    assert fr == REPLICA + "/fr/news-and-events/articles/news/2026/02/06/x"
    assert translation_url(fr) == en
    assert translation_url(REPLICA + "/cps/en/natohq/news_1.htm") is None


def test_is_legacy():
    assert is_legacy("/docu/speech/2002/s020522a.htm")
    assert is_legacy("https://www.nato.int/cps/en/natolive/news_1.htm")
    assert not is_legacy("/en/news-and-events/articles/news/2026/02/06/x")
