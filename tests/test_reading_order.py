"""The reading order of natocrawl.extract.reading against the XPath axis searches it
replaced, on replica pages of every markup family and on hand-made edge cases."""

import pytest
from lxml import etree

from natocrawl.extract import parse_html
from natocrawl.extract.chrome import prune_invisible
from natocrawl.extract.reading import linked_chars, neighbour_blocks, text_blocks, text_of
from natocrawl.replica import Site
from natocrawl.replica.render import render_page

_BEFORE = etree.XPath("preceding::text()[normalize-space()][1]")
_AFTER = etree.XPath("following::text()[normalize-space()][1]")


def by_xpath(blocks) -> dict:
    def owner(text):
        element = text.getparent().getparent() if text.is_tail else text.getparent()
        while element is not None and element not in blocks:
            element = element.getparent()
        return element

    def near(element, axis):
        found = axis(element)
        return owner(found[0]) if found else None

    return {element: [near(element, _BEFORE), near(element, _AFTER)] for element in blocks}


def every_third_block(tree) -> dict:
    """Line-sized blocks that never nest, as the chrome and learned passes match them."""
    chosen: dict = {}
    lines = [element for element in text_blocks(tree) if 0 < len(element.text_content().strip()) < 600]
    for element in lines[::3]:
        if not any(ancestor in chosen for ancestor in element.iterancestors()):
            chosen[element] = True
    return chosen


@pytest.fixture(scope="module")
def replica_trees():
    site = Site(seed=3, pages=60)
    pages = [page for page in site.pages if page.in_sitemap][:24]
    trees = [parse_html(render_page(site, page, "http://127.0.0.1:1")) for page in pages]
    for tree in trees:
        prune_invisible(tree)  # as the passes see it: no scripts
    return trees


def test_neighbours_equal_the_xpath_axis_searches_on_replica_pages(replica_trees):
    for tree in replica_trees:
        blocks = every_third_block(tree)
        assert len(blocks) > 20
        assert neighbour_blocks(blocks) == by_xpath(blocks)


EDGE_CASES = [
    "<p>alone</p>",
    "<div>lead <p>one</p> tail text <p>two</p></div> after",
    "<p>one<!-- a comment --></p><!-- between --><p>two</p>",
    "<p> </p><p>\u00a0</p><p>three</p>",  # a no-break space is text to XPath
    "<ul><li><a>Home</a></li><li><a>News</a> and more</li></ul><p>last</p>",
    "<p>one</p><p> </p><p>two</p><div><p>\t</p></div><p>three</p>",  # blank blocks pass text on
    "<div><section><p>deep</p></section><!-- c --></div><div><div><span>x</span><p>inner</p></div></div>",
    "<div><p>one</p><div></div><em> </em></div><div>text<p>two</p></div>",
    "<table><tr><td><p>cell one</p></td><td></td></tr><tr><td>  <p>cell two</p></td></tr></table>",
    "<div><p>one</p></div>tail of the div<div><p>two</p></div>",
]


@pytest.mark.parametrize("body", EDGE_CASES)
def test_neighbours_equal_the_xpath_axis_searches_on_edge_cases(body):
    tree = parse_html(f"<html><body>{body}</body></html>")
    texts = [element for element in tree.body.iter("p", "li") if element.text_content().strip()]
    blocks = dict.fromkeys(texts, True)
    assert neighbour_blocks(blocks) == by_xpath(blocks)


def test_link_characters_are_counted_for_the_block_they_stand_in():
    tree = parse_html(
        "<html><body><ul><li><a>Home</a></li><li><a>News</a> and more</li></ul>"
        "<p>Text with <a href='x'>a <b>bold</b> link</a>.</p><p>none</p>"
        "<a href='y'><p>all <i>linked</i></p></a><p><a>out<span><a>in</a></span></a> no</p></body></html>"
    )
    first, second, paragraph, plain, wrapped, nested = [*tree.body.iter("li"), *tree.body.iter("p")]
    linked = linked_chars([first, second, paragraph, plain, wrapped, nested])
    assert linked[first] == len("Home")
    assert linked[second] == len("News")
    assert linked[paragraph] == len("a") + len("bold") + len("link")
    assert linked[plain] == 0
    assert linked[wrapped] == len("all") + len("linked")  # the block stands in a link
    assert linked[nested] == len("out") + len("in")


def test_text_of_is_text_content_on_every_element(replica_trees):
    edge = parse_html(
        "<html><body><div>a<!-- comment -->b&amp;&nbsp;c<?pi x?>d<script>var x = '<p>';</script>"
        "<svg><text>s</text></svg><p>one<br>two</p></div>tail</body></html>"
    )
    for tree in [*replica_trees, edge]:
        for element in tree.iter(etree.Element):
            assert text_of(element) == element.text_content()
    assert text_of(edge.body) == "ab&\u00a0cdvar x = '<p>';sonetwotail"
