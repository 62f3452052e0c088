"""Page furniture inside the article, by role: each kind in several wordings and shapes, in
English and French, next to body text that looks like it and must stay."""

import pytest

from natocrawl.extract import extract
from natocrawl.extract.stamps import is_stamp_line

URL = "https://www.nato.int/en/news-and-events/articles/news/2025/03/03/baltic-air-policing"
FR_URL = "https://www.nato.int/fr/news-and-events/articles/news/2025/03/03/baltic-air-policing"
BODY = [
    "Four fighter jets from Portugal arrived in Lithuania on Monday to take over the air policing mission.",
    "The aircraft will be based at Šiauliai air base for four months, alongside a detachment from Poland.",
    "Since 2004, Allies have taken turns to protect the airspace of Estonia, Latvia and Lithuania.",
    "The commander of the detachment said that his pilots had trained for months for this rotation.",
]
FR_BODY = [
    "Quatre avions de chasse portugais sont arrivés lundi en Lituanie pour la mission de police du ciel.",
    "Les appareils seront basés à Šiauliai pendant quatre mois, aux côtés d'un détachement polonais.",
    "Depuis 2004, les Alliés se relaient pour protéger l'espace aérien des trois pays baltes.",
    "Le commandant du détachement a indiqué que ses pilotes s'étaient entraînés pendant des mois.",
]


def page(inner: str, lang: str = "en") -> str:
    title = "Portugal takes over air policing" if lang == "en" else "Le Portugal reprend la police du ciel"
    return (
        f"<html lang='{lang}'><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<div><h1>{title}</h1><div>{inner}</div></div><footer>© NATO</footer></body></html>"
    )


def ps(texts) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def around(furniture: str, body=BODY) -> str:
    """The furniture after the lead, inside the article."""
    return ps(body[:1]) + furniture + ps(body[1:])


FURNITURE = {
    "figure caption": "<figure><img src='/a.jpg'><figcaption>F-16s over Šiauliai.</figcaption></figure>",
    "caption in the picture's frame": "<div><img src='/a.jpg'><span>F-16s over Šiauliai.</span></div>",
    "caption in italics after the picture": "<div><img src='/a.jpg'></div><p><em>F-16s, 3 March</em></p>",
    "credit after the picture": "<p><img src='/a.jpg'></p><div>Image courtesy of the Air Force</div>",
    "credit line": "<p>Photo : © Força Aérea Portuguesa</p>",
    "issued line": "<p>Issued on 3 March 2025</p>",
    "published with time": "<div><span>Published: 03/03/2025 14:05</span></div>",
    "metadata with separators": "<p>3 March 2025 | Press Release (2025) 031 | 2 min read</p>",
    "separator alone": "<p>|</p>",
    "reference number": "<p>PR/CP(2025)031</p>",
    "month first": "<p>Last updated March 4, 2025 at 10:15 CET</p>",
    "tabs as links": "<ul><li><a href='#about'>Overview</a></li><li><a href='#jets'>Assets</a></li></ul>",
    "tabs as spans glued": "<div><span>Overview</span><span>Members</span><span>Meetings</span></div>",
    "top of page": "<p><a href='#top'>Top of page</a></p>",
    "share bar": (
        "<div>Share: <a href='https://x.com/intent/post?url=x'>X</a> <a href='mailto:?subject=x'>E-mail</a> "
        "<a href='javascript:window.print()'>Print</a></div>"
    ),
    "breadcrumbs": (
        "<ol><li><a href='/en'>Home</a></li><li><a href='/en/news-and-events'>News and events</a></li>"
        "<li><a href='/en/news-and-events/articles/news'>News</a></li></ol>"
    ),
    "language switcher": f"<p><a href='{FR_URL}'>Français</a></p>",
    "related box": (
        "<aside><h3>Related</h3><ul><li><a href='/en/news-and-events/articles/news/2025/01/09/x'>Jets leave "
        "Estonia</a></li><li><a href='/en/news-and-events/articles/news/2024/11/02/y'>Air policing in "
        "Iceland</a></li></ul></aside>"
    ),
    "contact block": (
        "<div><h4>For media enquiries</h4><p>Allied Air Command Public Affairs Office<br>"
        "Phone: +49 6371 47 6350<br>pao@airn.nato.int</p></div>"
    ),
    "metadata table": (
        "<table><tr><th>Date</th><th>Type</th><th>Reference</th></tr>"
        "<tr><td>3 Mar. 2025</td><td>News</td><td>PR/CP(2025)031</td></tr></table>"
    ),
    "metadata list": "<dl><dt>Issued</dt><dd>3 March 2025</dd><dt>Reference</dt><dd>PR/CP(2025)031</dd></dl>",
    "related list with dates": (
        "<ul><li><a href='/en/news-and-events/articles/news/2025/01/09/x'>Jets leave Estonia</a> "
        "<span>News, 9 Jan. 2025</span></li><li><a href='/en/what-we-do/air-policing'>Air policing</a> "
        "<span>Topic</span></li></ul>"
    ),
    "share links on a line of their own": (
        "<div><span><a href='mailto:?subject=x'>E-mail</a><a href='https://www.linkedin.com/shareArticle'>"
        "LinkedIn</a></span><br><br></div>"
    ),
    "download link": "<p><a href='/static/pdf/air-policing.pdf'>Download (PDF, 1 MB)</a></p>",
    "contact details in pre": "<pre>Public Affairs\nTel.: +49 6371 47 6350\nE-mail: pao@airn.nato.int</pre>",
    "pull quote in a web component, attributed": (
        "<x-pull-quote><q>Since 2004, Allies have taken turns to protect the airspace</q>"
        "<cite>Allied Air Command</cite></x-pull-quote>"
    ),
    "pull quote repeating the body": (
        "<blockquote><p>“Since 2004, Allies have taken turns to protect the airspace of Estonia, Latvia and "
        "Lithuania.”</p><cite>— Allied Air Command</cite></blockquote>"
    ),
}


