"""The extractor's heuristics, one table each."""

from datetime import date

import pytest

from natocrawl.dates import parse_date, updated_from_line
from natocrawl.extract import ExtractionError, extract
from natocrawl.extract.chrome import CHROME_LINES, is_chrome_text
from natocrawl.extract.decoding import decode_page
from natocrawl.extract.metadata import is_noise_line

URL = "https://www.nato.int/en/news-and-events/articles/news/2025/05/26/cyber-exercise"
BODY = [
    "On Monday (26 May 2025), cyber defenders from 30 Allies began the annual exercise in Tallinn.",
    "Participants had to reset password policies on a simulated network and verify every "
    "verification code sent.",
    "Subscribe to our newsletter was the lure of the phishing e-mails that the red team sent to defenders.",
    "The exercise ends on Friday with a review of lessons learned across the Alliance.",
]


def page(body_html: str, head: str = "<title>Cyber exercise | NATO</title>") -> str:
    return (
        f"<html><head>{head}</head><body><div><h1>Cyber exercise</h1><div>{body_html}</div></div>"
        "</body></html>"
    )


@pytest.mark.parametrize("line", CHROME_LINES)
def test_every_known_chrome_line_is_recognised(line):
    assert is_chrome_text(line)
    assert is_chrome_text("  " + line.upper().replace("'", "’") + "\n")


@pytest.mark.parametrize("text", [*BODY, "Register now for the summit accreditation before Friday."])
def test_body_sentences_mentioning_chrome_words_are_not_chrome(text):
    assert not is_chrome_text(text)


def test_trap_paragraphs_survive_next_to_plain_chrome():
    chrome = "".join(f"<p>{line}</p>" for line in CHROME_LINES[:12])
    article = extract(page(chrome + "".join(f"<p>{p}</p>" for p in BODY)), URL)
    assert article.paragraphs == BODY
    assert article.chrome_removed >= 12


def test_headings_and_list_items_are_paragraphs_and_captions_are_not():
    html = page(
        f"<p>{BODY[0]}</p><h2>What the exercise tests</h2><ul><li>Incident response across Allies</li>"
        f"<li>Coordination with national centres</li></ul><figure><img src='a.jpg'>"
        f"<figcaption>Defenders at work"
        f"</figcaption></figure><p>{BODY[3]}</p>"
    )
    assert extract(html, URL).paragraphs == [
        BODY[0],
        "What the exercise tests",
        "Incident response across Allies",
        "Coordination with national centres",
        BODY[3],
    ]


def test_lead_printed_twice_is_kept_once():
    html = page(f"<p>{BODY[0]}</p><p>{BODY[0]}</p><p>{BODY[3]}</p>")
    assert extract(html, URL).paragraphs == [BODY[0], BODY[3]]


@pytest.mark.parametrize(
    "head, h1, expected",
    [
        ("<title>Cyber exercise | NATO</title>", "<h1>Cyber exercise</h1>", "Cyber exercise"),
        ("<title>Allies meet - NATO</title>", "", "Allies meet"),
        ("<meta property='og:title' content='From the og tag'>", "", "From the og tag"),
        ("", "", "Cyber exercise"),  # from the slug, as a last resort
    ],
)
def test_title_sources(head, h1, expected):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = f"<html><head>{head}</head><body><div>{h1}<div>{paragraphs}</div></div></body></html>"
    assert extract(html, URL).title == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("03 March 2023", date(2023, 3, 3)),
        ("31 Mar. 2017 11:35", date(2017, 3, 31)),
        ("Mis à jour le : 04 juil. 2022 13:50", date(2022, 7, 4)),
        ("18 novembre 2024", date(2024, 11, 18)),
        ("2025-06-25T10:00:00Z", date(2025, 6, 25)),
        ("Published: 20/02/2025", date(2025, 2, 20)),
        ("Publié le 02.04.2025", date(2025, 4, 2)),
        ("31 February 2023", None),
        ("no date here", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Updated: 03 March 2023", date(2023, 3, 3)),
        ("Last updated: 31 Mar. 2017 11:35", date(2017, 3, 31)),
        ("Mis à jour le: 04 Jul. 2022 13:50", date(2022, 7, 4)),
        ("Updated guidance was published on 3 March 2023 for all Allies and partners in the region.", None),
    ],
)
def test_updated_lines(line, expected):
    assert updated_from_line(line) == expected


