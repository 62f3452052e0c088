"""Body paragraphs: Trafilatura on the isolated container, then our own clean-up."""

import functools
import re

from natocrawl.extract.chrome import is_chrome_text, is_short_chrome, normalize_text
from natocrawl.extract.container import PROSE_CHARS
from natocrawl.lean_imports import import_without

# Trafilatura's output elements that are paragraphs of the body, in document order.
_PARAGRAPH_TAGS = ("p", "head", "item", "quote", "code", "cell")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not NBSP: it is part of NATO's typography
# Trafilatura turns no-break spaces into plain ones; French typography needs them kept
# ("3,9\u00a0%", "Solvang\u00a0:"), so they travel through it as private-use characters.
_PROTECT = str.maketrans({"\u00a0": "\ue000", "\u202f": "\ue001"})
_RESTORE = str.maketrans({"\ue000": "\u00a0", "\ue001": "\u202f"})


def _protect_no_break_spaces(document) -> None:
    for element in document.iter():
        if element.text:
            element.text = element.text.translate(_PROTECT)
        if element.tail:
            element.tail = element.tail.translate(_PROTECT)


@functools.cache
def _trafilatura():
    """Trafilatura, imported when first used (a crawl's main process never extracts) and
    without py3langid, which it imports for a language filter we do not use and which brings
    numpy in: 12 MB in every process. language.py loads py3langid itself when a text needs it."""
    return import_without("trafilatura", ("py3langid",))


def trafilatura_paragraphs(document) -> list[str]:
    _protect_no_break_spaces(document)
    extracted = _trafilatura().bare_extraction(
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
        if (
            element.tag in ("p", "quote")
            and element.getparent() is not None
            and element.getparent().tag in ("item", "cell")
        ):
            continue  # already taken whole with its list item or table cell
        paragraphs.extend(text.translate(_RESTORE) for text in _split_at_line_breaks(element))
    return paragraphs


def _split_at_line_breaks(element) -> list[str]:
    """The element's text, one paragraph per run between line breaks (old pages separate
    paragraphs, and contact lines, with <br>)."""
    runs: list[list[str]] = [[]]

    def walk(node):
        runs[-1].append(node.text or "")
        for child in node:
            if child.tag == "lb":
                runs.append([])
            else:
                walk(child)
            runs[-1].append(child.tail or "")

    walk(element)
    texts = (_SPACES.sub(" ", "".join(run)).strip() for run in runs)
    return [text for text in texts if text]


def clean_paragraphs(paragraphs: list[str], title: str, is_noise) -> list[str]:
    """Drop chrome and metadata lines, the title repeated as a paragraph, and doubled leads."""
    cleaned: list[str] = []
    title_key = normalize_text(title)
    for index, text in enumerate(paragraphs):
        key = normalize_text(text)
        if is_noise(text) or is_chrome_paragraph(paragraphs, index):
            continue
        if key == title_key and all(len(done) < PROSE_CHARS for done in cleaned):
            continue  # the title printed again above the body (after a kicker or header line)
        if cleaned and normalize_text(cleaned[-1]) == key:
            continue  # some old articles print their lead paragraph twice in a row
        cleaned.append(text)
    return cleaned


def is_chrome_paragraph(paragraphs: list[str], index: int) -> bool:
    """A chrome line; a short one ("Register") only next to another chrome line."""
    text = paragraphs[index]
    if not is_chrome_text(text):
        return False
    if not is_short_chrome(text):
        return True
    neighbours = paragraphs[max(index - 1, 0) : index] + paragraphs[index + 1 : index + 2]
    return any(is_chrome_text(neighbour) for neighbour in neighbours)