@pytest.mark.parametrize("name", FURNITURE)
def test_furniture_leaves_the_body(name):
    assert extract(page(around(FURNITURE[name])), URL).paragraphs == BODY


FR_FURNITURE = {
    "crédit": "<p>Crédit photo : Força Aérea Portuguesa</p>",
    "publié": "<p>Publié le 3 mars 2025 · mis à jour le 4 mars 2025</p>",
    "haut de page": "<p><a href='#haut'>Haut de page</a></p>",
    "partager": "<div>Partager : <a href='https://www.facebook.com/sharer/sharer.php?u=x'>Facebook</a></div>",
    "contact presse": (
        "<div><h3>Pour en savoir plus</h3><p>Service de presse<br>Tél. : +32 2 707 50 41<br>"
        "Courriel : presse@hq.nato.int</p></div>"
    ),
    "onglets": "<p><span>Aperçu</span><span>Membres</span><span>Réunions</span></p>",
    "citation répétée": (
        "<aside>« Les appareils seront basés à Šiauliai pendant quatre mois, aux côtés d'un détachement "
        "polonais. »</aside>"
    ),
}


@pytest.mark.parametrize("name", FR_FURNITURE)
def test_french_furniture_leaves_the_body(name):
    article = extract(page(around(FR_FURNITURE[name], FR_BODY), "fr"), FR_URL)
    assert article.paragraphs == FR_BODY


