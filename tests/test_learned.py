"""Boilerplate learned across pages: the model's counts, and what the extractor does with
them on one page (natocrawl.extract.learned)."""

from natocrawl.extract import extract
from natocrawl.extract.boilerplate import BoilerplateModel, url_key
from natocrawl.extract.chrome import line_key
from natocrawl.extract.learned import drop_learned_runs, pair_key

URL = "https://www.nato.int/en/news-and-events/articles/news/2025/05/26/cyber-exercise"
ARTICLE = [
    "On Monday, cyber defenders from 30 Allies began the annual exercise in Tallinn.",
    "Let me be clear: NATO will do what it takes to protect every inch of Allied territory.",
]
# A dialog in wording that no list in the code knows.
DIALOG = [
    "PRESS VIDEO ACCESS",
    "Broadcast footage for newsrooms, at no cost to you, every single day",
    "Tick the box below to receive our weekly bulletin in your mailbox every Friday.",
    "Choose a fresh secret phrase now please, twelve signs or more",
]


def frequent(learned: list[str], unlearned: list[str] = (), pairs: list[tuple[str, str]] = ()) -> dict:
    keys = {line_key(line): True for line in learned} | {line_key(line): False for line in unlearned}
    return keys | {pair_key(line_key(a), line_key(b)): False for a, b in pairs}


def test_a_run_of_learned_lines_goes_and_a_lone_frequent_line_stays():
    paragraphs = [ARTICLE[0], *DIALOG[:3], ARTICLE[1]]
    known = frequent(DIALOG[:3], unlearned=[ARTICLE[1]])
    assert drop_learned_runs(paragraphs, known) == ARTICLE


def test_a_rarer_line_goes_with_its_dialog_only_where_it_usually_follows_it():
    paragraphs = [ARTICLE[0], *DIALOG, ARTICLE[1]]
    # the last dialog line is on fewer pages (one variant), the speaker's phrase on a few
    known = frequent(DIALOG[:3], unlearned=[DIALOG[3], ARTICLE[1]], pairs=[(DIALOG[2], DIALOG[3])])
    assert drop_learned_runs(paragraphs, known) == ARTICLE
    without_pair = frequent(DIALOG[:3], unlearned=[DIALOG[3], ARTICLE[1]])
    assert drop_learned_runs(paragraphs, without_pair) == [ARTICLE[0], DIALOG[3], ARTICLE[1]]


def test_one_learned_line_alone_is_not_a_run():
    assert drop_learned_runs([ARTICLE[0], DIALOG[1], ARTICLE[1]], frequent(DIALOG)) == [
        ARTICLE[0],
        DIALOG[1],
        ARTICLE[1],
    ]


def page(article_html: str, dialog_html: str) -> str:
    menu = "".join(f"<li><a href='/en/{n}'>Menu entry {n}</a></li>" for n in range(30))
    return (
        f"<html><body><nav><ul>{menu}</ul></nav><div><h1>Cyber exercise</h1>{article_html}</div>"
        f"<div>{dialog_html}</div></body></html>"
    )


def test_a_reworded_dialog_longer_than_the_article_is_not_taken_for_it():
    article_html = "".join(f"<p>{text}</p>" for text in ARTICLE)
    dialog_html = "".join(f"<p>{line}</p>" for line in DIALOG * 3)
    html = page(article_html, dialog_html)
    assert extract(html, URL).paragraphs != ARTICLE  # without what the crawl learned
    assert extract(html, URL, boilerplate=frequent(DIALOG)).paragraphs == ARTICLE


def test_the_model_learns_lines_and_pairs_on_enough_pages():
    model = BoilerplateModel(min_pages=3, share=0.5)
    for number in range(4):
        model.observe("en", [f"unique line {number}", *DIALOG[:2]])
    model.observe("en", ["unique line 9"])
    learned = model.frequent_lines("en")
    assert learned[line_key(DIALOG[0])] is True
    assert learned[pair_key(line_key(DIALOG[0]), line_key(DIALOG[1]))] is False  # frequent, never learned
    assert line_key("unique line 1") not in learned
    assert model.frequent_lines("fr") == {}


