"""Pull quotes: a sentence of the body printed again, larger, beside it. The repeat is
furniture; the body keeps its sentence. Found by what repeats, not by markup: a text block
whose words (quotation marks and a trailing attribution aside) stand again in another
block of the article. Of two equal blocks, the quotation-like one goes, else the later.
"""

import re

from lxml import etree

from natocrawl.extract.blocks import BLOCK_TAGS, HEADING_TAGS, is_custom_element
from natocrawl.extract.chrome import drop_element
from natocrawl.extract.reading import text_of

_WORD = re.compile(r"\w+")
_MIN_WORDS = 6
_ATTRIBUTION_CHARS = 80
_QUOTE_TAGS = ("blockquote", "q", "aside", "figure")
_OPENING_QUOTES = frozenset('"“„«‘')
_BLOCKS = BLOCK_TAGS | frozenset(HEADING_TAGS)


def _words(text: str) -> str:
    """The words alone, case-folded, each between spaces: quotation marks, punctuation and
    spacing differ between a sentence and its pull quote."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def _repeated_part(leaf, words: str, whole: str) -> str | None:
    """`words`, or the words before the leaf's closing attribution (its last element, a
    short "— Name, title" set apart in <cite>, <span>, a line of its own), when they stand
    in `whole` outside this leaf: in the body."""
    for part in (words, _without_attribution(leaf)):
        if part and part.count(" ") > _MIN_WORDS and whole.count(part) > words.count(part):
            return part
    return None


def _without_attribution(leaf) -> str | None:
    children = [child for child in leaf if isinstance(child.tag, str) and child.tag != "br"]
    if not children or (children[-1].tail or "").strip():
        return None
    last = text_of(children[-1]).strip()
    if not last or len(last) > _ATTRIBUTION_CHARS:
        return None
    text = text_of(leaf).strip()
    return _words(text[: len(text) - len(last)]) if text.endswith(last) else None


def _leaves(container) -> list:
    """Blocks holding text of their own and no block inside them, in document order."""
    blocks = [e for e in container.iterdescendants(etree.Element) if _is_block(e)]
    return [element for element in blocks if not any(_is_block(inner) for inner in element.iterdescendants())]


def _is_block(element) -> bool:
    return element.tag in _BLOCKS or is_custom_element(element)


def prune_repeated_quotes(container) -> int:
    leaves = [(leaf, _words(text_of(leaf))) for leaf in _leaves(container)]
    whole = "".join(words for _, words in leaves)
    doomed: list = []
    for index, (leaf, words) in enumerate(leaves):
        if leaf.tag in HEADING_TAGS:
            continue  # a subheading may well name what a paragraph says again
        part = _repeated_part(leaf, words, whole)
        if part and any(
            _outranks(other, other_words, leaf, words, part, index < j)
            for j, (other, other_words) in enumerate(leaves)
            if j != index and other not in doomed and part in other_words
        ):
            doomed.append(leaf)
    for leaf in doomed:
        parent = leaf.getparent()
        drop_element(leaf)
        _drop_attribution(parent, container)
    return len(doomed)


def _outranks(other, other_words: str, leaf, words: str, part: str, leaf_first: bool) -> bool:
    """Whether `other`, holding `leaf`'s repeated words, is the body's copy: it says more, or
    `leaf` adds only an attribution to them; of two equal blocks, the one not set as a
    quotation, else the earlier."""
    if other_words != words:
        if other_words in words or not (part != words or _looks_quoted(leaf)):
            return False  # the body's copy, or a sentence of the body that another one repeats
        return part != words or len(other_words) > len(words)
    if _is_quotation(leaf) != _is_quotation(other):
        return _is_quotation(leaf)
    return not leaf_first


def _looks_quoted(leaf) -> bool:
    """Set as a quotation: in a quotation element, a component of its own, or in quote marks."""
    return _is_quotation(leaf) or is_custom_element(leaf) or text_of(leaf).lstrip()[:1] in _OPENING_QUOTES


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