TRAPS = {
    "a one-line paragraph after a picture": (
        "<div><img src='/a.jpg'></div><p>The jets landed at noon.</p>",
        ["The jets landed at noon."],
    ),
    "an accreditation paragraph with an address": (
        "<p>Journalists who wish to visit the detachment should send a request to pao@airn.nato.int "
        "before Friday, stating their outlet.</p>",
        [
            "Journalists who wish to visit the detachment should send a request to pao@airn.nato.int "
            "before Friday, stating their outlet."
        ],
    ),
    "an advisory's practical details": (
        "<p>Time: 10:00 | Venue: Šiauliai air base</p>",
        ["Time: 10:00 | Venue: Šiauliai air base"],
    ),
    "a genuine quotation": (
        "<blockquote><p>“We are proud to protect the skies of our Baltic Allies,” said the commander.</p>"
        "</blockquote>",
        ["“We are proud to protect the skies of our Baltic Allies,” said the commander."],
    ),
    "a list of short items": (
        "<ul><li>Estonia</li><li>Latvia</li><li>Lithuania</li></ul>",
        ["Estonia", "Latvia", "Lithuania"],
    ),
    "a data table": (
        "<table><tr><td><span>Portugal</span><span>4 jets</span></td><td>March</td></tr></table>",
        None,
    ),
    "a paragraph citing another article": (
        "<p>The previous rotation was led by <a href='/en/news-and-events/articles/news/2024/11/01/z'>the "
        "Netherlands</a>, which sent four F-35s.</p>",
        ["The previous rotation was led by the Netherlands, which sent four F-35s."],
    ),
    "a paragraph with a picture floated in it": (
        "<p><img src='/a.jpg' align='right'>The jets will stay at Šiauliai until the end of July.</p>",
        ["The jets will stay at Šiauliai until the end of July."],
    ),
    "a paragraph after a picture that names a source": (
        "<div><img src='/a.jpg'></div><p>Cyber attacks remain a major source of concern for the crews.</p>",
        ["Cyber attacks remain a major source of concern for the crews."],
    ),
    "text marked with an anchor name": (
        "<p><a name='p5'>Allies also agreed to extend the mission by a year.</a></p>",
        ["Allies also agreed to extend the mission by a year."],
    ),
    "a subheading the next paragraph repeats": (
        "<h2>Strengthening deterrence and defence across the Alliance</h2><p>Strengthening deterrence "
        "and defence across the Alliance is the aim of every rotation.</p>",
        [
            "Strengthening deterrence and defence across the Alliance",
            "Strengthening deterrence and defence across the Alliance is the aim of every rotation.",
        ],
    ),
    "a short paragraph a longer one repeats": (
        "<p>Allies agreed to raise defence spending further.</p><p>At the summit, Allies agreed to raise "
        "defence spending further. The details follow in June.</p>",
        [
            "Allies agreed to raise defence spending further.",
            "At the summit, Allies agreed to raise defence spending further. The details follow in June.",
        ],
    ),
    "a timeline table": (
        "<table><tr><td>3 March 2025</td><td>Jets arrive</td></tr><tr><td>4 March 2025</td>"
        "<td>First patrol</td></tr><tr><td>1 July 2025</td><td>Handover</td></tr></table>",
        None,
    ),
    "a French heading with quotes": (
        "<h2>Le « Pacte » et la « Déclaration » de Washington</h2>",
        ["Le « Pacte » et la « Déclaration » de Washington"],
    ),
    "a heading that is a link": (
        "<h2><a href='#rotation'>The next rotation</a></h2><p>Spain will take over in July.</p>",
        ["The next rotation", "Spain will take over in July."],
    ),
}


@pytest.mark.parametrize("name", TRAPS)
def test_body_that_looks_like_furniture_stays(name):
    markup, kept = TRAPS[name]
    paragraphs = extract(page(around(markup)), URL).paragraphs
    if kept is None:  # table cells: the values stay, however Trafilatura lays the cells out
        words = set(" ".join(paragraphs).split())
        assert {"Portugal", "4", "jets", "March"} <= words or {"Jets", "patrol", "Handover"} <= words
    else:
        assert paragraphs == [BODY[0], *kept, *BODY[1:]]


def test_a_date_marked_up_in_a_sentence_stays_in_it():
    markup = "<p>The jets landed on <time datetime='2025-03-03'>3 March</time> at Šiauliai.</p>"
    assert "The jets landed on 3 March at Šiauliai." in extract(page(around(markup)), URL).paragraphs


def test_a_layout_table_is_read_paragraph_by_paragraph():
    cell = "<b>Air policing</b><br>" + ps(BODY)
    html = page(f"<table><tr><td><img src='/spacer.gif'></td><td>{cell}</td></tr></table>")
    assert extract(html, URL).paragraphs == ["Air policing", *BODY]


def test_what_stands_before_the_headline_is_not_body():
    html = (
        "<html><body><div><p>News</p><p>Home › News › 2025</p><h1>Portugal takes over air policing</h1>"
        f"{ps(BODY)}</div></body></html>"
    )
    assert extract(html, URL).paragraphs == BODY


def test_inline_elements_are_not_glued_across_their_boundaries():
    markup = "<p>The <b>North</b><i>Atlantic</i> Council met on <span>Monday</span>.</p>"
    text = extract(page(around(markup)), URL).body
    assert "North Atlantic Council met on Monday." in text


def test_a_word_split_across_elements_stays_whole():
    markup = "<p>The <span>Secre</span><span>tary</span> General spoke to the crews on arrival.</p>"
    assert "The Secretary General spoke" in extract(page(around(markup)), URL).body


@pytest.mark.parametrize(
    "line",
    ["Brussels, 3 March 2025", "On 3 March 2025, Allies met in Brussels.", "Time: 10:00 | Venue: NATO HQ"],
)
def test_lines_with_a_date_in_prose_are_not_stamps(line):
    assert not is_stamp_line(line)
