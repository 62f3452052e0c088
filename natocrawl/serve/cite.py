"""How to cite an archived page: a plain-text reference (APA-like), a BibTeX entry, and the
facts that pin the text down (portal URL, archive permalink, version, capture date, hash)."""

import re
from dataclasses import dataclass
from datetime import date

from natocrawl.dates import parse_date

AUTHOR = "North Atlantic Treaty Organization"
KINDS = {
    "news": "News article",
    "transcript": "Transcript",
    "media-advisory": "Media advisory",
    "official-text": "Official text",
    "event": "Event",
    "page": "Web page",
}
LANGUAGES = {"en": "english", "fr": "french"}


@dataclass(frozen=True)
class Citation:
    text: str
    bibtex: str
    facts: dict[str, str]


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}%&$#_])", r"\\\1", text)


def _key(article: dict, published: date | None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", article["url"].rstrip("/").rsplit("/", 1)[-1].lower()).strip("-")
    return f"nato{published.year if published else 'nd'}{article['lang']}-{slug[:40]}"


def cite(article: dict, version: dict, permalink: str) -> Citation:
    """The citation of `article` (a row of articles) as its `version` (a row of
    article_versions) reads, the archive's page being at `permalink`."""
    published = parse_date(article.get("published") or "") or parse_date(article.get("updated") or "")
    captured = (version.get("captured_at") or article.get("captured_at") or "")[:10]
    kind = KINDS.get(article.get("type") or "", "Web page")
    title = version.get("title") or article.get("title") or article["url"]
    when = f"{published:%Y, %B} {published.day}" if published else "n.d."
    text = (
        f"{AUTHOR}. ({when}). {title} [{kind}]. NATO. {article['url']}"
        f" (captured {captured or 'unknown'}; archived copy, version {version['version']}: {permalink})"
    )
    fields = {
        "author": "{" + AUTHOR + "}",
        "title": "{" + _bibtex_escape(title) + "}",
        "year": str(published.year) if published else None,
        "month": f"{published:%b}".lower() if published else None,
        "howpublished": "{NATO}",
        "url": "{" + article["url"] + "}",
        "urldate": "{" + captured + "}" if captured else None,
        "language": "{" + LANGUAGES.get(article.get("lang") or "", "") + "}",
        "note": "{"
        + _bibtex_escape(f"{kind}; archived copy, version {version['version']}: ")
        + permalink
        + "}",
    }
    entry = ",\n".join(f"  {name} = {value}" for name, value in fields.items() if value and value != "{}")
    facts = {
        "portal URL": article["url"],
        "archive permalink": permalink,
        "version": str(version["version"]),
        "captured": version.get("captured_at") or article.get("captured_at") or "unknown",
        "content hash (SHA-256)": version.get("content_hash") or article.get("content_hash") or "",
    }
    return Citation(text, f"@misc{{{_key(article, published)},\n{entry}\n}}", facts)
