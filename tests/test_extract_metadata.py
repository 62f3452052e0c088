"""Transcript subtitles, speakers and the main image, on hand-written markup variants."""

import pytest

from natocrawl.extract import Article, extract
from natocrawl.extract.evaluate import GoldPage, score_page, summary

TRANSCRIPT = "https://www.nato.int/en/news-and-events/events/transcripts/2025/02/13/press-conference"
TRANSCRIPT_FR = "https://www.nato.int/fr/news-and-events/events/transcripts/2025/02/13/press-conference"
NEWS = "https://www.nato.int/en/news-and-events/articles/news/2025/02/13/ministers-meet"
TITLE = "Press conference by NATO Secretary General Mark Rutte"
SUBTITLE = (
    "Press conference by NATO Secretary General Mark Rutte following the meeting of NATO Defence Ministers"
)
SPEECH = [
    "Good afternoon. We have just concluded two days of meetings of NATO Defence Ministers here in Brussels.",
    "Ministers agreed new capability targets for every Ally, more demanding than at any time in a "
    "generation.",
    "Let me be clear: NATO will do what it takes to protect every inch of Allied territory, today and "
    "tomorrow.",
    "Allies will have to spend more, and many already do. The targets are demanding but realistic for all.",
]


def page(body: str, head: str = "", title: str = TITLE) -> str:
    return (
        f"<html><head><title>{title} | NATO</title>{head}</head><body>"
        f"<header><a href='/en'><img src='/static/nato_logo.png' alt='NATO'></a></header>"
        f"<div class='content'><h1>{title}</h1>{body}</div>"
        f"<aside><a href='/en/news-and-events/articles/news/2025/01/10/story'><img src='/img/teaser.jpg'>"
        f"Related story</a></aside></body></html>"
    )


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


# --- subtitle ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        f"<h3>{SUBTITLE}</h3>",
        f"<h2 class='anything'>{SUBTITLE}</h2>",
        f"<div role='heading' aria-level='3'>{SUBTITLE}</div>",
        f"<p><b><i>{SUBTITLE}</i></b></p>",
        f"<p><strong>{SUBTITLE}</strong></p>",
        f"<p>{SUBTITLE}</p><p>(As delivered)</p>",  # plain, but set above the notice
    ],
)
def test_the_line_under_the_title_is_the_subtitle_and_leaves_the_body(markup):
    article = extract(page(markup + paragraphs(*SPEECH)), TRANSCRIPT)
    assert article.subtitle == SUBTITLE
    notice = ["(As delivered)"] if "(As delivered)" in markup else []
    assert article.paragraphs == [*notice, *SPEECH]  # the subtitle is in `subtitle` only


@pytest.mark.parametrize(
    "markup",
    [
        paragraphs("(As delivered)", *SPEECH),  # the notice first: no subtitle
        paragraphs(*SPEECH),  # prose first
        f"<p>{SUBTITLE}</p>" + paragraphs(*SPEECH),  # a plain line with nothing setting it apart
        "<h3>(Check against delivery)</h3>" + paragraphs(*SPEECH),
        "<p><b>NATO Secretary General Mark Rutte:</b></p>" + paragraphs(*SPEECH),  # a label alone
    ],
)
def test_no_subtitle_without_a_line_set_apart_under_the_title(markup):
    assert extract(page(markup), TRANSCRIPT).subtitle is None


def test_other_page_types_have_no_subtitle_nor_speakers():
    body = f"<h3>{SUBTITLE}</h3><p><b>Background:</b> {SPEECH[0]}</p>" + paragraphs(*SPEECH[1:])
    article = extract(page(body), NEWS)
    assert (article.subtitle, article.speakers) == (None, ())


# --- speakers ------------------------------------------------------------------------


def test_bold_labels_in_order_of_first_appearance_without_question_markers():
    body = (
        f"<p><b>NATO Secretary General Mark Rutte:</b> {SPEECH[0]}</p>"
        f"<p>{SPEECH[1]}</p>"
        f"<p><strong>Moderator</strong>: We will take questions. Reuters, please.</p>"
        f"<p><b>Q:</b> Secretary General, are the targets achievable with current budgets?</p>"
        f"<p><b>NATO Secretary General Mark Rutte:</b> {SPEECH[3]}</p>"
        f"<p><b>Question [Agence Baltique]:</b> Did ministers discuss the incident last week?</p>"
        f"<p><b>Q (AFP):</b> And what about the Summit in The Hague this summer?</p>"
        f"<p><b>Oana Lungescu (NATO Spokesperson):</b> That concludes the press conference.</p>"
    )
    article = extract(page(body), TRANSCRIPT)
    assert list(article.speakers) == [
        "NATO Secretary General Mark Rutte",
        "Moderator",
        "Oana Lungescu (NATO Spokesperson)",
    ]


