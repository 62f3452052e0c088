"""What the furniture passes share: which elements are blocks, and which of a set are outermost."""

from lxml import etree

from natocrawl.extract.reading import LINE_BREAKING_TAGS

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCK_TAGS = LINE_BREAKING_TAGS - frozenset(HEADING_TAGS)
INLINE_TAGS = frozenset(
    [
        "span",
        "a",
        "b",
        "strong",
        "em",
        "i",
        "small",
        "label",
        "font",
        "u",
        "abbr",
        "q",
        "cite",
        "time",
        "mark",
    ]
)


def is_custom_element(element) -> bool:
    """A web component (`<x-quote>`): its name has a hyphen, and it is laid out as a block."""
    return isinstance(element.tag, str) and "-" in element.tag


def in_blocks(container):
    """Block elements inside the container, outermost first, in document order."""
    return [
        e for e in container.iterdescendants(etree.Element) if e.tag in BLOCK_TAGS or is_custom_element(e)
    ]


def outermost(elements) -> list:
    """Of `elements` in document order, those not inside another one of them."""
    chosen, last = [], None
    for element in elements:
        if last is not None and is_inside(element, last):
            continue
        chosen.append(element)
        last = element
    return chosen


def chars(text: str) -> int:
    """Characters of a text without its white space (how much of a block a part holds)."""
    return len("".join(text.split()))


def document_order(container):
    """A sort key putting elements of the container in document order."""
    order = {element: index for index, element in enumerate(container.iter())}
    return lambda element: order.get(element, -1)


def is_inside(element, other) -> bool:
    """Whether `element` is a descendant of `other`."""
    return any(ancestor is other for ancestor in element.iterancestors())
