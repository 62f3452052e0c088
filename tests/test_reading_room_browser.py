"""The reading room in a real headless Chromium, on a 1,600-page replica archive served by
`natocrawl serve`: an article page, the side-by-side view, a French search with its scope,
filters and second page, the coverage chart, the folded column dictionary, and the table's
CSV link downloading every row (skipped where no Chromium is installed)."""

import csv
import html
import io
import re
import sqlite3
from urllib.parse import quote

import pytest
from search_fixtures import BASE, build_search_archive
from test_browser import CHROMIUM, rendered, serving

from natocrawl.serve.links import article_href

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs it)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-room") / "archive.db"
    site = build_search_archive(path)
    with serving(path) as url:
        yield url, site, path


def _pair(site):
    by_path = {page.path: page for page in site.pages}
    return next(
        (page, by_path[page.translation])
        for page in site.pages
        if page.lang == "en" and page.type == "news" and page.translation in by_path
    )


def test_an_article_page_reads_as_a_page(served):
    url, site, _path = served
    english, french = _pair(site)
    dom = rendered(url + article_href(BASE + english.path))
    assert html.unescape(re.search(r"<h1>(.*?)</h1>", dom, re.S).group(1)) == english.title
    body = re.search(r'<div class="body">(.*?)</div>', dom, re.S).group(1)
    assert [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)] == english.paragraphs
    assert "Cite this" in dom and "@misc{" in dom
    assert article_href(BASE + french.path) in html.unescape(dom)


def test_the_translation_side_by_side(served):
    url, site, _path = served
    english, french = _pair(site)
    dom = rendered(url + article_href(BASE + english.path, **{"with": "fr"}))
    rows = re.findall(
        r'<tr class="matched">\s*<td lang="en">(.*?)</td>\s*<td lang="fr">(.*?)</td>', dom, re.S
    )
    assert len(rows) == len(english.paragraphs)
    for (left, right), en, fr in zip(rows, english.paragraphs, french.paragraphs):
        assert (
            html.unescape(re.sub("</?p>", "", left)) == en and html.unescape(re.sub("</?p>", "", right)) == fr
        )


def test_a_french_search_with_scope_filters_and_a_second_page(served):
    url, _site, path = served
    query = "/-/search?q=" + quote("alliés") + "&lang=fr&type=news&since=2010&page=2"
    dom = rendered(url + query)
    assert re.search(r"page 2 of \d+", dom)
    langs = re.findall(r'<li class="result" lang="(\w+)">', dom)
    assert len(langs) == 20 and set(langs) == {"fr"}
    assert dom.count("<mark>") >= 20
    assert 'name="lang" value="fr" checked' in dom


def test_the_home_page_draws_the_coverage_chart_and_the_crawls(served):
    url, _site, _path = served
    dom = rendered(url + "/")
    chart = re.search(r'<svg class="natocrawl-coverage".*?</svg>', dom, re.S).group(0)
    assert chart.count("<path") >= 6 and "English above, French below" in chart
    assert "Recent crawls" in dom


def test_the_column_dictionary_is_folded_and_the_csv_link_gives_every_row(served):
    url, _site, path = served
    dom = rendered(url + "/archive/articles")
    assert re.search(r'<details class="natocrawl-columns"><summary>What each column holds', dom)
    link = html.unescape(re.search(r'href="([^"]*articles\.csv[^"]*)"', dom).group(1))
    text = rendered(url + link)
    text = html.unescape(re.search(r"<pre[^>]*>(.*)</pre>", text, re.S).group(1))
    rows = list(csv.DictReader(io.StringIO(text)))
    total = sqlite3.connect(path).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert len(rows) == total > 1_000
