"""Finding the element that holds the article, on markup we have never seen.

Readability's idea, reduced: text-bearing blocks vote for their parent and grandparent;
the best-scored element wins, joined by siblings that scored well too (rich-text
components that sit side by side). Trafilatura then extracts from that container alone,
where it keeps headings and lists that it drops when it has to guess the frame itself.
"""

from collections import defaultdict

from lxml import etree
from lxml.html import Element as html_element

_TEXT_BLOCKS = etree.XPath("//body//*[self::p or self::li or self::blockquote or self::pre or self::td]")
_MIN_BLOCK_CHARS = 25
_SIBLING_SHARE = 0.2


def _link_density(element, text_length: int) -> float:
    link_chars = sum(len(link.text_content()) for link in element.iter("a"))
    return link_chars / text_length if text_length else 1.0


def _scores(tree) -> dict:
    scores: dict = defaultdict(float)
    for block in _TEXT_BLOCKS(tree):
        text_length = len(block.text_content().strip())
        if text_length < _MIN_BLOCK_CHARS or _link_density(block, text_length) > 0.5:
            continue
        vote = 1 + min(text_length, 600) / 100 + block.text_content().count(",")
        for depth, ancestor in enumerate(block.iterancestors()):
            if depth > 2 or ancestor.tag in ("body", "html"):
                break
            scores[ancestor] += vote / (depth + 1)
    return scores


def find_container(tree):
    """The elements (best container, plus strong siblings in document order) holding the text."""
    scores = _scores(tree)
    if not scores:
        return []
    best = max(scores, key=scores.get)
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = scores[best] * _SIBLING_SHARE
    return [sibling for sibling in parent if sibling is best or scores.get(sibling, 0) >= threshold]


def isolate(tree, elements):
    """A new document whose only content is `elements`, inside one <article>."""
    document = html_element("html")
    body = etree.SubElement(document, "body")
    article = etree.SubElement(body, "article")
    for element in elements:
        element.tail = None
        article.append(element)  # moves it: the page tree is ours to consume
    return document
