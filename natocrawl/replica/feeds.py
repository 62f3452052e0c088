"""Machine-readable routes: robots.txt, the sitemap index and its children, the JSON search."""

import json
import math
from xml.sax.saxutils import escape

from natocrawl.replica import vocab
from natocrawl.replica.render import HUBS, search_endpoint

PAGE_TYPE_LABELS = {
    "en": {"news": "News", "transcript": "Transcript", "media-advisory": "Media Advisory"},
    "fr": {"news": "Actualités", "transcript": "Transcription", "media-advisory": "Avis aux médias"},
}


def robots_txt(base: str) -> bytes:
    # The first pattern is the portal's reported one; the second spells the same rule the classic way.
    return (
        f"User-agent: *\nDisallow: */newsletter/*\nDisallow: /*/newsletter/\n\nSitemap: {base}/sitemap.xml\n"
    ).encode()


def sitemap_chunk_size(site) -> int:
    # Small sites still get several children; big ones stay well under 50,000 URLs each.
    return max(50, min(5000, len(site.pages) // 20))


def sitemap_chunks(site) -> list[list]:
    pages, size = site.sitemap_pages(), sitemap_chunk_size(site)
    return [pages[i : i + size] for i in range(0, len(pages), size)]


def sitemap_index(site, base: str) -> bytes:
    entries = []
    for number, chunk in enumerate(sitemap_chunks(site), start=1):
        lastmod = max(page.lastmod for page in chunk).isoformat()
        entries.append(
            f"<sitemap><loc>{escape(base)}/sitemaps/sitemap-{number}.xml</loc>"
            f"<lastmod>{lastmod}</lastmod></sitemap>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries)
        + "\n</sitemapindex>\n"
    ).encode("utf-8")


def sitemap_child(site, base: str, number: int) -> bytes | None:
    chunks = sitemap_chunks(site)
    if not 1 <= number <= len(chunks):
        return None
    urls = "\n".join(
        f"<url><loc>{escape(base + page.path)}</loc><lastmod>{page.lastmod.isoformat()}</lastmod></url>"
        for page in chunks[number - 1]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "\n</urlset>\n"
    ).encode("utf-8")


def search_json(site, lang: str, type_: str, page_size: int, page_number: int) -> bytes:
    """The hub search: newest first; 1-based pages; an out-of-range page lists nothing."""
    found = site.search_pages(lang, type_)
    page_size = max(1, min(page_size, 100))
    start = (page_number - 1) * page_size
    selected = found[start : start + page_size] if page_number >= 1 else []
    items = [
        {
            "title": page.title,
            "description": page.description,
            # Some links carry the portal's locale switch, as reported for the live site.
            "link": page.path + ("?selectedLocale=null" if page.index % 3 == 0 else ""),
            "pageType": PAGE_TYPE_LABELS[lang][type_],
            "pageDate": vocab.date_padded(page.published, lang),
        }
        for page in selected
    ]
    payload = {"pages": items, "numberOfPages": math.ceil(len(found) / page_size)}
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def hub_for_search_path(path: str) -> tuple[str, str] | None:
    """(lang, type) for a search endpoint path, else None."""
    for type_ in HUBS:
        for lang in ("en", "fr"):
            if path == search_endpoint(lang, type_):
                return lang, type_
    return None


def hub_for_path(path: str) -> tuple[str, str] | None:
    for type_, section in HUBS.items():
        for lang in ("en", "fr"):
            if path.rstrip("/") == f"/{lang}/{section}":
                return lang, type_
    return None