def test_plain_name_prefixes_are_speakers_and_prose_with_a_colon_is_not():
    body = paragraphs(
        f"NATO Secretary General Mark Rutte: {SPEECH[0]}",
        SPEECH[2],
        "Moderator: We have time for two questions.",
        "Q: Secretary General, will NATO increase its presence in the High North?",
        f"NATO Secretary General Mark Rutte: {SPEECH[3]}",
        "Prime Minister of Iceland Sigrún Haraldsdóttir: We are increasing our contributions.",
    )
    article = extract(page(body), TRANSCRIPT)
    assert list(article.speakers) == [
        "NATO Secretary General Mark Rutte",
        "Moderator",
        "Prime Minister of Iceland Sigrún Haraldsdóttir",
    ]


def test_french_labels_with_a_no_break_space_before_the_colon():
    body = (
        "<p><b>La secrétaire générale de l’OTAN, Ingrid Solvang&nbsp;:</b> Bonjour. Nous venons de conclure "
        "une réunion productive des ministres de la Défense.</p>"
        "<p><strong>Modérateur\u00a0:</strong> Nous avons le temps pour quelques questions.</p>"
        "<p><b>Question [Radio Kestrel]&nbsp;:</b> "
        "La Lituanie est-elle prête à accroître sa contribution ?</p>"
        "<p>Porte-parole de l’OTAN\u00a0: Merci. Ce point de presse est terminé pour aujourd’hui.</p>"
        "<p>Porte-parole de l’OTAN\u00a0: Nous reprendrons demain à dix heures, ici même.</p>"
    )
    article = extract(page(body, title="Point de presse"), TRANSCRIPT_FR)
    assert list(article.speakers) == [
        "La secrétaire générale de l’OTAN, Ingrid Solvang",
        "Modérateur",
        "Porte-parole de l’OTAN",
    ]
    assert "Modérateur\u00a0: Nous avons" in article.body  # the body keeps the page's typography


def test_a_label_alone_in_its_paragraph_and_one_spoken_once_among_bold_labels():
    body = (
        "<p><b>NATO Secretary General:</b></p>"
        + paragraphs(*SPEECH[:2])
        + "<p>Brussels: the meeting continues tomorrow with partners from the Indo-Pacific region.</p>"
        + "<p><b>Moderator:</b> Thank you.</p>"
    )
    assert list(extract(page(body), TRANSCRIPT).speakers) == ["NATO Secretary General", "Moderator"]


def test_a_page_of_unknown_type_is_a_transcript_when_speakers_take_turns():
    url = "https://www.nato.int/docu/speech/2004/s040101a.htm"
    dialogue = (
        f"<h3>{SUBTITLE}</h3><p><b>Moderator:</b> {SPEECH[0]}</p>"
        f"<p><b>Secretary General:</b> {SPEECH[1]}</p><p><b>Moderator:</b> {SPEECH[3]}</p>"
    )
    article = extract(page(dialogue), url)
    assert (article.subtitle, article.speakers) == (SUBTITLE, ("Moderator", "Secretary General"))
    monologue = f"<h3>{SUBTITLE}</h3><p><b>Secretary General:</b> {SPEECH[0]}</p>" + paragraphs(*SPEECH[1:])
    article = extract(page(monologue), url)
    assert (article.subtitle, article.speakers) == (None, ())


# --- main image ----------------------------------------------------------------------


def test_og_image_wins_over_a_picture_in_the_article():
    head = "<meta property='og:image' content='/content/dam/nato/hero.jpg'>"
    body = "<figure><img src='/content/dam/nato/body.jpg'><figcaption>Ministers</figcaption></figure>"
    article = extract(page(body + paragraphs(*SPEECH), head), NEWS)
    assert article.image_url == "https://www.nato.int/content/dam/nato/hero.jpg"


