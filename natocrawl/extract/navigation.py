"""Navigation inside the article, by role: blocks made only of links (menus, tabs, tag and
"related" lists), short blocks of links that act rather than lead to reading (anchors,
share and print bars, breadcrumbs, the other language), and rows of labels set side by side
(tabs and pills drawn with spans). Inline elements that touch are spaced where a new word
starts, as the eye reads them.

Decision: a block whose whole text is links is navigation, never body (a reader follows
it, and does not read it); a heading of the article is kept even when it is a link.
"""

import re
from urllib.parse import urljoin, urlsplit

from natocrawl.extract.blocks import HEADING_TAGS, INLINE_TAGS, chars, document_order, in_blocks, outermost
from natocrawl.extract.reading import text_of

_LABEL_MAX_WORDS = 4
_SHORT_BLOCK_CHARS = 300
_SEPARATOR_CHARS = 2  # "|", "·", "›" between the links
_LEAD_IN_CHARS = 12  # "Share:", "Partager :"
_LANGUAGE_PREFIX = re.compile(r"^/(?:en|fr)(?=/|$)")
# Where a link sends the reader away from reading: another part of this page, a mail or
# a script, the printer, a share service.
_ACTION_LINK = re.compile(
    r"^(?:#|mailto:|tel:|javascript:)|[/?&=.]share|intent/(?:tweet|post)|[/?&=.]print\b"
    r"|\.(?:pdf|mp3|mp4|m4a|wav|zip|docx?|xlsx?|pptx?|ics)(?:$|[?#])",  # downloads
    re.IGNORECASE,
)


# --- links -----------------------------------------------------------------------------


def link_blocks(container, page_url: str) -> list:
    """Blocks whose every word is a link's: menus, tabs, tag lists, "related" lists; and
    short blocks of links that act rather than lead to reading (anchors, share, print,
    breadcrumbs, the other language), with a word or two before them ("Share:")."""
    found = []
    for block in in_blocks(container) + _lines_of_their_own(container):
        links = _outer_links(block)
        if not links or any(True for _ in block.iter(*HEADING_TAGS)):
            continue
        text_chars = chars(text_of(block))
        unlinked = text_chars - sum(chars(text_of(link)) for link in links)
        if (
            text_chars
            and unlinked <= _SEPARATOR_CHARS
            or (
                text_chars <= _SHORT_BLOCK_CHARS
                and unlinked <= _LEAD_IN_CHARS
                and all(_is_action_link(link.get("href") or "", page_url) for link in links)
            )
        ):
            found.append(block)
    found += [items for items in container.iter("ul", "ol") if _lists_links(items)]
    return outermost(sorted(set(found), key=document_order(container)))


def _lists_links(items) -> bool:
    """A list whose every item leads somewhere: a link with a date or a kind beside it
    ("Read more", "See also")."""
    entries = [item for item in items if item.tag == "li"]
    return bool(entries) and all(
        (links := _outer_links(item)) and 2 * sum(chars(text_of(a)) for a in links) >= chars(text_of(item))
        for item in entries
    )


def _lines_of_their_own(container) -> list:
    """Inline elements that stand alone on a line (between line breaks, or alone in their
    block): a line of links inside paragraphs laid out with <br>."""
    alone = []
    for element in container.iter(*INLINE_TAGS):
        parent = element.getparent()
        previous, following = element.getprevious(), element.getnext()
        before = previous.tail if previous is not None else parent.text
        if (before or "").strip() or (element.tail or "").strip():
            continue
        on_own_line = (previous is None or previous.tag == "br") and (
            following is None or following.tag == "br"
        )
        if on_own_line and (previous is not None or following is not None):
            alone.append(element)
    return alone


def _outer_links(block) -> list:
    """The links (anchors with an address: `<a name>` only marks a place) not inside another."""
    return [
        link
        for link in block.iter("a")
        if link.get("href") is not None and not any(a.tag == "a" for a in link.iterancestors())
    ]


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


def label_rows(container, page_url: str) -> list:
    """Tabs, pills and tag lists drawn as inline elements side by side with nothing between
    them: a browser shows them glued unless styled apart, which only UI does."""
    rows = []
    for block in in_blocks(container):
        children = [child for child in block if isinstance(child.tag, str)]
        if len(children) < 2 or (block.text or "").strip() or any((c.tail or "").strip() for c in children):
            continue
        if block.tag in ("td", "th"):
            continue  # a data table's cell may well hold two short values
        if all(child.tag in INLINE_TAGS and _is_label(text_of(child)) for child in children):
            rows.append(block)
    return outermost(rows)


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
