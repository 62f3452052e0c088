"""canonical_url against 20,000 seeded URLs a crawl may meet, clean and broken: it must never
raise, never leave the base URL's origin, and give a URL that canonicalises to itself."""

import functools
import random
from urllib.parse import urlsplit

import pytest

from natocrawl.urls import absolute_url, canonical_url

SEED = 20240611
COUNT = 20_000
BASES = ("http://127.0.0.1:8002", "https://www.nato.int")

_DATED = (
    "news-and-events/articles/news",
    "news-and-events/events/transcripts",
    "news-and-events/events/media-advisories",
    "about-us/official-texts-and-resources/official-texts",
)
_WORDS = ("allies", "meet", "summit", "press-point", "déclaration", "2025", "nato", "x", "défense", "q_a")
_HOSTS = (
    "https://www.nato.int",
    "http://www.nato.int",
    "http://nato.int",
    "https://nato.int",
    "//www.nato.int",
    "HTTPS://WWW.NATO.INT",
    "http://www.nato.int:80",
    "https://www.nato.int:443",
    "https://www.nato.int.",
    "http://ｗｗｗ．ｎａｔｏ．ｉｎｔ",
)
BASE = "\ue000"  # stands for the base URL: one character, so that no mutation splits it
_BASE_LIKE = (BASE, BASE, "")  # the base itself, or no host at all (a root-relative link)
_FOREIGN = (
    "https://example.org",
    "http://127.0.0.1:9000",
    "//127.0.0.1:9000",
    "https://www.nato.int:8443",
    "http://www.nato.int:443",
    "http://127.0.0.1:8002@evil.com",
    "http://evil.com@127.0.0.1:8002",
    "https://user:pw@www.nato.int",
    "http://www.nаto.int",  # a Cyrillic а
    "http://xn--nato-int.example",
    "http://[::1",
    "http://[::1]:8002",
    "http://127.0.0.1:99999",
    "http://127.0.0.1:-1",
    "http://127.0.0.1:8o02",
    "http:\\\\evil.com",
    "\\\\evil.com",
    "/\\evil.com",
    "mailto:press@hq.nato.int?x=",
    "javascript:alert(1)//",
    "ftp://www.nato.int",
    "data:text/html,",
    "http://[v1.x]",
    "http://www.nato.int\ud800",
    "http://www.nato.int%2f",
)
_NASTY = (
    "\ud800",
    "\udfff",
    "\u202e",
    "\u200f",
    "🛡️",
    "\x00",
    "\x01",
    "\x7f",
    "\t",
    "\n",
    "\r",
    " ",
    "\\",
    "%",
    "%zz",
    "%2e%2e/",
    "%2F",
    "%25",
    "%C3%A9",
    "%FF",
    "[",
    "]",
    "@",
    ":",
    "#",
    "?",
    "&",
    "=",
    "../",
    "./",
    "//",
    ";p=1",
    "\u3000",
    "\xa0",
    "é",
)
_PARAMS = ("a=1", "a=2", "a=1", "b=", "b", "", "=", "selectedLocale=fr", "selectedLocale=null")
_PARAMS += ("utm_source=x", "utm_medium=", "q=a+b", "q=a%20b", "page=2", "%73electedLocale=fr", "k=%zz")


_LEGACY_FILES = ("news_", "opinions_", "official_texts_")


def _portal_path(rng: random.Random) -> str:
    lang = rng.choice(("en", "fr"))
    slug = "-".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
    year, month, day = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    shapes = (
        f"/{lang}/{rng.choice(_DATED)}/{year}/{month:02}/{day:02}/{slug}",
        f"/{lang}/news-and-events/events/{year}/{month:02}/{slug}",
        f"/{lang}/{rng.choice(('about-us', 'what-we-do'))}/organization/{slug}",
        f"/{lang}/what-we-do/{slug}",
        f"/cps/{lang}/natohq/{rng.choice(_LEGACY_FILES)}{rng.randrange(10**6)}.htm",
        f"/cps/{lang}/SID-{rng.randrange(16**8):08X}-{rng.randrange(16**8):08x}/natolive/news_{day}.htm",
        f"/docu/{rng.choice(('speech', 'pr'))}/{year}/s{year % 100:02}{month:02}{day:02}a.htm",
        "/",
    )
    path = rng.choice(shapes)
    return path + "/" if path != "/" and rng.random() < 0.2 else path


