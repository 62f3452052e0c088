"""Coverage at a glance: archived pages per month, by type, English above the axis and French
below, drawn as one server-side SVG (no script, no CDN). One SQL aggregate feeds it, so a
100,000-page archive costs one scan; the drawing has one path per type and language, however
many months, and one hover target per month with its counts."""

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe–Ito colours: told apart by colour-blind readers too.
COLOURS = {
    "news": "#0072B2",
    "transcript": "#E69F00",
    "media-advisory": "#009E73",
    "official-text": "#CC79A7",
    "event": "#D55E00",
    "page": "#56B4E9",
}
OTHER = "#999999"
WIDTH, HALF, MARGIN = 960, 110, 34
# The month a page is counted in: of its publication, its event, else its last update.
MONTH = "substr(coalesce(published, event_start, updated), 1, 7)"
# A month the chart can place (NATO dates from 1949); any other value counts as undated, so a
# mistyped date cannot stretch the axis over centuries.
_PLAUSIBLE_MONTH = re.compile(r"(19[4-9]\d|20\d\d)-(0[1-9]|1[0-2])")


@dataclass
class Coverage:
    counts: dict[tuple[str, str, str], int]  # (month, lang, type) → pages
    undated: int

    @property
    def months(self) -> list[str]:
        """Every month from the first to the last with a page, gaps included."""
        seen = sorted({month for month, _, _ in self.counts})
        if not seen:
            return []
        year, month = map(int, seen[0].split("-"))
        last_year, last_month = map(int, seen[-1].split("-"))
        months = []
        while (year, month) <= (last_year, last_month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def read_coverage(conn: sqlite3.Connection) -> Coverage:
    counts = {}
    undated = 0
    rows = conn.execute(f"SELECT {MONTH} AS month, lang, type, count(*) FROM articles GROUP BY 1, 2, 3")
    for month, lang, type_, pages in rows:
        if month and _PLAUSIBLE_MONTH.fullmatch(month):
            counts[(month, lang or "", type_ or "")] = pages
        else:
            undated += pages
    return Coverage(counts, undated)


def _paths(coverage: Coverage, months: list[str], step: float, scale: float) -> list[str]:
    """One <path> per (language, type): its monthly bars, stacked in COLOURS' order."""
    stacked = defaultdict(float)  # (month, lang) → height drawn so far
    counts = defaultdict(int)  # types we have no colour for counted as one
    for (month, lang, type_), pages in coverage.counts.items():
        counts[(month, lang, type_ if type_ in COLOURS else "")] += pages
    paths = []
    for lang, sign in (("en", -1), ("fr", 1)):
        for type_, colour in [*COLOURS.items(), ("", OTHER)]:
            bars = []
            for index, month in enumerate(months):
                pages = counts.get((month, lang, type_), 0)
                if not pages:
                    continue
                height, below = pages * scale, stacked[(month, lang)]
                stacked[(month, lang)] += height
                top = HALF + MARGIN + sign * (below + (height if sign < 0 else 0))
                width = max(step - 0.3, 0.6)
                bars.append(f"M{index * step:.2f},{top:.2f}h{width:.2f}v{height:.2f}h-{width:.2f}z")
            if bars:
                label = f"{lang} {type_ or 'other'}"
                paths.append(f'<path fill="{colour}" d="{"".join(bars)}"><title>{label}</title></path>')
    return paths


def coverage_svg(coverage: Coverage) -> Markup:
    months = coverage.months
    if not months:
        return Markup("<p>No dated pages yet.</p>")
    per_side = defaultdict(int)
    for (month, lang, _), pages in coverage.counts.items():
        per_side[(month, lang)] += pages
    peak = max(per_side.values())
    step, scale = WIDTH / len(months), HALF / peak
    parts = [
        f'<svg class="natocrawl-coverage" role="img" viewBox="0 0 {WIDTH} {2 * (HALF + MARGIN)}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>Archived pages per month, '
        f"{escape(months[0])} to {escape(months[-1])}: English above, French below</title>",
        f'<line x1="0" x2="{WIDTH}" y1="{HALF + MARGIN}" y2="{HALF + MARGIN}" stroke="#333"/>',
        f'<text x="2" y="12" font-size="11">English (peak {peak:,} pages a month)</text>',
        f'<text x="2" y="{2 * (HALF + MARGIN) - 18}" font-size="11">French</text>',
        *_paths(coverage, months, step, scale),
        *_year_ticks(months, step),
        *_hover_targets(months, per_side, step),
        "</svg>",
    ]
    return Markup("".join(parts))


def _year_ticks(months: list[str], step: float) -> list[str]:
    years = [(index, month[:4]) for index, month in enumerate(months) if month.endswith("-01") or index == 0]
    every = max(1, len(years) // 12)
    return [
        f'<text x="{index * step:.1f}" y="{2 * (HALF + MARGIN) - 2}" font-size="10" fill="#333">{year}</text>'
        for position, (index, year) in enumerate(years)
        if position % every == 0
    ]


def _hover_targets(months: list[str], per_side: dict, step: float) -> list[str]:
    return [
        f'<rect x="{index * step:.2f}" y="0" width="{step:.2f}" height="{2 * (HALF + MARGIN)}" '
        'fill="transparent">'
        f"<title>{month}: {per_side.get((month, 'en'), 0):,} English, "
        f"{per_side.get((month, 'fr'), 0):,} French</title></rect>"
        for index, month in enumerate(months)
        if per_side.get((month, "en")) or per_side.get((month, "fr"))
    ]
