"""Event pages are dated: the days the page states (start and end), read from its JSON-LD, a
dateline or <time> elements, in English and French; the year from them, or from the URL's
year and month when the page states no day."""

import urllib.request
from datetime import date

import lxml.html
import pytest

from natocrawl.archive.years import year_of
from natocrawl.dates import is_date_line, parse_date_range
from natocrawl.extract import extract
from natocrawl.extract.event_dates import find_event_days, json_ld_event_days
from natocrawl.replica import Site, start_server

EVENT_URL = "https://www.nato.int/en/news-and-events/events/2024/06/meeting-of-defence-ministers"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("12-13 June 2024", ((2024, 6, 12), (2024, 6, 13))),
        ("12 – 14 Feb. 2025", ((2025, 2, 12), (2025, 2, 14))),
        ("du 12 au 13 juin 2024", ((2024, 6, 12), (2024, 6, 13))),
        ("12 et 13 juin 2024", ((2024, 6, 12), (2024, 6, 13))),
        ("30 June - 2 July 2024", ((2024, 6, 30), (2024, 7, 2))),
        ("du 30 décembre au 2 janvier 2025", ((2024, 12, 30), (2025, 1, 2))),
        ("Defence12-13 June 2024", ((2024, 6, 12), (2024, 6, 13))),
        ("12 June 2024", ((2024, 6, 12), (2024, 6, 12))),
        ("1er juillet 2023", ((2023, 7, 1), (2023, 7, 1))),
        ("30 June 2024 – 2 July 2024", ((2024, 6, 30), (2024, 7, 2))),
        ("Monday 30 June - Wednesday 2 July 2025", ((2025, 6, 30), (2025, 7, 2))),
        ("Ministers will meet 12-13 June 2024 in Brussels", ((2024, 6, 12), (2024, 6, 13))),
        # A number owned by the word before it is no first day: only the date is read.
        ("Article 5 – 12 September 2001", ((2001, 9, 12), (2001, 9, 12))),
        ("Session 2 - 14 June 2024", ((2024, 6, 14), (2024, 6, 14))),
        ("75 years – 4 April 2024", ((2024, 4, 4), (2024, 4, 4))),
        ("30 Allies and 2 June 2024", ((2024, 6, 2), (2024, 6, 2))),
    ],
)
def test_a_span_of_days_is_read_in_either_language(text, span):
    assert parse_date_range(text) == tuple(date(*day) for day in span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("no date here", None),
        ("31-32 June 2024", None),  # no 32nd
        ("14-12 June 2024", ((2024, 6, 12), (2024, 6, 12))),  # backwards: only the whole date is read
    ],
)
def test_no_span_where_none_is_stated(text, span):
    assert parse_date_range(text) == (span and tuple(date(*day) for day in span))


def test_a_dateline_of_days_is_a_date_line_not_text():
    assert is_date_line("12-13 June 2024") and is_date_line("du 12 au 13 juin 2024")
    for text in (
        "Ministers met on 12-13 June 2024 in Brussels.",
        "75 years – 4 April 2024",
        "70 years – 4 April 2019",
        "30 Allies and 2 June 2024",
        "12 Toronto 13 June 2024",
        "Article 5 – 12 September 2001",
    ):
        assert not is_date_line(text), text


def _tree(body: str):
    return lxml.html.fromstring(f"<html><head></head><body>{body}</body></html>")


def test_json_ld_event_dates_come_first():
    tree = _tree(
        '<script type="application/ld+json">{"@type": "Event", "startDate": "2024-06-12T09:00",'
        ' "endDate": "2024-06-13"}</script><p>Published 01 May 2024</p>'
    )
    days = json_ld_event_days(tree)
    assert find_event_days(tree, ["01 May 2024"], date(2024, 6, 1), days) == ("2024-06-12", "2024-06-13")


def test_a_span_in_the_urls_month_wins_over_other_dates():
    tree = _tree("<p>Registration closes 3 May 2024</p><p>12-13 June 2024</p>")
    lines = ["Registration closes 3 May 2024", "12-13 June 2024"]
    assert find_event_days(tree, lines, date(2024, 6, 1)) == ("2024-06-12", "2024-06-13")


def test_time_elements_give_the_days_when_no_line_states_them():
    tree = _tree('<time datetime="2024-06-13"></time><time datetime="2024-06-12"></time>')
    assert find_event_days(tree, [], date(2024, 6, 1)) == ("2024-06-12", "2024-06-13")
    assert find_event_days(_tree("<p>x</p>"), ["x"], date(2024, 6, 1)) is None


def test_an_event_page_is_extracted_with_its_days_published_on_the_first():
    page = (
        "<html><body><main><h1>Meeting of defence ministers</h1><p>du 12 au 13 juin 2024</p>"
        "<p>Ministers will meet in Brussels to address air defence and support to partners. "
        "The programme includes several sessions followed by a press conference.</p></main></body></html>"
    )
    article = extract(page, EVENT_URL)
    assert (article.event_start, article.event_end, article.published) == (
        "2024-06-12",
        "2024-06-13",
        "2024-06-12",
    )
    assert "juin 2024" not in article.body


def test_the_year_of_an_event_comes_from_its_days_or_its_url():
    assert year_of({"url": EVENT_URL, "event_start": "2023-12-30"}) == 2023
    assert year_of({"url": EVENT_URL}) == 2024
    assert year_of({"url": "https://www.nato.int/en/about-us/history"}) is None


def test_every_replica_event_page_is_dated_as_it_states_whatever_its_markup():
    site = Site(seed=4, pages=600)
    events = [page for page in site.pages if page.type == "event" and not page.disallowed]
    families = {page.family for page in events}
    assert len(events) >= 20 and len(families) >= 3
    with start_server(site) as server:
        for page in events:
            html = urllib.request.urlopen(server.base_url + page.path).read()
            article = extract(html, server.base_url + page.path)
            assert (article.event_start, article.event_end) == tuple(d.isoformat() for d in page.event_days)
            assert article.body == page.body, page.path