def _query(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return ""
    return "?" + "&".join(rng.choice(_PARAMS) for _ in range(rng.randint(1, 5)))


def _mutate(rng: random.Random, url: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(url))
        url = url[:at] + rng.choice(_NASTY) + url[at:]
    return url


def _fuzz_url(rng: random.Random) -> tuple[str, str | None]:
    """A link, and what it is when left intact: "portal", "foreign" or None (damaged, unknown)."""
    roll = rng.random()
    if roll < 0.45:
        origin = rng.choice(_HOSTS + _BASE_LIKE)
    elif roll < 0.6:
        origin = rng.choice(_FOREIGN)
    else:
        origin = rng.choice(_HOSTS + _BASE_LIKE + _FOREIGN)
    kind = "foreign" if origin in _FOREIGN else "portal"
    url = origin + _portal_path(rng) + _query(rng)
    if rng.random() < 0.15:
        url += "#" + rng.choice(("top", "", "a#b", "é"))
    if rng.random() < 0.4:
        url, kind = _mutate(rng, url), None
    if rng.random() < 0.05:
        url, kind = rng.choice(("./", "../", "", "en/")) + url.lstrip("/"), None
    if rng.random() < 0.01:
        url += "/" + "long-segment" * rng.randint(100, 800)
    if rng.random() < 0.05:
        url = rng.choice((" ", "\t", "\x00", "\n ", "\u3000")) + url + rng.choice(("", " ", "\r\n"))
    return url, kind


@functools.cache
def _templates(seed: int, count: int) -> tuple[tuple[str, str | None], ...]:
    rng = random.Random(seed)
    return tuple(_fuzz_url(rng) for _ in range(count))


def fuzz_urls(base: str, seed: int = SEED, count: int = COUNT) -> list[tuple[str, str | None]]:
    """Links as a portal page may hold them: mostly portal URLs, some foreign or broken."""
    return [(url.replace(BASE, base), kind) for url, kind in _templates(seed, count)]


def on_origin(url: str, base: str) -> bool:
    """Same scheme, host and port as `base`, and nothing (userinfo) that could hide another."""
    parts, origin = urlsplit(url), urlsplit(base)
    return (
        url.startswith(base + "/")
        and (parts.scheme, parts.hostname, parts.port) == (origin.scheme, origin.hostname, origin.port)
        and "@" not in parts.netloc
    )


FAULTS = ("raised", "foreign_taken", "portal_refused", "off_origin", "unstable")


def survey(base: str, urls: list[tuple[str, str | None]]) -> dict[str, list]:
    """Each URL's fate. Faults: it raised, was taken though foreign, was refused though an
    intact portal URL, came out off the base's origin, or came out changing when canonicalised again."""
    fates = {key: [] for key in (*FAULTS, "accepted", "rejected")}
    for url, kind in urls:
        try:
            canonical = canonical_url(url, base)
        except Exception as error:  # any exception is the fault counted here
            fates["raised"].append((url, repr(error)))
            continue
        fates["rejected" if canonical is None else "accepted"].append(url)
        if kind == "foreign" and canonical is not None:
            fates["foreign_taken"].append((url, canonical))
        if kind == "portal" and canonical is None:
            fates["portal_refused"].append(url)
        if canonical is None:
            continue
        if not on_origin(canonical, base):
            fates["off_origin"].append((url, canonical))
        try:
            again = canonical_url(canonical, base)
        except Exception as error:
            again = repr(error)
        if again != canonical:
            fates["unstable"].append((url, canonical, again))
    return fates


@pytest.mark.parametrize("base", BASES)
def test_fuzzed_urls_never_raise_stay_on_origin_and_are_idempotent(base):
    urls = fuzz_urls(base)
    fates = survey(base, urls)
    print(base, {fate: len(found) for fate, found in fates.items()})  # shown by `pytest -s`
    assert {fault: fates[fault][:3] for fault in FAULTS} == {fault: [] for fault in FAULTS}
    # Most generated URLs are portal URLs, many of them damaged: neither taking nor refusing
    # everything can pass.
    assert len(fates["accepted"]) >= 0.3 * len(urls)
    assert len(fates["rejected"]) >= 0.1 * len(urls)
    kinds = [kind for _, kind in urls]
    assert min(kinds.count("portal"), kinds.count("foreign"), kinds.count(None)) >= 0.1 * len(urls)


def test_fuzz_is_reproducible_and_varied():
    assert _templates.__wrapped__(SEED, 50) == _templates(SEED, COUNT)[:50]
    assert len(set(fuzz_urls(BASES[0]))) > 0.9 * COUNT


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize(
    "raw, path",
    [
        (
            "/en/news-and-events/articles/news/2025/05/26/press-point/",
            "/en/news-and-events/articles/news/2025/05/26/press-point",
        ),
        (
            "http://www.nato.int:80/en/what-we-do/deterrence?b=2&a=1&a=0",
            "/en/what-we-do/deterrence?a=0&a=1&b=2",
        ),
        ("HTTPS://WWW.NATO.INT/fr/about-us/organization#top", "/fr/about-us/organization"),
        (
            "//nato.int/cps/en/natohq/news_123.htm?selectedLocale=fr&utm_source=x",
            "/cps/fr/natohq/news_123.htm",
        ),
        (
            "https://www.nato.int/cps/en/SID-0A1B2C3D-4E5F6A7B/natolive/opinions_1.htm",
            "/cps/en/natolive/opinions_1.htm",
        ),
        ("/docu/speech/2002/s020522a.htm", "/docu/speech/2002/s020522a.htm"),
        (
            "/en/news-and-events/events/2025/06/the-hague-summit",
            "/en/news-and-events/events/2025/06/the-hague-summit",
        ),
        ("\t/en/what-\nwe-do/x\r\n ", "/en/what-we-do/x"),
        ("/en/what-we-do/a/../b", "/en/what-we-do/b"),
        ("/fr/what-we-do/défense", "/fr/what-we-do/d%C3%A9fense"),
    ],
)
def test_known_portal_urls_map_to_their_canonical_form(base, raw, path):
    assert canonical_url(raw, base) == base + path


@pytest.mark.parametrize("base", BASES)
def test_fuzzed_links_resolved_against_a_page_never_raise(base):
    page = base + "/en/news-and-events/articles/news/2025/05/26/press-point"
    resolved = 0
    for url, kind in fuzz_urls(base)[:2000]:
        if (absolute := absolute_url(url, page)) is None:
            continue
        resolved += 1
        assert urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).hostname
        canonical = canonical_url(absolute, base)
        assert canonical is None or on_origin(canonical, base)
        if kind and url.startswith("http"):  # an intact link with its origin: the page does not matter
            assert canonical == canonical_url(url, base)
    assert resolved >= 0.5 * 2000