@pytest.mark.parametrize(
    "line, noise",
    [
        ("31 Mar. 2017 -", True),
        ("janvier 2022", True),
        ("2025-06-25", True),
        ("Mars 2022 was a hard year.", False),
        ("Contact: 12 March 2024", False),
        ("Press Release (2015) 057", True),
        ("Follow us on X: @NATO, @SecGenNATO and @NATOPress", True),
        ("Updated: 03 March 2023", True),
        ("On 31 March 2017, Allies agreed a new plan.", False),
        ("Published: 20/02/2025", True),
        ("Publié le 02/04/2025", True),
        ("Contact : Service de presse de l’OTAN, accreditation@hq.nato.int", True),
        ("Press contact: moc@hq.nato.int", True),
        ("© NATO-OTAN · Printed from www.nato.int", True),
        ("Contact with the press was limited during the talks.", False),
    ],
)
def test_noise_lines(line, noise):
    assert is_noise_line(line) is noise


def test_updated_line_becomes_metadata_not_body():
    article = extract(
        page("<p>Updated: 03 March 2023</p>" + "".join(f"<p>{p}</p>" for p in BODY)),
        "https://www.nato.int/en/about-us/organization/cyber",
    )
    assert article.updated == "2023-03-03"
    assert article.paragraphs == BODY
    assert article.type == "page" and article.published is None


@pytest.mark.parametrize("html, reason", [("", "empty_page"), ("   ", "empty_page")])
def test_unusable_pages_raise_with_a_reason(html, reason):
    with pytest.raises(ExtractionError) as raised:
        extract(html, URL)
    assert raised.value.reason == reason


def test_english_body_under_french_url():
    article = extract(page("".join(f"<p>{p}</p>" for p in BODY)), URL.replace("/en/", "/fr/"))
    assert (article.lang, article.content_lang) == ("fr", "en")


def test_extraction_error_survives_pickling_between_processes():
    import pickle

    error = pickle.loads(pickle.dumps(ExtractionError("unparseable_html", "no <body>")))
    assert (error.reason, str(error)) == ("unparseable_html", "unparseable_html: no <body>")


def paragraphs_html(texts) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def test_control_characters_do_not_break_extraction():
    article = extract(page(paragraphs_html([BODY[0].replace("cyber", "cyber\x0c"), *BODY[1:]])), URL)
    assert len(article.paragraphs) == 4 and "\x0c" not in article.body


def test_binary_content_is_refused():
    with pytest.raises(ExtractionError) as raised:
        extract(bytes(range(256)) * 40, URL)
    assert raised.value.reason == "not_html"


def test_the_page_declared_charset_is_honoured():
    html = (
        "<html><head><meta charset='iso-8859-1'><title>Sécurité | OTAN</title></head><body><main>"
        "<h1>Sécurité</h1>"
        "<p>La sécurité de l'Alliance est au centre des débats des ministres à Bruxelles.</p>"
        "</main></body></html>"
    ).encode("latin-1")
    article = extract(html, URL.replace("/en/", "/fr/"))
    assert article.title == "Sécurité" and "débats" in article.body


@pytest.mark.parametrize(
    "wrapper",
    [
        "<form action='/default.aspx' method='post'>{}</form>",  # whole pages wrapped in a form
        "<div class='panel' aria-hidden='true'>{}</div>",  # a collapsed accordion panel
        "<div hidden>{}</div>",
    ],
)
def test_concealed_elements_holding_the_article_are_kept(wrapper):
    html = f"<html><body><h1>Cyber exercise</h1>{wrapper.format(paragraphs_html(BODY))}</body></html>"
    assert extract(html, URL).paragraphs == BODY


def test_a_short_chrome_phrase_alone_in_the_body_is_a_heading_not_chrome():
    html = page(paragraphs_html(BODY[:2]) + "<h2>Register</h2>" + paragraphs_html(BODY[2:]))
    assert extract(html, URL).paragraphs == [*BODY[:2], "Register", *BODY[2:]]