@pytest.mark.parametrize(
    "head, expected",
    [
        (
            "<meta name='twitter:image' content='https://cdn.example.org/t.jpg'>",
            "https://cdn.example.org/t.jpg",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", '
            '"image": {"@type": "ImageObject", "url": "/photos/ld.jpg"}}</script>',
            "https://www.nato.int/photos/ld.jpg",
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "NATO"}, '
            '{"@type": "NewsArticle", "image": ["photos/first.jpg", "photos/second.jpg"]}]}</script>',
            "https://www.nato.int/en/news-and-events/articles/news/2025/02/13/photos/first.jpg",
        ),
        (
            "<meta property='og:image' content='/static/nato_logo.png'>",
            None,
        ),  # a logo declared: no better than none
    ],
)
def test_declared_images(head, expected):
    assert extract(page(paragraphs(*SPEECH), head), NEWS).image_url == expected


def test_the_first_sizeable_picture_of_the_article_resolved_against_the_page():
    skipped = (
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<img src='/track.gif' width='1' height='1'><img src='/share.png' width='16'>"
        "<img src='/img/flag.svg'><img src='/img/site-icons/print.png'>"
        "<a href='/en/other-story'><img src='/img/teaser-in-body.jpg'></a>"
    )
    lazy = "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' data-src='photos/lazy.jpg' width='800'>"
    table = "<table><tr><td><img src='../big.jpg' width='260'></td></tr><tr><td>Photo</td></tr></table>"
    base = "https://www.nato.int/en/news-and-events/articles/news/2025/02/"
    article = extract(page(paragraphs(SPEECH[0]) + skipped + lazy + table + paragraphs(*SPEECH[1:])), NEWS)
    assert article.image_url == base + "13/photos/lazy.jpg"
    article = extract(page(paragraphs(SPEECH[0]) + skipped + table + paragraphs(*SPEECH[1:])), NEWS)
    assert article.image_url == base + "big.jpg"  # an image table's picture, though the table is pruned


def test_a_picture_linking_to_its_own_file_and_a_base_href():
    head = "<base href='https://www.nato.int/nato_static/'>"
    body = "<a href='/pictures/full/1.jpg'><img src='pictures/1_rwd.jpg' width='300'></a>"
    article = extract(page(body + paragraphs(*SPEECH), head), NEWS)
    assert article.image_url == "https://www.nato.int/nato_static/pictures/1_rwd.jpg"


def test_a_figure_beside_the_text_wrapper_counts_and_pictures_outside_the_article_do_not():
    # A short title leaves the text wrapper as the container, the figure in its parent.
    beside = f"<figure><img src='/media/hero.webp'></figure><div>{paragraphs(*SPEECH)}</div>"
    assert (
        extract(page(beside, title="Ministers meet"), NEWS).image_url
        == "https://www.nato.int/media/hero.webp"
    )
    # Only the header logo and the related-story teaser, around a container right under <body>: no image.
    assert extract(page(paragraphs(*SPEECH)), NEWS).image_url is None
    assert (
        extract(
            f"<html><body><main>{paragraphs(*SPEECH)}</main><div><img src='/media/other.jpg'></div>"
            f"</body></html>",
            NEWS,
        ).image_url
        is None
    )


# --- the record and its scoring ------------------------------------------------------


def test_the_record_carries_the_new_fields_with_defaults_for_old_callers():
    record = extract(
        page(f"<p><b>Moderator:</b> {SPEECH[0]}</p>" + paragraphs(*SPEECH[1:])), TRANSCRIPT
    ).to_dict()
    assert record["speakers"] == ["Moderator"] and isinstance(record["speakers"], list)
    assert record["subtitle"] is None and record["image_url"] is None
    old_style = Article("u", "en", "en", "news", "t", None, None, "", "b", 1, "h", 0)
    assert (old_style.subtitle, old_style.speakers, old_style.image_url) == (None, (), None)


def test_new_fields_are_scored_only_where_the_annotation_has_them():
    expected = {"url": TRANSCRIPT, "title": "t", "paragraphs": ["a"], "speakers": ["Moderator"]}
    annotated = score_page(
        GoldPage("a", b"", expected),
        ["a"],
        {"title": "t", "speakers": ["Moderator"], "subtitle": "x", "image_url": None},
    )
    assert annotated.metadata == {"title": True, "speakers": True}
    wrong = score_page(GoldPage("b", b"", expected), ["a"], {"title": "t", "speakers": []})
    bare = score_page(GoldPage("c", b"", {**expected, "speakers": []}), ["a"], {"title": "t", "speakers": []})
    accuracy = summary([annotated, wrong, bare])["accuracy"]
    assert accuracy["speakers"] == pytest.approx(2 / 3) and accuracy["subtitle"] is None
