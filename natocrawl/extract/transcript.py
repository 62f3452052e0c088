"""Transcript metadata: the subtitle under the title, and who speaks.

Both are read from the body paragraphs, helped by what the container's markup said before
Trafilatura flattened it: which lines were headings or wholly bold, and which bold runs
end in a colon. Class names are never read: the portal's templates vary too much.

Decisions: the subtitle is metadata only: it leaves the body once it is the `subtitle`
(one place, one meaning; the codebook says so); question markers ("Q", "Question",
"Question [Reuters]", "Q (AFP)") are not speakers: they say that someone asked, not who
spoke, and the outlet is kept in the body.
"""

import re
from collections import Counter
from dataclasses import dataclass

from natocrawl.extract.chrome import normalize_text
from natocrawl.extract.reading import text_of

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BOLD_TAGS = ("b", "strong")
# "LABEL:" opening a paragraph, or alone in it; French sets a (no-break) space before the colon.
_LABEL_PREFIX = re.compile(r"^(?P<label>[^:]{1,100}?)\s*:(?:\s|$)")
_MAX_LABEL_WORDS = 12
_MAX_NAME_WORDS = 8
# Sentence punctuation, quotes, or a long word ending in a full stop: prose, not a label
# ("M." and "Gen." abbreviate titles in labels).
_PROSE_MARKS = re.compile(r"[?!;«»\"“”]|\w{4,}\.(?:\s|$)")
_QUESTION_MARKER = re.compile(r"^(?:Q|Questions?)\.?\s*\d*\s*(?:[\[(][^\])]*[\])])?$", re.IGNORECASE)
_BRACKETED = re.compile(r"[\[(][^\])]*[\])]")
_ELISION = re.compile(r"^[dl][’']", re.IGNORECASE)  # l’OTAN, d’Italie
# Words a name or a title may carry in lower case ("Prime Minister of Iceland", "ministre de la Défense").
_PARTICLES = frozenset(
    ["of", "the", "and", "for", "de", "du", "des", "la", "le", "les", "et", "à", "van", "von", "der", "al"]
)
# "(As delivered)", "(Seul le texte prononcé fait foi)", "(Check against delivery)".
_NOTICE = re.compile(r"^\([^()]{3,60}\)$")
_SUBTITLE_MAX_CHARS = 300


@dataclass(frozen=True)
class Marks:
    """What the container's markup says about its lines, read before Trafilatura rewrites it."""

    emphasised: frozenset[str] = frozenset()  # comparison keys of heading and bold texts
    bold_labels: frozenset[str] = frozenset()  # keys of bold runs ending in a colon, colon dropped


def read_marks(container) -> Marks:
    if container is None:
        return Marks()
    emphasised, labels = set(), set()
    for element in container.iter(*_HEADING_TAGS, *_BOLD_TAGS):
        text = text_of(element)
        emphasised.add(normalize_text(text))
        if element.tag in _BOLD_TAGS and (label := _bold_label(text, element.tail or "")):
            labels.add(label)
    return Marks(frozenset(emphasised), frozenset(labels))


def _bold_label(text: str, tail: str) -> str | None:
    """`<b>Moderator:</b>` or `<b>Moderator</b>: …`, as a comparison key."""
    text = text.strip()
    if text.endswith(":"):
        return normalize_text(text[:-1])
    if text and tail.lstrip().startswith(":"):
        return normalize_text(text)
    return None


def read_transcript(
    paragraphs: list[str], marks: Marks, title: str, page_type: str | None
) -> tuple[str | None, list[str]]:
    """(subtitle, speakers) of a transcript; none for other types. A page of unknown type
    (an old /docu/speech/ address) counts as a transcript when two speakers or more take turns."""
    if page_type not in ("transcript", None):
        return None, []
    speakers = find_speakers(paragraphs, marks)
    if page_type is None and len(speakers) < 2:
        return None, []
    return find_subtitle(paragraphs, marks, title), speakers


def label_prefix(paragraph: str) -> str | None:
    """The "NAME:" a paragraph opens with, whitespace collapsed and colon dropped, if it
    reads as a label rather than the start of a sentence."""
    match = _LABEL_PREFIX.match(paragraph)
    if not match:
        return None
    label = " ".join(match["label"].split())  # str.split also splits at no-break spaces
    if not label[:1].isupper() or len(label.split()) > _MAX_LABEL_WORDS or _PROSE_MARKS.search(label):
        return None
    return label


def _name_like(label: str) -> bool:
    """Every word capitalised but for particles: "NATO Secretary General Mark Rutte", not
    "Let me be clear"."""
    words = _BRACKETED.sub(" ", label).replace(",", " ").split()
    return 0 < len(words) <= _MAX_NAME_WORDS and all(
        _ELISION.sub("", word)[:1].isupper() or word[:1].isdigit() or word.casefold() in _PARTICLES
        for word in words
    )


def find_speakers(paragraphs: list[str], marks: Marks) -> list[str]:
    """Distinct speaker labels in order of first appearance. A label in bold is one; a plain
    prefix is one when it recurs, or reads as a name on a page without bold labels (where
    bold labels exist, a plain prefix that is not one of them is more likely prose)."""
    prefixes = [label_prefix(paragraph) for paragraph in paragraphs]
    counts = Counter(normalize_text(label) for label in prefixes if label)
    speakers, seen = [], set()
    for label in filter(None, prefixes):
        key = normalize_text(label)
        if key in seen or _QUESTION_MARKER.match(label):
            continue
        if key in marks.bold_labels or counts[key] > 1 or (not marks.bold_labels and _name_like(label)):
            seen.add(key)
            speakers.append(label)
    return speakers


def find_subtitle(paragraphs: list[str], marks: Marks, title: str) -> str | None:
    """The first body line, when the page sets it apart as the line under the title: a
    heading or a wholly bold line, or a line without a full stop right above the
    "(As delivered)" notice. Never a notice, a bare label, or the title again."""
    if not paragraphs:
        return None
    first = paragraphs[0]
    key = normalize_text(first)
    if (
        len(first) > _SUBTITLE_MAX_CHARS
        or _NOTICE.match(first)
        or first.endswith(":")
        or key == normalize_text(title)
    ):
        return None
    if key in marks.emphasised:
        return first
    above_notice = len(paragraphs) > 1 and _NOTICE.match(paragraphs[1])
    if above_notice and not first.endswith((".", "!", "?")) and not label_prefix(first):
        return first
    return None
