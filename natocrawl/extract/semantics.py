"""ARIA semantics turned into HTML ones, so that every later step sees one vocabulary:
a `<div role="heading" aria-level="2">` is an `<h2>` to a reader, and now to us."""

from lxml import etree

_ARIA_HEADINGS = etree.XPath("//body//*[@role='heading']")


def headings_from_aria(tree) -> int:
    converted = 0
    for element in _ARIA_HEADINGS(tree):
        level = element.get("aria-level", "2")
        element.tag = f"h{level}" if level in ("1", "2", "3", "4", "5", "6") else "h2"
        converted += 1
    return converted
