"""Page furniture inside the article's container, found by role and structure, not wording:
navigation made only of links (tabs, anchors, share and print bars, breadcrumbs, related
lists), rows of labels, captions beside pictures, contact blocks, and the label left above
furniture once it is gone. Each pass works on the container Trafilatura is about to read.

Decisions: a block whose whole text is links is navigation, never body (a reader follows
it, and does not read it); a heading of the article is kept even when it is a link. A
picture's caption is the short text sharing a frame with it. A contact block is a block of
short lines, one of them an address or a number to call, without a sentence of prose.
"""

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from natocrawl.extract.chrome import drop_element
from natocrawl.extract.reading import LINE_BREAKING_TAGS, block_lines, text_of

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCK_TAGS = LINE_BREAKING_TAGS - frozenset(HEADING_TAGS)
INLINE_TAGS = frozenset(
    ["span", "a", "b", "strong", "em", "i", "small", "label", "font", "u", "abbr", "q", "cite", "time", "mark"]
)
_IMAGE_TAGS = ("img", "picture", "video", "svg")
_CAPTION_MAX_CHARS = 300
_SMALL_PRINT_TAGS = ("em", "i", "small", "cite", "figcaption", "sub")
_CREDIT = re.compile(r"©|\b(?:photo|crédit|credit|courtesy|image|source)\b", re.IGNORECASE)
_LABEL_MAX_WORDS = 4
_CONTACT_LINE_CHARS = 110
_CONTACT_MAX_CHARS = 600
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+\s?\d[\d\s().-]{6,}\d|\b\d{2,4}(?:[\s.]\d{2,4}){3,}\b")
_SEPARATOR_CHARS = 2  # "|", "·", "›" between the links
_LEAD_IN_CHARS = 12  # "Share:", "Partager :"
_LANGUAGE_PREFIX = re.compile(r"^/(?:en|fr)(?=/|$)")
# Where a link sends the reader away from reading: another part of this page, a mail or
# a script, the printer, a share service.
_ACTION_LINK = re.compile(
    r"^(?:#|mailto:|tel:|javascript:)|(?:share|sharer|intent/tweet|intent/post|print)\b", re.IGNORECASE
)


def prune_furniture(container, page_url: str) -> int:
    """Take the container's furniture out; returns how many elements went."""
    if container is None:
        return 0
    space_abutting_labels(container)
    removed = []
    for finder in (_link_blocks, _label_rows, _captions, _contact_blocks):
        for element in finder(container, page_url):
            if element is not container and _attached(element, container):
                removed.append((element.getprevious(), element.getparent()))
                drop_element(element)
    return len(removed) + _drop_orphan_labels(removed)


def _attached(element, container) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def is_custom_element(element) -> bool:
    """A web component (`<x-quote>`): its name has a hyphen, and it is laid out as a block."""
    return isinstance(element.tag, str) and "-" in element.tag


def _blocks(container):
    """Block elements inside the container, outermost first, in document order."""
    return [
        e for e in container.iterdescendants(etree.Element) if e.tag in BLOCK_TAGS or is_custom_element(e)
    ]


def _outermost(elements) -> list:
    """Of `elements` in document order, those not inside another one of them."""
    chosen, last = [], None
    for element in elements:
        if last is not None and any(a is last for a in element.iterancestors()):
            continue
        chosen.append(element)
        last = element
    return chosen


# --- links -----------------------------------------------------------------------------


def _link_blocks(container, page_url: str) -> list:
    """Blocks whose every word is a link's: menus, tabs, tag lists, "related" lists; and
    short blocks of links that act rather than lead to reading (anchors, share, print,
    breadcrumbs, the other language), with a word or two before them ("Share:")."""
    found = []
    for block in _blocks(container):
        links = _outer_links(block)
        if not links or any(True for _ in block.iter(*HEADING_TAGS)):
            continue
        text_chars = _chars(text_of(block))
        unlinked = text_chars - sum(_chars(text_of(link)) for link in links)
        if (
            text_chars
            and unlinked <= _SEPARATOR_CHARS
            or (
                text_chars <= _CAPTION_MAX_CHARS
                and unlinked <= _LEAD_IN_CHARS
                and all(_is_action_link(link.get("href") or "", page_url) for link in links)
            )
        ):
            found.append(block)
    return _outermost(found)


