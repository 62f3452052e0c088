"""Body paragraphs: Trafilatura on the isolated container, then our own clean-up."""

import re

import trafilatura

from natocrawl.extract.chrome import is_chrome_text, normalize_text

# Trafilatura's output elements that are paragraphs of the body, in document order.
_PARAGRAPH_TAGS = ("p", "head", "item", "quote", "code", "cell")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not NBSP: it is part of NATO's typography


def trafilatura_paragraphs(document) -> list[str]:
    extracted = trafilatura.bare_extraction(
        document,
        fast=True,  # no second-opinion extractors: the container is already isolated
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
        deduplicate=False,
    )
    if extracted is None or extracted.body is None:
        return []
    paragraphs = []
    for element in extracted.body.iter(*_PARAGRAPH_TAGS):
        if element.tag in ("p", "quote") and element.getparent() is not None and element.getparent().tag in ("item", "cell"):
            continue  # already taken whole with its list item or table cell
        text = _SPACES.sub(" ", "".join(element.itertext())).strip()
        if text:
            paragraphs.append(text)
    return paragraphs


def clean_paragraphs(paragraphs: list[str], title: str, is_noise) -> list[str]:
    """Drop chrome and metadata lines, the title repeated as a paragraph, and doubled leads."""
    cleaned: list[str] = []
    title_key = normalize_text(title)
    for text in paragraphs:
        key = normalize_text(text)
        if is_chrome_text(text) or is_noise(text):
            continue
        if not cleaned and key == title_key:
            continue
        if cleaned and normalize_text(cleaned[-1]) == key:
            continue  # some old articles print their lead paragraph twice in a row
        cleaned.append(text)
    return cleaned
