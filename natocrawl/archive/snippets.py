"""The passage of a text that best shows why it matched a search: the window of words holding
the most matches, with the matching words marked. Computed from the text in Python, since
the search index is contentless and holds stems (archive/search_index.py)."""

import functools

from natocrawl.archive.search_query import QueryError, Term, parse, terms
from natocrawl.archive.stems import LANGUAGES, WORD, fold, stem_word

SNIPPET_WORDS = 36


# The words of the texts searched recur from one snippet to the next (a language's few
# thousand common words): each is folded once per process.
_folded = functools.lru_cache(maxsize=1 << 16)(fold)


class _Matcher:
    """Whether one word of a text is one a query's terms look for."""

    def __init__(self, terms: list[Term], lang: str):
        self.lang = lang
        self.stems = {stem_word(lang, word) for term in terms if term.kind == "word" for word in term.words}
        self.exact = {word for term in terms if term.kind != "word" for word in term.words}
        self.prefixes = tuple(term.words[-1] for term in terms if term.kind == "prefix")
        # A word's stem mostly begins as the word does: only words so beginning are stemmed.
        self.stem_starts = tuple({stem[:2] for stem in self.stems})

    def __call__(self, word: str) -> bool:
        folded = _folded(word)
        if folded in self.exact or folded.startswith(self.prefixes or ("\0",)):
            return True
        return folded.startswith(self.stem_starts or ("\0",)) and stem_word(self.lang, word) in self.stems


def snippet(
    text: str | None, terms: list[Term], lang: str, size: int = SNIPPET_WORDS
) -> list[tuple[str, bool]]:
    """The best window of `text` as (text, is_match) pieces, '…' pieces where it is cut."""
    if not text:
        return []
    words = list(WORD.finditer(text))
    hits = []
    if lang in LANGUAGES:
        matcher = _Matcher(terms, lang)
        # Each distinct word tested once: most of a text's words are repeats (the, of, NATO).
        matching = {word for word in {match.group() for match in words} if matcher(word)}
        hits = [index for index, word in enumerate(words) if word.group() in matching]
    start = _best_start(hits, size)
    window = words[start : start + size]
    if not window:
        return [(text[:200], False)]
    begin, end = window[0].start(), window[-1].end()
    pieces = [("… ", False)] if start else []
    position = begin
    hit_set = set(hits)
    for index, word in enumerate(window, start=start):
        if index in hit_set:
            pieces += [(text[position : word.start()], False), (word.group(), True)]
            position = word.end()
    pieces.append((text[position:end], False))
    if end < len(text.rstrip()):
        pieces.append((" …", False))
    return [(piece, is_match) for piece, is_match in pieces if piece]


def _best_start(hits: list[int], size: int) -> int:
    """Where a window of `size` words holds the most hits (the first such), a little before them."""
    best, best_count, first = 0, 0, 0
    for last, position in enumerate(hits):
        while position - hits[first] >= size:
            first += 1
        if last - first + 1 > best_count:
            best, best_count = hits[first], last - first + 1
    return max(0, best - 4) if best_count else 0


def excerpt(text: str | None, query: str | None, lang: str | None) -> str:
    """The snippet of `text` for `query` as one string, matches in [brackets]: what the
    canned query shows (natocrawl_excerpt)."""
    return "".join(
        f"[{piece}]" if is_match else piece
        for piece, is_match in snippet(text, list(_terms_of(query or "")), lang or "")
    )


@functools.lru_cache(maxsize=64)
def _terms_of(query: str) -> tuple[Term, ...]:
    """The terms of `query`, read once for all the rows an SQL query excerpts. A query the
    search grammar cannot read is taken word by word, as the canned query's FTS5 match takes it."""
    try:
        return tuple(terms(parse(query)))
    except QueryError:
        return tuple(Term("word", (fold(word),)) for word in WORD.findall(query))