def _outer_links(block) -> list:
    return [link for link in block.iter("a") if not any(a.tag == "a" for a in link.iterancestors())]


def _chars(text: str) -> int:
    return len("".join(text.split()))


def _is_action_link(href: str, page_url: str) -> bool:
    """An anchor, mail, script, share or print link; or one to the home page, to the page
    itself, to a page above it (a breadcrumb) or to its other-language twin."""
    if not href or _ACTION_LINK.search(href):
        return True
    target, page = urlsplit(urljoin(page_url, href)), urlsplit(page_url)
    if target.netloc != page.netloc:
        return False
    path, own = target.path.rstrip("/"), page.path.rstrip("/")
    return path == "" or own.startswith(path + "/") or _without_language(path) == _without_language(own)


def _without_language(path: str) -> str:
    return _LANGUAGE_PREFIX.sub("/", path)


# --- rows of labels ----------------------------------------------------------------------


def _label_rows(container, page_url: str) -> list:
    """Tabs, pills and tag lists drawn as inline elements side by side with nothing between
    them: a browser shows them glued unless styled apart, which only UI does."""
    rows = []
    for block in _blocks(container):
        children = [child for child in block if isinstance(child.tag, str)]
        if len(children) < 2 or (block.text or "").strip() or any((c.tail or "").strip() for c in children):
            continue
        if block.tag in ("td", "th"):
            continue  # a data table's cell may well hold two short values
        if all(child.tag in INLINE_TAGS and _is_label(text_of(child)) for child in children):
            rows.append(block)
    return _outermost(rows)


def _is_label(text: str) -> bool:
    """A capitalised word or few, not a sentence or a value ("Members", "Réunions")."""
    text = text.strip()
    return (
        0 < len(text.split()) <= _LABEL_MAX_WORDS
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":"))
    )


def space_abutting_labels(container) -> None:
    """`<span>North</span><span>Atlantic</span>`: a space between inline elements that touch,
    where the second starts a new capitalised word or a number after a word; never inside a
    word ("Secre"+"tary")."""
    for element in container.iter(*INLINE_TAGS):
        following = element.getnext()
        if following is None or following.tag not in INLINE_TAGS or (element.tail or ""):
            continue
        left, right = text_of(element), text_of(following)
        if left and right and left[-1].isalnum() and (right[0].isupper() or _starts_number(left, right)):
            element.tail = " "


def _starts_number(left: str, right: str) -> bool:
    """ "Portugal" then "4 jets": a word, then a number; not "1" then "000"."""
    return left[-1].isalpha() and right[0].isdigit()


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
        if text and len(text) <= _CAPTION_MAX_CHARS and len(block_lines(frame)) <= 2:
            found.append(frame)
        elif not text and (following := _next_element(frame)) is not None and _is_caption_after(following):
            found.append(following)
    return _outermost(sorted(set(found), key=_document_order(container)))


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
    inside = sum(_chars(text_of(e)) for e in element.iterdescendants(*tags) if e.getparent().tag not in tags)
    return inside == _chars(text_of(element))


def _document_order(container):
    order = {element: index for index, element in enumerate(container.iter())}
    return lambda element: order.get(element, -1)


# --- contact blocks ----------------------------------------------------------------------


def _contact_blocks(container, page_url: str) -> list:
    """Blocks of short lines, a third of them or more an e-mail address or a number to call,
    without a sentence of prose (an advisory's accreditation paragraph keeps its address)."""
    whole = text_of(container)
    if not (_EMAIL.search(whole) or _PHONE.search(whole)):
        return []
    found = []
    for block in _blocks(container):
        text = text_of(block)
        if len(text.strip()) > _CONTACT_MAX_CHARS or not (_EMAIL.search(text) or _PHONE.search(text)):
            continue
        lines = block_lines(block)
        reachable = sum(1 for line in lines if _EMAIL.search(line) or _PHONE.search(line))
        if 3 * reachable >= len(lines) and all(
            len(line) <= _CONTACT_LINE_CHARS and not _is_sentence(line) for line in lines
        ):
            found.append(block)
    return _outermost(found)


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
