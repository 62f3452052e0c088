"""Teasers: cards that link to another article of the portal ("Related news", topic tiles).

A card is the largest element around one link to another portal article that holds no
other link, and that holds a title-like link plus one short description, but not the
several prose runs of a body. Body paragraphs that cite another article keep their link:
a paragraph is never a card, and a body holds more prose than one description.
"""

from itertools import islice
from urllib.parse import urljoin, urlsplit

from natocrawl.extract.container import PROSE_CHARS
from natocrawl.extract.reading import text_of
from natocrawl.urls import url_info

_CARD_MAX_CHARS = 600


def _is_article_link(href: str, page_url: str) -> bool:
    if not ("news-and-events/" in href or "about-us/" in href or "what-we-do/" in href):
        return False  # cheap test of the article sections first: pages carry hundreds of menu links
    target = urljoin(page_url, href)
    return urlsplit(target).path != urlsplit(page_url).path and url_info(target) is not None


def _card_around(link):
    card = link
    parent = link.getparent()
    while parent is not None and parent.tag != "body":
        # a few links at most are looked for: counting all of a big parent's would be quadratic;
        # a card may link its article twice (its title, then "Read more")
        targets = {a.get("href") for a in islice(parent.iter("a"), 3)}
        if len(targets) > 1 or len(text_of(parent)) > _CARD_MAX_CHARS:
            break
        card, parent = parent, parent.getparent()
    return card


def _prose_runs(element) -> int:
    return sum(1 for text in element.itertext() if len(text.strip()) >= PROSE_CHARS)


def _text_children(element) -> int:
    return sum(1 for child in element if isinstance(child.tag, str) and text_of(child).strip())


def _looks_like_card(card, link) -> bool:
    if card.tag in ("p", "blockquote") or _prose_runs(card) > 2:
        return False
    if card is link:  # the whole card is the link: a title block and a description block
        return _text_children(link) >= 2
    described = len(text_of(card).strip()) > len(text_of(link).strip())
    return described and len(card) >= 2 and len(text_of(link).split()) >= 3


def prune_teasers(tree, page_url: str) -> int:
    cards = []
    for link in tree.iter("a"):
        href = link.get("href")
        if href and _is_article_link(href, page_url):
            card = _card_around(link)
            if _looks_like_card(card, link):
                cards.append(card)
    frames = set()
    for card in cards:
        if (frame := card.getparent()) is not None:
            frame.remove(card)
            frames.add(frame)
    for frame in frames:
        # What is left of a teaser frame is its label ("Related news"): not body text either.
        if frame.getparent() is not None and len(text_of(frame).strip()) < PROSE_CHARS:
            frame.getparent().remove(frame)
    return len(cards)
