"""Page furniture inside the article's container, found by role and structure, not wording:
navigation (navigation.py), captions beside pictures, contact blocks, and the label left
above furniture once it is gone. Each pass works on the container Trafilatura is about to read.

Decisions: a picture's caption is the short text sharing a frame with it, or the line in
small print or a credit right under it. A contact block is a block of short lines, one of
them an address or a number to call, without a sentence of prose.
"""

import re

from natocrawl.extract.blocks import (
    BLOCK_TAGS,
    HEADING_TAGS,
    INLINE_TAGS,
    chars,
    document_order,
    in_blocks,
    is_inside,
    outermost,
)
from natocrawl.extract.chrome import drop_element
from natocrawl.extract.navigation import label_rows, link_blocks, space_abutting_labels
from natocrawl.extract.reading import block_lines, text_of

_IMAGE_TAGS = ("img", "picture", "video", "audio", "svg")
_CAPTION_MAX_CHARS = 300
_SMALL_PRINT_TAGS = ("em", "i", "small", "cite", "figcaption", "sub")
_CREDIT = re.compile(
    r"©|^(?:photos?|images?|crédits?|credits?|sources?|vidéo|video)\s*:|\bcourtesy\b", re.IGNORECASE
)
_CONTACT_LINE_CHARS = 110
_CONTACT_MAX_CHARS = 600
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+\s?\d[\d\s().-]{6,}\d|\b\d{2,4}(?:[\s.]\d{2,4}){3,}\b")


def prune_furniture(container, page_url: str) -> int:
    """Take the container's furniture out; returns how many elements went."""
    space_abutting_labels(container)
    removed = []
    for finder in (link_blocks, label_rows, _captions, _contact_blocks):
        for element in finder(container, page_url):
            if element is not container and is_inside(element, container):
                removed.append((element.getprevious(), element.getparent()))
                drop_element(element)
    return len(removed) + _drop_orphan_labels(removed)


# --- captions ----------------------------------------------------------------------------


def _captions(container, page_url: str) -> list:
    """The short text framed with a picture (a block holding an image and a line or two),
    or the short block after an image's own block, when set apart as a caption is (in
    italics or small print, or a credit)."""
    found = []
    for image in container.iter(*_IMAGE_TAGS):
        frame = image.getparent()
        while frame is not None and frame is not container and frame.tag in INLINE_TAGS:
            frame = frame.getparent()
        if frame is None or frame is container or any(True for _ in frame.iter(*HEADING_TAGS)):
            continue
        text = text_of(frame).strip()
        if frame.tag == "p" and text and frame.find(".//br") is None:
            continue  # a picture floated in a paragraph of the body, not framed with a caption
        if text and len(text) <= _CAPTION_MAX_CHARS and len(block_lines(frame)) <= 2:
            found.append(frame)
        elif not text and (following := _next_element(frame)) is not None and _is_caption_after(following):
            found.append(following)
    return outermost(sorted(set(found), key=document_order(container)))


def _next_element(element):
    if (element.tail or "").strip():
        return None
    following = element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following


def _is_caption_after(following) -> bool:
    text = text_of(following).strip()
    if not 0 < len(text) <= _CAPTION_MAX_CHARS or following.tag not in BLOCK_TAGS | INLINE_TAGS:
        return False
    return _CREDIT.search(text) is not None or _all_in(following, _SMALL_PRINT_TAGS)


def _all_in(element, tags) -> bool:
    """Whether every word of the element is inside one of `tags` (or it is one)."""
    if element.tag in tags:
        return True
    inside = sum(chars(text_of(e)) for e in element.iterdescendants(*tags) if e.getparent().tag not in tags)
    return inside == chars(text_of(element))


# --- contact blocks ----------------------------------------------------------------------


def _contact_blocks(container, page_url: str) -> list:
    """Blocks of short lines, a third of them or more an e-mail address or a number to call,
    without a sentence of prose (an advisory's accreditation paragraph keeps its address)."""
    whole = text_of(container)
    if not (_EMAIL.search(whole) or _PHONE.search(whole)):
        return []
    found = []
    for block in in_blocks(container):
        text = text_of(block)
        if len(text.strip()) > _CONTACT_MAX_CHARS or not (_EMAIL.search(text) or _PHONE.search(text)):
            continue
        lines = block_lines(block)
        reachable = sum(1 for line in lines if _EMAIL.search(line) or _PHONE.search(line))
        if 3 * reachable >= len(lines) and all(
            len(line) <= _CONTACT_LINE_CHARS and not _is_sentence(line) for line in lines
        ):
            found.append(block)
    return outermost(found)


def _is_sentence(line: str) -> bool:
    """Prose: several words ending in a full stop, not an address or a label."""
    stripped = _EMAIL.sub("", line).strip()
    return len(stripped.split()) >= 8 and stripped.endswith((".", "!", "?"))


# --- labels left behind ------------------------------------------------------------------


def _drop_orphan_labels(removed) -> int:
    """A heading or short label just above removed furniture ("Related", "For more
    information", "Partager") that now heads nothing: the furniture was the last thing
    before the next heading or the end of its parent."""
    dropped = 0
    for previous, parent in removed:
        if previous is None or previous.getparent() is not parent or not _is_label_line(previous):
            continue
        following = previous.getnext()
        while following is not None and not text_of(following).strip():
            following = following.getnext()
        if following is None or following.tag in HEADING_TAGS:
            drop_element(previous)
            dropped += 1
    return dropped


def _is_label_line(element) -> bool:
    text = text_of(element).strip()
    if element.tag in HEADING_TAGS:
        return bool(text)
    return element.tag in BLOCK_TAGS and 0 < len(text.split()) <= 6 and not text.endswith(".")
