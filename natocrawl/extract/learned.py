"""Boilerplate learned across pages (natocrawl.extract.boilerplate), taken out of one page's DOM
before the article's container is chosen: a reworded dialog that nothing else recognises
could otherwise out-weigh a short article and be taken for it.

In reading order, a run of frequent lines (on many pages) holding a learned one (on a large
share of pages) goes if at least two lines are left once its ends are trimmed (see
_furniture_span); a frequent line alone among the page's own text stays. In the DOM, only
runs holding prose go, and not their links: menus count against a container that takes
them in, and taking them away first would let the container grow over the page's furniture.
"""

from collections.abc import Mapping

from natocrawl.extract.chrome import drop_element, line_key
from natocrawl.extract.container import PROSE_CHARS
from natocrawl.extract.lines import MAX_LINE_CHARS
from natocrawl.extract.reading import inside_block, linked_chars, neighbour_blocks, text_blocks, text_of

MIN_RUN = 2


def prune_learned_lines(tree, frequent: Mapping[str, bool]) -> int:
    """Remove the furniture runs that hold prose, but not their links; `frequent` maps the
    line keys of the page's language seen on many pages to whether they are learned.
    Returns how many blocks went."""
    if not frequent:
        return 0
    matched = _frequent_blocks(tree, frequent)
    if not matched:
        return 0
    runs = _runs(neighbour_blocks(matched), matched)
    furniture = [element for run in runs for element in _doomed_blocks(run, matched, frequent)]
    linked = linked_chars(furniture)
    doomed = [element for element in furniture if linked[element] < 0.8 * matched[element][2]]  # links stay
    for element in doomed:
        drop_element(element)
    return len(doomed)


def pair_key(first: str, second: str) -> str:
    """The key of two line keys seen one after the other (line keys hold no newline)."""
    return f"{first}\n{second}"


def drop_learned_runs(paragraphs: list[str], frequent: Mapping[str, bool]) -> list[str]:
    """The paragraphs without runs of furniture (what the DOM pass leaves: short lines of a
    dialog whose prose is gone, or a dialog inside the article's own container)."""
    keys = [line_key(paragraph) for paragraph in paragraphs]
    doomed: set[int] = set()
    index = 0
    while index < len(keys):
        end = index
        while end < len(keys) and keys[end] in frequent:
            end += 1
        doomed.update(_furniture_span(list(range(index, end)), keys.__getitem__, frequent))
        index = max(end, index + 1)
    return [paragraph for i, paragraph in enumerate(paragraphs) if i not in doomed]


def _furniture_span(run: list, key_of, frequent: Mapping[str, bool]) -> list:
    """The furniture in a run of frequent lines, in reading order: from its first to its last
    learned line, widened line by line over neighbours that are learned or usually stand
    next to the line they join (a usual pair of the model). A line of one dialog variant
    goes with the lines all variants share; a speaker's stock phrase, or a transcript's
    closing lines, which only sometimes stand next to the footer, stay. Empty unless
    MIN_RUN lines are in it."""
    run = list(run)
    learned = [index for index, item in enumerate(run) if frequent[key_of(item)]]
    if not learned:
        return []
    start, end = learned[0], learned[-1]
    while start > 0 and _joins(key_of(run[start - 1]), key_of(run[start - 1]), key_of(run[start]), frequent):
        start -= 1
    while end < len(run) - 1 and _joins(
        key_of(run[end + 1]), key_of(run[end]), key_of(run[end + 1]), frequent
    ):
        end += 1
    span = run[start : end + 1]
    return span if len(span) >= MIN_RUN else []


def _joins(outer: str, first: str, second: str, frequent: Mapping[str, bool]) -> bool:
    """Whether the `outer` line of the pair (first, second) belongs with the furniture."""
    return frequent[outer] or pair_key(first, second) in frequent


def _doomed_blocks(run: list, matched: dict, frequent: Mapping[str, bool]) -> list:
    """A DOM run's furniture: it must hold prose (see the module doc)."""
    ordered = sorted(run, key=lambda element: matched[element][1])
    span = _furniture_span(ordered, lambda element: matched[element][0], frequent)
    return span if any(matched[element][2] >= PROSE_CHARS for element in span) else []


def _frequent_blocks(tree, frequent: Mapping[str, bool]) -> dict:
    """Blocks whose text is a frequent line: element -> (line key, position, characters)."""
    matched: dict = {}
    last = None  # the block matched last: in document order, the only one a block can be inside
    for element in text_blocks(tree):
        if last is not None and inside_block(element, last):
            continue
        text = text_of(element)
        if len(text) > MAX_LINE_CHARS or not text.strip():
            continue
        key = line_key(text)
        if key in frequent:
            matched[element] = (key, len(matched), len(text.strip()))
            last = element
    return matched


def _runs(near_of: dict, matched: dict) -> list[list]:
    """The matched blocks grouped into runs of reading-order neighbours, in document order
    (a block's neighbour before it can only be the block matched just before it)."""
    runs: list[list] = []
    for element in matched:
        if runs and near_of[element][0] is not None:
            runs[-1].append(element)
        else:
            runs.append([element])
    return runs
