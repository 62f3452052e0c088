"""What each story of the replica is: the forced special cases first, then random ones.

The special stories guarantee that every case the crawler and extractor must handle exists
whenever the site has at least 40 pages; they come first so a small site keeps them.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from random import Random

from natocrawl.replica.bodies import GENERIC_TRANSCRIPTS, NAMED_TRANSCRIPTS, Story

FAMILIES = ("aem", "hashed", "cps", "semantic")
FIRST_DAY, LAST_DAY = date(2005, 1, 3), date(2026, 2, 27)
# Citation spellings seen in the wild; the crawler maps nato.int hosts onto its base URL.
CITATION_FORMS = (
    "http://nato.int{path}",
    "https://www.nato.int{path}",
    "http://www.nato.int{path}?selectedLocale=fr",
    "{path}",
    "https://nato.int{session}",
)


@dataclass
class Plan:
    story: Story
    langs: tuple[str, ...] = ("en", "fr")
    body_langs: dict[str, str] = field(default_factory=dict)  # URL lang -> body lang, when they differ
    family: str | None = None
    legacy: list[str] | None = None  # None: drawn from the story's age
    listing: str = "both"  # both | sitemap | search
    repeated_lead: bool = False
    duplicate_of: int | None = None  # story number whose English body this repeats
    near_duplicate_of: int | None = None  # … repeats, with a note of its own (a near-duplicate)
    disallowed: bool = False
    path: str | None = None
    updated: date | None = None
    citation: tuple[int, int] | None = None  # (target story number, form index)
    # Whose page its <link rel=canonical> names: "twin" (the page it duplicates, with a note
    # of its own, so that only the link makes it an alias), "elsewhere" (another host's).
    canonical: str | None = None


def _t(variant: str, day: date, **extra) -> Plan:
    return Plan(Story("transcript", variant, day), **extra)


def _n(day: date, variant: str = "", **extra) -> Plan:
    return Plan(Story("news", variant, day), **extra)


SPECIAL_PLANS: list[Plan] = [
    _t("speech", date(2019, 3, 14), body_langs={"fr": "en"}),  # French URL, English speech
    _t("interview", date(2021, 6, 8), body_langs={"en": "fr"}),  # English URL, French interview
    _t("press-point", date(2025, 5, 26)),
    _t("press-point", date(2023, 2, 15), langs=("en",), canonical="elsewhere"),
    _n(date(2011, 4, 13), family="cps", legacy=["natohq-news"], repeated_lead=True),
    Plan(
        Story("page", "", date(2023, 3, 3)),
        langs=("en",),
        disallowed=True,
        family="semantic",
        path="/en/about-us/newsletter/subscribe",
    ),
    Plan(Story("page", "", date(2023, 3, 3)), updated=date(2023, 3, 3)),
    Plan(Story("event", "", date(2024, 6, 12))),
    _n(date(2022, 9, 20)),
    _n(date(2022, 9, 20), langs=("en",), duplicate_of=8),
    _n(date(2023, 11, 28), "cyber"),
    Plan(Story("official-text", "lists", date(2015, 5, 14)), family="cps", legacy=["official-texts"]),
    _n(date(2008, 3, 5), langs=("en",), family="cps", legacy=["natolive", "docu-pr"]),
    _n(date(2024, 1, 9), langs=("en",), citation=(4, 0)),
    _n(date(2024, 2, 6), langs=("en",), citation=(11, 1)),
    _n(date(2024, 3, 5), langs=("en",), citation=(4, 2)),
    _n(date(2024, 4, 2), langs=("en",), citation=(12, 3)),
    _t("opening-remarks", date(2024, 10, 17)),
    Plan(Story("media-advisory", "", date(2025, 1, 20))),
    _n(date(2020, 2, 4), listing="sitemap"),
    _t("doorstep", date(2024, 2, 21), listing="search"),
    _t("speech", date(2006, 10, 2), family="cps", legacy=["opinions", "docu-speech"]),
    _t("opening-remarks", date(2018, 7, 11), langs=("en",)),
    Plan(Story("page", "", date(2019, 5, 2)), langs=("en",)),
]
# Special stories added later, numbered past the first ones where the sites tests were written
# against drew English-only stories: Site(seed=3, pages=40), an old archive's, ends at story 25,
# and Site(seed=3, pages=80) keeps every French page (its learned French dialogs need them all).
LATER_SPECIAL_PLANS: dict[int, Plan] = {
    30: _n(date(2022, 9, 20), langs=("en",), duplicate_of=8, canonical="twin"),
    35: _n(date(2023, 11, 28), langs=("en",), near_duplicate_of=10),
}


def random_plan(rng: Random) -> Plan:
    type_ = rng.choices(
        ("news", "transcript", "media-advisory", "official-text", "page", "event"),
        weights=(45, 25, 10, 8, 7, 5),
    )[0]
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    variant = ""
    if type_ == "transcript":
        variant = rng.choice(GENERIC_TRANSCRIPTS + NAMED_TRANSCRIPTS)
    elif type_ == "news" and rng.random() < 0.1:
        variant = "lists"
    langs = rng.choices((("en", "fr"), ("en",), ("fr",)), weights=(75, 20, 5))[0]
    listing = "both"
    if type_ in ("news", "transcript", "media-advisory"):
        listing = rng.choices(("both", "sitemap", "search"), weights=(90, 5, 5))[0]
    plan = Plan(Story(type_, variant, day), langs=langs, listing=listing)
    if type_ == "transcript" and len(langs) == 2 and rng.random() < 0.05:
        plan.body_langs = {"fr": "en"}  # English speeches on French URLs recur
    plan.repeated_lead = day.year < 2014 and type_ == "news" and rng.random() < 0.08
    if type_ == "page":
        plan.updated = FIRST_DAY + timedelta(days=rng.randrange(3650, (LAST_DAY - FIRST_DAY).days))
    return plan


def special_plan(number: int) -> Plan | None:
    planned = SPECIAL_PLANS[number] if number < len(SPECIAL_PLANS) else LATER_SPECIAL_PLANS.get(number)
    if planned is None:
        return None
    # A copy: the table is shared by every Site built in this process.
    plan = replace(planned)
    if plan.family is None:
        plan.family = FAMILIES[number % len(FAMILIES)]
    if plan.family == "cps" and plan.story.day.year >= 2016:
        plan.family = "aem"
    return plan
