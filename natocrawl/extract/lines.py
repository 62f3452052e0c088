"""The visible lines of a page, for learning the site's boilerplate across pages.

A line is the text of a leaf block (a paragraph, heading, list item, cell, or a div holding
text but no other block), in document order, after structural and known-chrome pruning:
what could reach a body if the container took it in.
"""

from lxml import etree

from natocrawl.extract.chrome import normalize_text

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "ul",
        "ol",
        "table",
        "tr",
        "figure",
        "figcaption",
        "label",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "form",
        "fieldset",
    }
)
MAX_LINE_CHARS = 600


def page_lines(tree) -> list[str]:
    """The page's leaf-block lines, normalised (case-folded, single spaces), in document order."""
    body = tree.find("body")
    if body is None:
        return []
    holds_block: set = set()
    lines: list[str] = []
    for element in reversed(list(body.iter(etree.Element))):
        parent = element.getparent()
        is_block = element.tag in BLOCK_TAGS
        if is_block and parent is not None:
            holds_block.add(parent)
        if element in holds_block:
            if parent is not None:
                holds_block.add(parent)
            continue
        if is_block:
            text = element.text_content()
            if text.strip() and len(text) <= MAX_LINE_CHARS:
                lines.append(normalize_text(text))
    lines.reverse()
    return lines
