"""Paragraphs of a page and its translation side by side: Gale and Church's alignment by
length (Computational Linguistics 19(1), 1993). A translation's paragraph is about as long
as its original times the pair's overall ratio; dynamic programming finds the most likely
sequence of beads (one-to-one, one merged into two, one left out …), so a paragraph that
one language splits, merges or lacks leaves the rest aligned."""

import math
import re
from dataclasses import dataclass

# Prior probability of each bead (source paragraphs, target paragraphs). Gale and Church's,
# for sentences, made merges likelier than a paragraph one side lacks (0.0445 against
# 0.005); between a page and its translation, an added paragraph (an editor's note, an
# update) is as common as a merged one, and with their priors an added paragraph was
# mostly merged into its neighbour: paragraph-pair precision 0.92 on replica pairs with one
# paragraph added, 0.98 with these (0.98 on a replica of another seed, not tuned on).
BEADS = {
    (1, 1): 0.929,
    (1, 0): 0.02,
    (0, 1): 0.02,
    (2, 1): 0.01,
    (1, 2): 0.01,
    (2, 2): 0.011,
}
VARIANCE = 6.8  # of the target length per source character
# Up to this many cells (paragraphs × paragraphs) every pairing is weighed; beyond, a band of
# BAND cells either side of the diagonal.
FULL_CELLS = 40_000
BAND = 30
# Each number or name both sides of a bead share makes it this much likelier (a log-odds
# bonus), and each one only one side has, a quarter as much less likely: else merging two
# paragraphs gathers more shared names and always looks better.
ANCHOR_WEIGHT = 2.0
ANCHOR_MISSING = 0.25
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


def _anchor_bonus(source: list[set[str]], target: list[set[str]]) -> float:
    left, right = set().union(*source), set().union(*target)
    return ANCHOR_WEIGHT * (len(left & right) - ANCHOR_MISSING * len(left ^ right))


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
                if di and dj:
                    cost -= _anchor_bonus(anchors[0][i - di : i], anchors[1][j - dj : j])
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
