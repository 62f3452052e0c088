"""Finding the element that holds the article, on markup we have never seen.

Each element scores the text it holds in long runs (sentences, not labels or links)
minus all its other text: the article's container gathers the most prose for the least
furniture, whatever its tags and classes are, and however many rich-text components the
body is split into. Trafilatura then extracts from that container alone, where it keeps
headings and lists that it drops when it has to guess the frame itself.
"""

from lxml import etree
from lxml.html import Element as html_element

# A text run this long is prose; shorter ones are labels, menu entries, dates.
PROSE_CHARS = 30


def _score_tree(body) -> dict:
    """For every element, (prose chars, all chars) it contains: its own text runs (its text,
    its children's tails) and its finished children's totals. Document order reversed
    visits children before their parents. One loop over the children: this runs over every
    element of the page."""
    totals = {}
    for element in reversed(list(body.iter(etree.Element))):
        in_link = element.tag == "a"
        every = len(element.text.strip()) if element.text else 0
        prose = every if every >= PROSE_CHARS and not in_link else 0
        for child in element:
            if child.tail:
                length = len(child.tail.strip())
                every += length
                if length >= PROSE_CHARS and not in_link:
                    prose += length
            finished = totals.get(child)
            if finished:
                prose, every = prose + finished[0], every + finished[1]
        totals[element] = (prose, every)
    return totals


def find_container(tree):
    """The element holding the most prose for the least other text; None on a page
    without a single run of prose (a menu, an error shell)."""
    body = tree.find("body")
    totals = _score_tree(body)
    best = max(totals, key=lambda element: 2 * totals[element][0] - totals[element][1])
    return best if totals[best][0] else None


def isolate(container):
    """A new document whose only content is the container, inside one <article>."""
    document = html_element("html")
    article = html_element("article")
    body = html_element("body")
    document.append(body)
    body.append(article)
    container.tail = None
    article.append(container)  # moves it: the page tree is ours to consume
    _reveal(container)
    return document


def _reveal(container) -> None:
    """What is still hidden here was judged article text (collapsed panels): Trafilatura
    would discard it for the hidden marks, so they go; so does <time>, whose text it drops.
    So do the classes of accordion and tab panels, whose state names ("panel--expanded",
    "is-hidden") it reads as UI chrome."""
    for element in container.iter(etree.Element):
        if element.tag == "time":
            element.tag = "span"  # Trafilatura drops <time>, and with it dates inside sentences
        for attribute in ("hidden", "aria-hidden", "style"):
            element.attrib.pop(attribute, None)
        if element.get("role") in ("region", "tabpanel"):
            element.attrib.pop("class", None)
