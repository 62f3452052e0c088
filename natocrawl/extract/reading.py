"""The page's text blocks in reading order: which elements can hold a line, whether one is
inside another, and which blocks hold the text just before and just after each of a set of
blocks. Blocks are compared pairwise with the next one in document order, looking only at
what stands between them (in a menu, nothing but the blank tail of a list item), instead of
an XPath `preceding::`/`following::` search per block or a walk over the whole page."""

from lxml import etree

_XPATH_SPACE = " \t\r\n"  # normalize-space(): a no-break space is text, not blank

# Where a chrome line can stand on its own. Not links or bold runs: a line is always held
# by one of these, and menus would otherwise make thousands of candidates.
TEXT_BLOCK_TAGS = ("p", "div", "span", "li", "label", "td", "section", "button")
TEXT_BLOCK_TAGS += ("h1", "h2", "h3", "h4", "h5", "h6")


def text_of(element) -> str:
    """The element's text, as text_content() gives it (comments and processing instructions
    left out): libxml2's text serialiser is twice as fast as text_content's XPath string()."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def text_blocks(tree) -> list:
    """The page's text blocks in document order (lxml's tag filter runs in C: five times
    faster than the same selection by XPath)."""
    body = tree.find("body")
    return [] if body is None else [element for element in body.iter(*TEXT_BLOCK_TAGS) if element is not body]


def inside_block(element, block) -> bool:
    """Whether `element`, which follows `block` in document order, is inside it (in document
    order, the block matched last is the only one a later block can be inside). The walk up
    stops at the block's parent, which its siblings reach first."""
    if not len(block):
        return False
    parent = block.getparent()
    ancestor = element.getparent()  # not iterancestors(): one step is the usual walk
    while ancestor is not None:
        if ancestor is block:
            return True
        if ancestor is parent:
            return False
        ancestor = ancestor.getparent()
    return False


def neighbour_blocks(blocks) -> dict:
    """For each of `blocks` (elements in document order, none inside another, each holding
    non-blank text), the blocks holding the nearest non-blank text before it and after it in
    document order: [before, after], None where that text belongs to none of `blocks` or
    there is none."""
    ordered = list(blocks)
    near: dict = {block: [None, None] for block in ordered}
    for first, second in zip(ordered, ordered[1:]):
        if not _text_between(first, second):
            near[first][1] = second
            near[second][0] = first
    return near


def linked_chars(blocks) -> dict:
    """For each of `blocks` (none inside another), the characters of its text inside links:
    all of them for a block inside a link; a link inside a link counts once."""
    linked = dict.fromkeys(blocks, 0)
    if not linked:
        return linked
    outer = None
    for link in next(iter(linked)).getroottree().iter("a"):
        if outer is not None and inside_block(link, outer):
            continue
        outer = link
        owner = _owner(link, linked)
        if owner is not None:
            linked[owner] += _chars(link.itertext())
        elif len(link):
            for inner in link.iterdescendants():
                if inner in linked:
                    linked[inner] = _chars(inner.itertext())
    return linked


def _owner(element, blocks):
    """The one of `blocks` that holds `element`, or None."""
    element = element.getparent()
    while element is not None and element not in blocks:
        element = element.getparent()
    return element


def _chars(texts) -> int:
    return sum(len(text.strip()) for text in texts if text)


def _blank(text: str | None) -> bool:
    return not text or not text.strip(_XPATH_SPACE)


def _has_text(node) -> bool:
    """Whether an element holds non-blank text (a comment's text is not text)."""
    return isinstance(node.tag, str) and not _blank(text_of(node))


def _text_between(first, second) -> bool:
    """Whether non-blank text stands after `first` ends and before `second` starts (`second`
    follows `first` in document order, outside it): tails, and the subtrees of the siblings
    on the way, up from `first` until the ancestor that holds `second`."""
    ancestors = None
    node = first
    while node is not None:
        if not _blank(node.tail):
            return True
        sibling = node.getnext()
        while sibling is not None:
            if sibling is second:
                return False
            ancestors = ancestors or set(second.iterancestors())
            if sibling in ancestors:
                return _text_before(sibling, second, ancestors)
            if _has_text(sibling) or not _blank(sibling.tail):
                return True
            sibling = sibling.getnext()
        node = node.getparent()
    return True  # `second` does not follow `first`: nothing joins them


def _text_before(container, second, ancestors: set) -> bool:
    """Whether non-blank text stands in `container` before `second`, which it holds."""
    if isinstance(container.tag, str) and not _blank(container.text):
        return True
    for child in container:
        if child is second:
            return False
        if child in ancestors:
            return _text_before(child, second, ancestors)
        if _has_text(child) or not _blank(child.tail):
            return True
    return True


# Where a browser starts a new line (the block elements of article markup).
LINE_BREAKING_TAGS = frozenset(
    ["p", "div", "li", "ul", "ol", "nav", "section", "aside", "header", "footer", "td", "tr", "table"]
    + ["tbody", "dl", "dd", "dt", "address", "article", "menu", "figure", "blockquote", "center"]
    + ["h1", "h2", "h3", "h4", "h5", "h6", "pre"]
)


def block_lines(block) -> list[str]:
    """The block's lines as a browser breaks them: at <br>, at each block element, and at
    the line breaks of preformatted text."""
    lines, current = [], []

    def walk(node, preformatted: bool):
        preformatted = preformatted or node.tag == "pre"
        if node.tag in LINE_BREAKING_TAGS or node.tag == "br":
            _flush(lines, current)
        if node.tag != "br":
            _add(current, node.text, preformatted)
        for child in node:
            if isinstance(child.tag, str):
                walk(child, preformatted)
            _add(current, child.tail, preformatted)
        if node.tag in LINE_BREAKING_TAGS:
            _flush(lines, current)

    walk(block, False)
    _flush(lines, current)
    return lines


def _add(current: list, text: str | None, preformatted: bool) -> None:
    if text:
        current.append(text if preformatted else text.replace("\n", " ").replace("\r", " "))


def _flush(lines: list, current: list) -> None:
    for line in "".join(current).splitlines():
        if text := " ".join(line.split()):
            lines.append(text)
    current.clear()