def test_a_short_chrome_heading_inside_the_dialogs_container_is_kept_when_article_text_surrounds_it():
    # Same parent as the dialog lines that follow: only reading order tells them apart.
    dialog = "".join(f"<p>{line}</p>" for line in CHROME_LINES[:6])
    html = page(paragraphs_html(BODY[:2]) + "<h3>Create an account</h3>" + paragraphs_html(BODY[2:]) + dialog)
    assert extract(html, URL).paragraphs == [*BODY[:2], "Create an account", *BODY[2:]]


def test_short_chrome_lines_standing_together_are_chrome():
    html = page(
        paragraphs_html(BODY[:2]) + "<p>Register</p><p>Reset password</p>" + paragraphs_html(BODY[2:])
    )
    assert extract(html, URL).paragraphs == BODY


def test_print_layout_header_lines_are_not_body():
    header = f"<div><span>NATO · OTAN</span> <span>{URL}</span></div>"
    html = (
        "<html><body>"
        + header
        + "<div><h1>Cyber exercise</h1><div>Published: 26/05/2025</div>"
        + paragraphs_html(BODY)
        + "</div><div>© NATO-OTAN · Printed from www.nato.int</div></body></html>"
    )
    article = extract(html, URL)
    assert (article.paragraphs, article.title) == (BODY, "Cyber exercise")


def accordion_item(index: int, text: str) -> str:
    state = "expanded" if index == 0 else "hidden"
    hidden = "" if index == 0 else " aria-hidden='true'"
    return (
        f"<h3><button aria-expanded='{index == 0}'>Q{index}</button></h3>"
        f"<div role='region' class='acc__panel acc__panel--{state}'{hidden}><p>{text}</p></div>"
    )


def test_accordion_panels_expanded_or_collapsed_are_body():
    # Trafilatura discards classes naming UI state ("--expanded"); a panel's role says it is content.
    panels = "".join(accordion_item(index, text) for index, text in enumerate(BODY))
    expected = [item for index, text in enumerate(BODY) for item in (f"Q{index}", text)]
    assert extract(page(panels), URL).paragraphs == expected


@pytest.mark.parametrize(
    "dialog",
    [
        # a line finished by a button, visible, no hidden marker
        "<div><h2>Register</h2><p>Didn't receive a code? <button>Send new Code</button></p>"
        "<p>Verification code</p></div>",
        # inline pieces joined without a space
        "<div><p><span>Didn't receive a code?</span><a href='#'>Send new Code</a></p>"
        "<p><span>Subscribe to our</span><span>newsletter</span></p></div>",
    ],
)
def test_visible_dialog_lines_in_pieces_are_removed(dialog):
    assert extract(page(dialog + paragraphs_html(BODY)), URL).paragraphs == BODY


def test_a_whole_latin1_page_declared_utf8_is_read_as_latin1_even_where_bytes_look_like_utf8():
    # "é" + no-break space + "»" in Latin-1 (E9 A0 BB) is also a valid UTF-8 sequence (頻).
    text = "<p>Le travail de l'Alliance « renforce la sécurité de chaque Allié ». Défense, été.</p>"
    page = f"<html><head><meta charset='utf-8'></head><body>{text}</body></html>".replace(" »", "\u00a0»")
    decoded = decode_page(page.encode("latin-1"), "text/html; charset=utf-8")
    assert "Allié\u00a0»" in decoded and "\u983b" not in decoded


def test_one_latin1_paragraph_in_a_utf8_page_is_mended_in_place():
    page = (
        "<p>Défense – sécurité – « Alliés » – été – numéro – après</p>".encode()
        + "<p>d\xe9fense</p>".encode("latin-1")
    )
    decoded = decode_page(page, "text/html; charset=utf-8")
    assert "Défense – sécurité – « Alliés »" in decoded and "défense" in decoded


def test_a_utf8_page_in_another_alphabet_with_one_stray_byte_stays_utf8():
    page = "<p>НАТО и Эрдоган во Вроцлаве</p>".encode() + b"<p>d\xe9fense</p>"
    decoded = decode_page(page, "text/html; charset=utf-8")
    assert "НАТО и Эрдоган во Вроцлаве" in decoded and "défense" in decoded
