"""The replica's site model: every page's light metadata, built deterministically from a seed.

Bodies and HTML are not stored: they are regenerated from the page's story number on demand,
so that a 100,000-page site fits in memory. `Site.mutate` changes, adds and removes pages
between crawls (see mutation.py); `site.pages` keeps removed pages, flagged `removed`.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import lru_cache
from random import Random

from natocrawl.replica import legacy
from natocrawl.replica.bodies import (
    Citation,
    Story,
    open_story,
    story_blocks,
    story_description,
    story_slug,
    story_title,
)
from natocrawl.replica.chrome import CHROME_VARIANTS, variants_for
from natocrawl.replica.model import Block, PageSpec
from natocrawl.replica.mutation import Mutation, edited_blocks, mutate
from natocrawl.replica.plans import CITATION_FORMS, FAMILIES, LAST_DAY, Plan, random_plan, special_plan

SEARCH_TYPES = ("news", "transcript", "media-advisory")
_SECTIONS = {
    "news": "news-and-events/articles/news",
    "transcript": "news-and-events/events/transcripts",
    "media-advisory": "news-and-events/events/media-advisories",
    "official-text": "about-us/official-texts-and-resources/official-texts",
}
_PAGE_SECTIONS = ("about-us/organization", "what-we-do/topics", "what-we-do/partnerships", "about-us/history")


class Site:
    """A deterministic replica portal: `Site(seed, pages)` always yields the same site."""

    def __init__(self, seed: int = 1, pages: int = 120, chrome_wording: dict[str, list[str]] | None = None):
        self.seed = seed
        self.chrome_wording = dict(chrome_wording or CHROME_VARIANTS)
        self.pages: list[PageSpec] = []
        self._stories: list[Story] = []
        self._citations: dict[int, tuple[int, int]] = {}
        self._by_path: dict[str, PageSpec] = {}
        self._by_legacy: dict[str, PageSpec] = {}
        self._story_pages: dict[int, list[PageSpec]] = {}
        self._search_cache: dict[tuple[str, str, int], list[PageSpec]] = {}
        # Keyed by revision too, so a changed page never gets its old blocks back.
        self._blocks_cache = lru_cache(maxsize=512)(self._blocks_for)
        self.title_for = lru_cache(maxsize=4096)(self._title_for)  # titles never change
        self._next_story = 0  # the number the next new story gets
        # Mutations: edit days per page index (one per revision), and the history.
        self._edits: dict[int, list[date]] = {}
        self.mutations: list[Mutation] = []
        self._generation = 0  # bumped by every mutation; part of the search cache key
        self._mutation_lock = threading.Lock()
        self._build(pages)
        # Related teasers are drawn among the pages built here, so adding pages later does
        # not change the bytes of every other page.
        self.built_pages = len(self.pages)

    # -- lookups -----------------------------------------------------------------------
    def page_for_path(self, path: str) -> PageSpec | None:
        """The page served at `path`; None for unknown and removed pages."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        page = self._by_path.get(path.rstrip("/") if path != "/" else path)
        return None if page is None or page.removed else page

    def page_for_legacy(self, path: str, query: str = "") -> PageSpec | None:
        for key in legacy.lookup_keys(path, query):
            if key in self._by_legacy:
                page = self._by_legacy[key]
                return None if page.removed else page
        return None

    def served_pages(self) -> list[PageSpec]:
        """`pages` without the removed ones: what the portal serves now."""
        return [page for page in self.pages if not page.removed]

    def mutate(self, change: int = 0, add: int = 0, remove: int = 0, day: date | None = None) -> Mutation:
        """Change the text of `change` pages, add `add` new pages and remove `remove` pages,
        as of `day` (default: today, UTC). Deterministic for a given seed, page count and
        sequence of calls; a running server shows the result at once. ValueError when fewer
        pages are eligible than asked (nothing is changed then)."""
        return mutate(self, change, add, remove, day)

    # -- changes (mutation.py goes through these) -----------------------------------------
    @contextmanager
    def mutating(self) -> Iterator[None]:
        """Hold the mutation lock while the site changes. On a normal exit a new generation
        starts: searches are computed afresh and the stale cached ones dropped. An exception
        leaves the generation as it was."""
        with self._mutation_lock:
            yield
            self._generation += 1
            for key in list(self._search_cache):  # a copy: server threads may be adding keys
                if key[2] != self._generation:
                    self._search_cache.pop(key, None)

    def record_edit(self, page: PageSpec, day: date) -> None:
        """Record one more edit of `page`, dated `day`. Its blocks show it once the caller
        raises `page.revision` (edit n is shown from revision n on)."""
        self._edits.setdefault(page.index, []).append(day)

    @property
    def next_story(self) -> int:
        """The number the next story added gets; it seeds that story's random draws."""
        return self._next_story

    def add_story(self, rng: Random, plan: Plan, room: int) -> list[PageSpec]:
        """Add story number `next_story` as drawn in `plan`: one page per language, at most
        `room` of them. Returns the new pages."""
        number, before = self._next_story, len(self.pages)
        self._add_story(rng, number, plan, before + room)
        self._next_story += 1
        return self.pages[before:]

    def story_pages(self, story: int) -> list[PageSpec]:
        return self._story_pages.get(story, [])

    def sitemap_pages(self) -> list[PageSpec]:
        return [page for page in self.pages if page.in_sitemap and not page.removed]

    def search_pages(self, lang: str, type_: str) -> list[PageSpec]:
        """What a hub's JSON search lists, newest first (ties by page index)."""
        key = (lang, type_, self._generation)
        found = self._search_cache.get(key)
        if found is None:
            found = [
                p for p in self.pages if p.in_search and not p.removed and p.lang == lang and p.type == type_
            ]
            found.sort(key=lambda p: (-p.published.toordinal(), p.index))
            self._search_cache[key] = found
        return found

    def blocks_for(self, page: PageSpec) -> list[Block]:
        return self._blocks_cache(page, page.revision)

    def _title_for(self, page: PageSpec) -> str:
        story = self._stories[page.story]
        _, cast, choice = open_story(self.seed, page.story, story)
        return story_title(cast, choice, story, page.content_lang)

    def description_for(self, page: PageSpec) -> str:
        story = self._stories[page.story]
        _, cast, _ = open_story(self.seed, page.story, story)
        return story_description(cast, story, page.content_lang)

    def _blocks_for(self, page: PageSpec, revision: int) -> list[Block]:
        story = self._stories[page.story]
        blocks = story_blocks(self.seed, page.story, story, page.content_lang, self._citation(page.story))
        if revision:
            blocks = edited_blocks(self.seed, page, blocks, self._edits[page.index][:revision])
        if page.canonical and page.canonical == page.duplicate_of:
            # Its own text (a print version's note), so that only its link makes it an alias.
            blocks = [*blocks, Block.plain("p", "This version of the article was prepared for printing.")]
        if page.near_duplicate_of:
            blocks = [*blocks, Block.plain("p", "Editor's note: the venue was corrected.")]
        return blocks

    def _citation(self, number: int) -> Citation | None:
        if number not in self._citations:
            return None
        target_story, form = self._citations[number]
        targets = [p for p in self.story_pages(target_story) if p.legacy_paths and p.published]
        if not targets:
            return None
        # Form 1 links the French legacy page when there is one; form 2 asks for French by query.
        target = targets[-1] if form == 1 else targets[0]
        path = next((p for p in target.legacy_paths if p.startswith("/cps/")), target.legacy_paths[0])
        rng = Random(f"{self.seed}:cite:{number}")
        href = CITATION_FORMS[form].format(path=path, session=legacy.session_variant(path, rng))
        return Citation(href, target.published)

    # -- building ----------------------------------------------------------------------
    def _build(self, count: int) -> None:
        while len(self.pages) < count:
            number = self._next_story
            plan = special_plan(number)
            # One rng per story for everything but the prose, which has its own (open_story).
            rng = Random(f"{self.seed}:{number}")
            if plan is None:
                plan = random_plan(rng)
                self._maybe_cite(rng, plan, number)
            self.add_story(rng, plan, count - len(self.pages))

    @staticmethod
    def _maybe_cite(rng: Random, plan: Plan, number: int) -> None:
        if plan.story.type in ("news", "transcript") and number > 30 and rng.random() < 0.12:
            plan.citation = (rng.randrange(number), rng.randrange(len(CITATION_FORMS)))

    def _add_story(self, rng: Random, number: int, plan: Plan, limit: int) -> None:
        """Story `number`'s pages, until the site has `limit` pages."""
        self._stories.append(plan.story)
        if _twin(plan) is not None:
            self._stories[number] = self._stories[_twin(plan)]
        if plan.citation is not None:
            self._citations[number] = plan.citation
        # A duplicate repeats another story's body, so it takes that story's title and slug.
        source = number if _twin(plan) is None else _twin(plan)
        _, cast, choice = open_story(self.seed, source, plan.story)
        slug = story_slug(cast, choice, plan.story)
        kinds = plan.legacy
        if kinds is None:
            kinds = legacy.legacy_kinds(rng, plan.story.type, plan.story.day)
        # The languages that fit in the site: a page never links a translation it does not have.
        langs = plan.langs[: max(limit - len(self.pages), 0)]
        paths = {lang: plan.path or self._path(plan, lang, slug, number) for lang in langs}
        for lang in langs:
            page = self._page(rng, number, plan, lang, paths[lang])
            other = [path for other_lang, path in paths.items() if other_lang != lang]
            page.translation = other[0] if other else None
            page.legacy_paths = self._claim_legacy(page, kinds, number)
            self._register(page)

    def _path(self, plan: Plan, lang: str, slug: str, number: int) -> str:
        story = plan.story
        if _twin(plan) is not None:
            slug += "-0"
        if story.type == "page":
            section = _PAGE_SECTIONS[number % len(_PAGE_SECTIONS)]
            path = f"/{lang}/{section}/{slug}"
        elif story.type == "event":
            path = f"/{lang}/news-and-events/events/{story.day:%Y/%m}/{slug}"
        else:
            path = f"/{lang}/{_SECTIONS[story.type]}/{story.day:%Y/%m/%d}/{slug}"
        # Slugs recur (press-point, interview…): only a clash on the same day gets a suffix.
        return path if path not in self._by_path else f"{path}-{number}"

    def _page(self, rng: Random, number: int, plan: Plan, lang: str, path: str) -> PageSpec:
        story = plan.story
        body_lang = plan.body_langs.get(lang, lang)
        family = plan.family or self._family(rng, story)
        published = story.day if story.type not in ("page", "event") else None
        updated = self._updated(rng, plan, family, published)
        return PageSpec(
            index=len(self.pages),
            story=_twin(plan) if _twin(plan) is not None else number,
            path=path,
            lang=lang,
            content_lang=body_lang,
            type=story.type,
            published=published,
            updated=updated,
            lastmod=self._lastmod(rng, story.day, updated),
            family=family,
            chrome=rng.choice(variants_for(self.chrome_wording, lang)),
            in_sitemap=plan.listing in ("both", "sitemap") or story.type not in SEARCH_TYPES,
            in_search=plan.listing in ("both", "search") and story.type in SEARCH_TYPES,
            duplicate_of=self._duplicate_path(plan, lang),
            canonical=self._canonical(plan, lang, path),
            near_duplicate_of=self._story_path(plan.near_duplicate_of, lang),
            disallowed=plan.disallowed,
            repeated_lead=plan.repeated_lead and story.type == "news",
            event_month=story.day.replace(day=1) if story.type == "event" else None,
            # One to three days, from the story's number: no draw from rng, so no other page changes.
            event_days=(story.day, story.day + timedelta(days=number % 3)) if story.type == "event" else None,
            site=self,
        )

    @staticmethod
    def _family(rng: Random, story: Story) -> str:
        # The legacy cps layout only survives on older articles.
        if story.type not in ("page", "event") and story.day.year < 2016 and rng.random() < 0.6:
            return "cps"
        return rng.choice([f for f in FAMILIES if f != "cps"])

    @staticmethod
    def _updated(rng: Random, plan: Plan, family: str, published: date | None) -> date | None:
        if plan.story.type == "page":
            return plan.updated or plan.story.day
        if family == "cps" and published is not None:
            return min(LAST_DAY, published + timedelta(days=rng.choice((0, 0, 1, 3, 40, 400))))
        return None

    @staticmethod
    def _lastmod(rng: Random, day: date, updated: date | None) -> date:
        base = max(day, updated or day)
        extra = 0 if rng.random() < 0.6 else rng.randint(1, 400)
        return min(max(LAST_DAY, base), base + timedelta(days=extra))

    def _canonical(self, plan: Plan, lang: str, path: str) -> str | None:
        if plan.canonical == "twin":
            return self._duplicate_path(plan, lang)
        if plan.canonical == "elsewhere":
            return "https://www.example.org/mirror" + path
        return None

    def _duplicate_path(self, plan: Plan, lang: str) -> str | None:
        return self._story_path(plan.duplicate_of, lang)

    def _story_path(self, number: int | None, lang: str) -> str | None:
        if number is None:
            return None
        original = [p for p in self.story_pages(number) if p.lang == lang]
        return original[0].path if original else None

    def _claim_legacy(self, page: PageSpec, kinds: list[str], number: int) -> tuple[str, ...]:
        day = page.published
        if day is None or page.duplicate_of or page.near_duplicate_of:
            return ()
        paths = [legacy.legacy_path(kind, number, page.lang, day) for kind in kinds]
        return tuple(path for path in paths if path not in self._by_legacy)

    def _register(self, page: PageSpec) -> None:
        self.pages.append(page)
        self._by_path[page.path] = page
        # A duplicate is filed under a key of its own, so that its story lists only the original.
        key = page.story if not (page.duplicate_of or page.near_duplicate_of) else -1 - page.index
        self._story_pages.setdefault(key, []).append(page)
        for path in page.legacy_paths:
            self._by_legacy[path] = page


def _twin(plan: Plan) -> int | None:
    """The story whose text the plan's pages repeat, exactly or with a note."""
    return plan.duplicate_of if plan.duplicate_of is not None else plan.near_duplicate_of