def test_closing_lines_that_only_sometimes_precede_the_footer_stay():
    """A transcript's stock closing ("Moderator: Thank you…") stands before the footer on
    some pages only: it is frequent, and usual with the line before it, but not part of the
    footer, and must stay in the body."""
    speech, closing, footer = (
        "Secretary General: the direction is clear.",
        "Moderator: Thank you. This concludes the press point.",
        DIALOG[:3],
    )
    model = BoilerplateModel(min_pages=3, share=0.5)
    for number in range(20):  # the closing on 8 of 20 pages (not learned), the footer on 15
        body = [f"unique line {number}", speech, closing] if number < 8 else [f"unique line {number}"]
        model.observe("en", [*body, *footer] if number < 3 or number >= 8 else body)
    known = model.frequent_lines("en")
    assert known[line_key(closing)] is False and known[line_key(footer[0])] is True
    assert pair_key(line_key(speech), line_key(closing)) in known  # usual together
    assert pair_key(line_key(closing), line_key(footer[0])) not in known  # 3 of the closing's 8 pages
    paragraphs = ["unique line 1", speech, closing, *footer]
    assert drop_learned_runs(paragraphs, known) == ["unique line 1", speech, closing]


def test_the_model_counts_repeated_lines_exactly_and_keeps_no_text_of_lines_seen_once():
    model = BoilerplateModel(min_pages=3, share=0.5)
    menu = ["Home", "News", "Topics", "Contact us"]
    pages = 3000
    for number in range(pages):
        own = [f"Paragraph {number}.{i} of a page of its own, which no other page repeats." for i in range(5)]
        quoted = ["A lead quoted on every tenth page."] if number % 10 == 0 else []
        model.observe("en", [*menu, *own, *quoted])
    assert model.pages["en"] == pages
    assert all(model.count("en", line_key(line)) == pages for line in menu)
    assert model.count("en", line_key("A lead quoted on every tenth page.")) == pages // 10
    assert model.count("en", pair_key(line_key("Home"), line_key("News"))) == pages
    # 3,000 pages of 5 lines and 5 pairs of their own: none kept as text, none counted
    assert len(model.texts) == len(model.lines) == 8  # the menu, its 3 pairs, the lead
    assert list(model.rare.rows()) == []
    assert set(model.frequent_lines("en")) >= {line_key(line) for line in menu}


def test_lines_on_a_few_pages_wait_on_disk_and_join_the_model_as_they_become_frequent():
    model = BoilerplateModel(min_pages=4, share=0.5)
    shared = "A quote that four pages share."
    for number in range(4):
        model.observe("en", [f"Page {number} of its own, one of a kind.", shared])
        rare = {key: pages for _lang, key, _text, pages in model.rare.rows()}
        assert (line_key(shared) in rare) == (number in (1, 2))  # on two and three pages
    assert model.count("en", line_key(shared)) == 4
    assert model.lines[("en", line_key(shared))] == 4 and model.texts[("en", line_key(shared))] == shared
    assert line_key(shared) in model.frequent_lines("en")


def test_the_counts_survive_a_restore_and_go_on_counting():
    model = BoilerplateModel(min_pages=4, share=0.5)
    model.observe("en", ["Alpha line here.", "Beta line here."])
    model.observe("en", ["Alpha line here.", "Gamma line here."])
    restored = BoilerplateModel(min_pages=4, share=0.5)
    for row in model.counts():
        restored.restore(*row)
    expected = [("en", "alphalinehere.", "Alpha line here.", 2)]
    assert sorted(restored.counts()) == sorted(model.counts()) == expected
    restored.observe("en", ["Alpha line here."])  # a new crawl's first page with it: its third
    assert restored.count("en", "alphalinehere.") == 3


def test_a_page_is_counted_once_per_url_until_its_lines_change():
    model = BoilerplateModel(min_pages=2, share=0.1)
    lines = ["Menu", "Footer line", "A line of the article itself"]
    keys = [line_key(line) for line in lines]
    url = "https://www.nato.int/en/news-and-events/articles/news/2025/03/03/x"
    assert model.observe_page(url, "en", lines, keys, None)
    assert not model.observe_page(url, "en", lines, keys, None)  # fetched again in the same crawl
    assert model.pages["en"] == 1
    changed = [*lines, "An editor's note"]
    assert model.observe_page(url, "en", changed, [line_key(line) for line in changed], None)
    assert model.pages["en"] == 2
    later = BoilerplateModel(min_pages=2, share=0.1)  # the next crawl, told what the archive counted
    assert not later.observe_page(
        url, "en", changed, [line_key(c) for c in changed], model.counted_urls[url_key(url)]
    )
    assert later.pages["en"] == 0
