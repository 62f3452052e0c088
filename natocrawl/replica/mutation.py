"""Changes between two crawls: some pages edited, some added, some removed.

`Site.mutate(change, add, remove, day)` is deterministic for a given site (seed, page count)
and sequence of calls: call number n draws from `Random(f"{seed}:mutate:{n}")`. An edited page
gets `revision += 1` and `lastmod = day`; its blocks are the story's blocks with one word or
phrase of an existing paragraph reworded and an editor's note appended, per revision. New pages
are new stories dated `day`, so they come first in the JSON search. Removed pages stay in
`site.pages`, flagged `removed`: they answer 404 and leave the sitemaps and the search.

Nothing else changes: every other page keeps its bytes, hence its ETag. This module changes the
site through `Site`'s public methods only (`mutating`, `record_edit`, `next_story`, `add_story`).
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from random import Random
from typing import Protocol

from natocrawl.replica.bodies import GENERIC_TRANSCRIPTS, NAMED_TRANSCRIPTS, Story
from natocrawl.replica.model import Block, Inline, PageSpec
from natocrawl.replica.plans import FAMILIES, Plan
from natocrawl.replica.vocab import date_long


class Site(Protocol):
    """What mutation needs of natocrawl.replica.site.Site (which calls it: no import back)."""

    seed: int
    pages: list[PageSpec]
    mutations: list[Mutation]

    @property
    def next_story(self) -> int: ...

    def mutating(self) -> AbstractContextManager[None]: ...

    def record_edit(self, page: PageSpec, day: date) -> None: ...

    def add_story(self, rng: Random, plan: Plan, room: int) -> list[PageSpec]: ...


NBSP = "\u00a0"


@dataclass
class Mutation:
    """What one `Site.mutate` call did: page paths, in page order, and the day it is dated."""

    changed: list[str]
    added: list[str]
    removed: list[str]
    day: date


def today() -> date:
    return datetime.now(UTC).date()


def is_eligible(page: PageSpec, duplicated: set[str]) -> bool:
    """Whether a page may be changed or removed: listed in a sitemap, crawlable, not removed,
    and neither a (near-)duplicate nor the original of one (their bodies must stay alike)."""
    return (
        page.in_sitemap
        and not page.disallowed
        and not page.removed
        and page.duplicate_of is None
        and page.near_duplicate_of is None
        and page.path not in duplicated
    )


def eligible_pages(site: Site) -> list[PageSpec]:
    duplicated = {page.duplicate_of or page.near_duplicate_of for page in site.pages}
    return [page for page in site.pages if is_eligible(page, duplicated)]


def mutate(site: Site, change: int = 0, add: int = 0, remove: int = 0, day: date | None = None) -> Mutation:
    for name, value in (("change", change), ("add", add), ("remove", remove)):
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
    day = day or today()
    if isinstance(day, datetime):
        day = day.date()
    with site.mutating():
        rng = Random(f"{site.seed}:mutate:{len(site.mutations)}")
        eligible = eligible_pages(site)
        if change + remove > len(eligible):
            raise ValueError(
                f"cannot change {change} and remove {remove} pages: only {len(eligible)} pages are eligible "
                f"(in a sitemap, not disallowed, not removed, neither a duplicate nor duplicated)"
            )
        changed = rng.sample(eligible, change)
        chosen = {page.index for page in changed}
        removed = rng.sample([page for page in eligible if page.index not in chosen], remove)
        added = _add_pages(site, add, day)
        for page in changed:
            # The edit first, then the revision that reveals it: a concurrent render sees
            # either the old text or the new one.
            site.record_edit(page, day)
            page.lastmod = day
            if page.updated is not None:  # the "Updated:" / "Last updated:" line moves too
                page.updated = day
            page.revision += 1
        for page in removed:
            page.removed = True
        mutation = Mutation(
            changed=[p.path for p in sorted(changed, key=lambda p: p.index)],
            added=[p.path for p in added],
            removed=[p.path for p in sorted(removed, key=lambda p: p.index)],
            day=day,
        )
        site.mutations.append(mutation)
    return mutation


# -- added pages ------------------------------------------------------------------------------


def added_plan(rng: Random, day: date, room: int) -> Plan:
    """A new story published on `day`: listed everywhere, no legacy URL, citation or duplicate."""
    type_ = rng.choices(("news", "transcript", "media-advisory"), weights=(60, 30, 10))[0]
    variant = ""
    if type_ == "transcript":
        variant = rng.choice(GENERIC_TRANSCRIPTS + NAMED_TRANSCRIPTS)
    elif rng.random() < 0.1:
        variant = "lists"
    langs = rng.choices((("en", "fr"), ("en",), ("fr",)), weights=(75, 20, 5))[0]
    # Room for one page only: no half pair pointing at a translation that never comes.
    family = rng.choice([f for f in FAMILIES if f != "cps"])
    return Plan(Story(type_, variant, day), langs=langs[:room], family=family, legacy=[], listing="both")


def _add_pages(site: Site, count: int, day: date) -> list[PageSpec]:
    added: list[PageSpec] = []
    while len(added) < count:
        rng = Random(f"{site.seed}:{site.next_story}:added")
        room = count - len(added)
        for page in site.add_story(rng, added_plan(rng, day, room), room):
            page.lastmod = day
            added.append(page)
    return added


# -- edited text ------------------------------------------------------------------------------

# Whole words or phrases an editor rewords; applied left to right, never back.
REWORDINGS = {
    "en": [
        ("discussed", "examined"),
        ("said", "stated"),
        ("stressed", "emphasised"),
        ("underlined", "highlighted"),
        ("agreed", "decided"),
        ("strengthen", "reinforce"),
        ("experts", "specialists"),
        ("Officials", "Senior officials"),
        ("thanked", "praised"),
        ("welcomed", "greeted"),
        ("began", "started"),
        ("quickly", "rapidly"),
        ("involved", "engaged"),
        ("is expected to", "is due to"),
        ("commitment", "dedication"),
        ("priority", "key priority"),
        ("many", "numerous"),
        ("gathered", "met"),
        ("talks", "discussions"),
        ("meeting", "session"),
        ("important", "essential"),
        ("also", "furthermore"),
        ("will", "shall"),
        ("security", "safety and security"),
        ("today", "on this day"),
        ("partners", "partner nations"),
        ("training", "drills"),
        ("helps", "assists"),
        ("worked with", "cooperated with"),
        ("pleasure", "great pleasure"),
        ("strong", "solid"),
        ("reliable", "dependable"),
        ("hospitality", "warm hospitality"),
    ],
    "fr": [
        ("a souligné", "a rappelé"),
        ("a déclaré", "a affirmé"),
        ("a remercié", "a salué"),
        ("examiné", "étudié"),
        ("renforcer", "consolider"),
        ("réunion", "rencontre"),
        ("experts", "spécialistes"),
        ("responsables", "représentants"),
        ("nombreuses", "multiples"),
        ("rapidité", "vitesse"),
        ("séances", "sessions"),
        ("engagement", "attachement"),
        ("davantage", "plus encore"),
        ("accueilli", "reçu"),
        ("discussions", "échanges"),
        ("entretiens", "échanges de vues"),
        ("priorité", "priorité absolue"),
        ("également", "aussi"),
        ("les Alliés", "les pays alliés"),
        ("sécurité", "sûreté et sécurité"),
        ("entraînement", "instruction"),
        ("important", "essentiel"),
        ("rencontrera", "s’entretiendra avec"),
        ("retransmis", "diffusé"),
        ("valide", "en cours de validité"),
        ("places", "sièges"),
        ("régulièrement", "périodiquement"),
        ("prochaines étapes", "étapes suivantes"),
        ("protéger", "défendre"),
        ("plaisir", "grand plaisir"),
        ("notamment", "en particulier"),
        ("immédiatement", "sans délai"),
    ],
}
_CLARIFIED = {"en": " This passage has been clarified.", "fr": " Ce passage a été précisé."}

NOTES = {
    "en": [
        "Editor’s note: this article was updated on {date} to correct {what} in “{title}”.",
        "Editor’s note: on {date}, “{title}” was revised to clarify {what}.",
        "Update of {date}: this version of “{title}” corrects {what} in an earlier version.",
        "Correction ({date}): {what} in “{title}” has been amended since first publication.",
    ],
    "fr": [
        f"Note de la rédaction{NBSP}: cet article a été mis à jour le {{date}} afin de corriger {{what}} "
        f"dans «{NBSP}{{title}}{NBSP}».",
        f"Note de la rédaction{NBSP}: le {{date}}, «{NBSP}{{title}}{NBSP}» a été révisé pour préciser "
        f"{{what}}.",
        f"Mise à jour du {{date}}{NBSP}: cette version de «{NBSP}{{title}}{NBSP}» corrige {{what}} "
        f"d’une version antérieure.",
        f"Rectificatif ({{date}}){NBSP}: {{what}} de «{NBSP}{{title}}{NBSP}» a été modifié depuis la "
        f"première publication.",
    ],
}
WHATS = {
    "en": [
        "a date",
        "a name",
        "a figure",
        "the wording of a quotation",
        "a title",
        "a place name",
        "the description of a meeting",
        "a detail",
    ],
    "fr": [
        "une date",
        "un nom",
        "un chiffre",
        "la formulation d’une citation",
        "un titre",
        "un nom de lieu",
        "la description d’une réunion",
        "un détail",
    ],
}


def edited_blocks(seed: int, page: PageSpec, blocks: list[Block], days: list[date]) -> list[Block]:
    """`blocks` after one edit per entry of `days` (the day of each revision, oldest first)."""
    blocks = list(blocks)
    original = len(blocks)  # notes are never reworded
    for revision, day in enumerate(days, start=1):
        rng = Random(f"{seed}:edit:{page.index}:{revision}")
        lang = "fr" if page.content_lang == "fr" else "en"
        blocks[:original] = reword(rng, blocks[:original], lang)
        blocks.append(Block.plain("p", editor_note(rng, page, day, revision, lang)))
    return blocks


def reword(rng: Random, blocks: list[Block], lang: str) -> list[Block]:
    """One word or phrase of one paragraph replaced; a sentence appended when none fits."""
    paragraphs = [i for i, block in enumerate(blocks) if block.kind == "p"]
    if not paragraphs:
        paragraphs = list(range(len(blocks)))
    candidates = []
    for b in paragraphs:
        for i, inline in enumerate(blocks[b].inlines):
            if inline.kind != "text":
                continue
            for old, new in REWORDINGS[lang]:
                for match in re.finditer(rf"(?<!\w){re.escape(old)}(?!\w)", inline.text):
                    if not _already(inline.text, match.start(), old, new):
                        candidates.append((b, i, match.start(), old, new))
    if candidates:
        b, i, start, old, new = rng.choice(candidates)
        text = blocks[b].inlines[i].text
        replaced = text[:start] + new + text[start + len(old) :]
    else:  # nothing to reword: the last text run of the longest paragraph gains a sentence
        b = max(paragraphs, key=lambda n: len(blocks[n].text))
        i = max((n for n, inline in enumerate(blocks[b].inlines) if inline.kind == "text"), default=None)
        if i is None:
            return blocks
        replaced = blocks[b].inlines[i].text.rstrip() + _CLARIFIED[lang]
    inlines = list(blocks[b].inlines)
    inlines[i] = Inline(replaced, inlines[i].kind, inlines[i].href)
    return blocks[:b] + [Block(blocks[b].kind, tuple(inlines))] + blocks[b + 1 :]


def _already(text: str, start: int, old: str, new: str) -> bool:
    """Whether the match at `start` sits inside an earlier rewording (`priority` in `key priority`)."""
    offset = new.find(old)
    return 0 <= offset <= start and text[start - offset : start - offset + len(new)] == new


def editor_note(rng: Random, page: PageSpec, day: date, revision: int, lang: str) -> str:
    """An editor's note naming the day and the page's title; successive revisions differ."""
    templates = NOTES[lang]
    template = templates[(rng.randrange(len(templates)) + revision) % len(templates)]
    return template.format(date=date_long(day, lang), what=rng.choice(WHATS[lang]), title=page.title)
