from datetime import date

import pytest

from natocrawl.urls import canonical_url, is_legacy, translation_url, url_info

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
