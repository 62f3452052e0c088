"""Pull quotes: a sentence of the body printed again, larger, beside it. The repeat is
furniture; the body keeps its sentence. Found by what repeats, not by markup: a text block
whose words (quotation marks and a trailing attribution aside) stand again in another
block of the article. Of two equal blocks, the quotation-like one goes, else the later.
"""

import re

from lxml import etree

from natocrawl.extract.chrome import drop_element, normalize_text
from natocrawl.extract.furniture import BLOCK_TAGS, HEADING_TAGS
from natocrawl.extract.reading import text_of

_QUOTE_MARKS = re.compile(r"[\"“”„«»‘’']")
# "— Mark Rutte, NATO Secretary General" after the quoted words.
_ATTRIBUTION = re.compile(r"\s[—–-]\s*[^—–-]{2,80}$")
_MIN_WORDS = 8
_ATTRIBUTION_CHARS = 80
_QUOTE_TAGS = ("blockquote", "q", "aside", "figure")


def _core(text: str) -> str:
    text = normalize_text(_QUOTE_MARKS.sub(" ", text))
    return " ".join(_ATTRIBUTION.sub("", text).split())


def _leaves(container) -> list:
    """Blocks holding text of their own and no block inside them, in document order."""
    tags = BLOCK_TAGS | frozenset(HEADING_TAGS)
    return [
        element
        for element in container.iterdescendants(etree.Element)
        if element.tag in tags
        and not any(inner.tag in tags for inner in element.iterdescendants(etree.Element))
    ]


def prune_repeated_quotes(container) -> int:
    if container is None:
        return 0
    leaves = [(leaf, normalize_text(_QUOTE_MARKS.sub(" ", text_of(leaf)))) for leaf in _leaves(container)]
    whole = "\n".join(text for _, text in leaves)
    doomed = []
    for index, (leaf, text) in enumerate(leaves):
        core = _core(text)
        if len(core.split()) < _MIN_WORDS or whole.count(core) < 2:
            continue
        if any(
            _outranks(other, other_text, leaf, text, index, j)
            for j, (other, other_text) in enumerate(leaves)
            if j != index and other not in doomed and core in other_text
        ):
            doomed.append(leaf)
    for leaf in doomed:
        parent = leaf.getparent()
        drop_element(leaf)
        _drop_attribution(parent, container)
    return len(doomed)


def _outranks(other, other_text: str, leaf, text: str, index: int, other_index: int) -> bool:
    """Whether `other`, holding `leaf`'s words, is the body's copy: longer, or as long and
    not set as a quotation while `leaf` is, or as long and earlier."""
    if len(other_text) != len(text):
        return len(other_text) > len(text)
    if _is_quotation(leaf) != _is_quotation(other):
        return _is_quotation(leaf)
    return other_index < index


def _is_quotation(element) -> bool:
    return element.tag in _QUOTE_TAGS or any(a.tag in _QUOTE_TAGS for a in element.iterancestors())


def _drop_attribution(parent, container) -> None:
    """What a pull quote's frame holds once its words are gone: its attribution, alone."""
    while parent is not None and parent is not container:
        rest = text_of(parent).strip()
        if rest and (len(rest) > _ATTRIBUTION_CHARS or rest.endswith(".") or _has_heading(parent)):
            return
        above = parent.getparent()
        drop_element(parent)
        parent = above


def _has_heading(element) -> bool:
    return any(True for _ in element.iter(*HEADING_TAGS))
