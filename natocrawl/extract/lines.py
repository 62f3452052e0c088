"""The visible lines of a page, for learning the site's boilerplate across pages.

A line is the text of a leaf block (a paragraph, heading, list item, cell, or a div holding
text but no other block), in document order, after structural and known-chrome pruning:
what could reach a body if the container took it in.
"""

from natocrawl.extract.chrome import normalize_text
from natocrawl.extract.reading import inside_block, text_of

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
    blocks = list(body.iter(*BLOCK_TAGS))  # lxml's C tag filter, in document order
    lines: list[str] = []
    for block, following in zip(blocks, blocks[1:] + [None]):
        # A block holding blocks has the first of them right after it in document order.
        if following is not None and inside_block(following, block):
            continue
        text = text_of(block)
        if text.strip() and len(text) <= MAX_LINE_CHARS:
            lines.append(normalize_text(text))
    return lines
