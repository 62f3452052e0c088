"""Paragraphs of a page and its translation side by side: Gale and Church's alignment by
length (Computational Linguistics 19(1), 1993). A translation's paragraph is about as long
as its original times the pair's overall ratio; dynamic programming finds the most likely
sequence of beads (one-to-one, one merged into two, one left out …), so a paragraph that
one language splits, merges or lacks leaves the rest aligned."""

import math
import re
from dataclasses import dataclass

# Prior probability of each bead (source paragraphs, target paragraphs), from Gale and Church.
BEADS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
VARIANCE = 6.8  # of the target length per source character
# Up to this many cells (paragraphs × paragraphs) every pairing is weighed; beyond, a band of
# BAND cells either side of the diagonal.
FULL_CELLS = 40_000
BAND = 30
# Each number or name both sides of a bead share makes it this much likelier (a log-odds bonus).
ANCHOR_WEIGHT = 2.0
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Bead:
    left: tuple[int, ...]  # indices of the source paragraphs
    right: tuple[int, ...]  # indices of the target paragraphs

    @property
    def matched(self) -> bool:
        return bool(self.left and self.right)


def _normal_tail(z: float) -> float:
    """P(|Z| ≥ z) for a standard normal Z."""
    return math.erfc(z / math.sqrt(2))


def _cost(left: int, right: int, ratio: float, bead: tuple[int, int]) -> float:
    if left == 0 or right == 0:
        return -math.log(BEADS[bead])
    mean = (left + right / ratio) / 2
    delta = (right - left * ratio) / math.sqrt(mean * VARIANCE)
    return -math.log(BEADS[bead]) - math.log(max(_normal_tail(abs(delta)), 1e-300))


def _anchors(paragraph: str) -> set[str]:
    """Words a translation keeps as they are: numbers and capitalised names past a sentence's start."""
    words = _TOKEN.findall(paragraph)
    return {word for index, word in enumerate(words) if word[0].isdigit() or (index and word[0].isupper())}


def align(source: list[str], target: list[str]) -> list[Bead]:
    """The beads pairing `source`'s paragraphs with `target`'s, in order, covering both."""
    lengths = [len(p) for p in source], [len(p) for p in target]
    anchors = [_anchors(p) for p in source], [_anchors(p) for p in target]
    ratio = (sum(lengths[1]) or 1) / (sum(lengths[0]) or 1)
    rows, cols = len(source), len(target)
    best = [[math.inf] * (cols + 1) for _ in range(rows + 1)]
    step = [[(0, 0)] * (cols + 1) for _ in range(rows + 1)]
    best[0][0] = 0.0
    for i in range(rows + 1):
        for j in _band(i, rows, cols):
            for di, dj in BEADS:
                if (di, dj) == (0, 0) or i < di or j < dj or best[i - di][j - dj] == math.inf:
                    continue
                left = sum(lengths[0][i - di : i])
                right = sum(lengths[1][j - dj : j])
                cost = best[i - di][j - dj] + _cost(left, right, ratio, (di, dj))
                cost -= ANCHOR_WEIGHT * len(
                    set().union(*anchors[0][i - di : i]) & set().union(*anchors[1][j - dj : j])
                )
                if cost < best[i][j]:
                    best[i][j], step[i][j] = cost, (di, dj)
    return _path(step, rows, cols)


def _band(row: int, rows: int, cols: int) -> range:
    """The cells of `row` the alignment considers: all of them for pages of usual length;
    near the diagonal for very long ones, so that a page of a thousand paragraphs costs
    linear, not quadratic, time (a translation strays little from its original's order)."""
    if rows * cols <= FULL_CELLS:
        return range(cols + 1)
    width = BAND + abs(rows - cols)
    centre = round(row * cols / rows) if rows else cols
    return range(max(0, centre - width), min(cols, centre + width) + 1)


def _path(step: list[list[tuple[int, int]]], i: int, j: int) -> list[Bead]:
    beads = []
    while i or j:
        di, dj = step[i][j]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]
