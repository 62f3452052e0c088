"""Everything a markup family needs to draw one page, computed once per render."""

from dataclasses import dataclass, field
from random import Random

from natocrawl.replica import vocab
from natocrawl.replica.chrome import is_short
from natocrawl.replica.model import Block, PageSpec

# Site-wide interface strings that are not the account dialogs (cookie banner, labels…).
UI = {
    "en": {
        "cookies": "We use cookies to measure how this website is used. You can accept or refuse them.",
        "accept": "Accept all",
        "refuse": "Refuse",
        "related": "Related news",
        "skip": "Skip to main content",
        "updated": "Updated: {date}",
        "stay": "Stay informed",
        "email": "Email address",
        "subscribe": "Subscribe",
        "follow": "Follow us on X: @NATO, @SecGenNATO and @NATOPress",
        "last_updated": "Last updated: {date}",
        "share": "Share this page",
        "photo": "Photo",
        "legacy_type": {
            "news": "News",
            "transcript": "Speech",
            "media-advisory": "Media advisory",
            "official-text": "Official text",
        },
    },
    "fr": {
        "cookies": "Nous utilisons des cookies pour mesurer l’utilisation de ce site. Vous pouvez les "
        "accepter ou les refuser.",
        "accept": "Tout accepter",
        "refuse": "Refuser",
        "related": "Actualités liées",
        "skip": "Aller au contenu principal",
        "updated": "Mis à jour le : {date}",
        "stay": "Restez informé",
        "email": "Adresse e-mail",
        "subscribe": "S’abonner",
        "follow": "Suivez-nous sur X : @NATO, @SecGenNATO et @NATOPress",
        "last_updated": "Mis à jour le: {date}",
        "share": "Partager cette page",
        "photo": "Photo",
        "legacy_type": {
            "news": "Actualités",
            "transcript": "Discours",
            "media-advisory": "Avis aux médias",
            "official-text": "Texte officiel",
        },
    },
}
PRESS_OFFICE = ["NATO Press & Media Section", "Tel.: +32 (0)2 707 1010", "E-mail: press-office@hq.nato.int"]


@dataclass
class Ctx:
    page: PageSpec
    base: str
    rng: Random
    blocks: list[Block]
    chrome_lines: list[str]
    chrome_short: bool
    related: list[PageSpec] = field(default_factory=list)
    image_path: str | None = None  # set by the family when it draws the page's picture: ground truth

    @property
    def lang(self) -> str:
        return self.page.lang

    @property
    def ui(self) -> dict:
        return UI[self.page.lang]

    @property
    def date_iso(self) -> str | None:
        page = self.page
        if page.published:
            return page.published.isoformat()
        return page.event_days[0].isoformat() if page.event_days else None

    @property
    def date_text(self) -> str | None:
        """The date shown under the title (not body text)."""
        page = self.page
        if page.published:
            return vocab.date_padded(page.published, page.lang)
        if page.event_days:
            return vocab.day_span(*page.event_days, page.lang, style=page.index % 2)
        return None

    @property
    def updated_text(self) -> str | None:
        """`Updated: 03 March 2023` on reference pages (legacy pages have their own line)."""
        if self.page.type != "page" or not self.page.updated:
            return None
        return self.ui["updated"].format(date=vocab.date_padded(self.page.updated, self.page.lang))

    @property
    def caption(self) -> str:
        return f"{self.ui['photo']}: {self.page.title} ({self.date_text or self.page.lastmod.year})"


def make_context(site, page: PageSpec, base: str) -> Ctx:
    rng = Random(f"{site.seed}:{page.index}:markup")
    lines = site.chrome_wording[page.chrome]
    related = _related(site, page, rng)
    return Ctx(page, base, rng, list(page.blocks), lines, is_short(page.chrome, lines), related)


def _related(site, page: PageSpec, rng: Random) -> list[PageSpec]:
    """Teasers of other pages in the same language (their titles and descriptions).
    Drawn among the pages the site was built with, so that a mutation changes no other page's
    bytes; a removed page's teaser stays, a dead link as on a real portal."""
    picks = []
    for _ in range(12):
        other = site.pages[rng.randrange(site.built_pages)]
        if (
            other.lang == page.lang
            and other.index != page.index
            and not other.disallowed
            and other not in picks
        ):
            picks.append(other)
        if len(picks) == 4:
            break
    return picks
