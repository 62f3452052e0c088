"""A researcher's search query, parsed by our own grammar and written out as an FTS5 query
for one language's index (archive/search_index.py), so that no syntax of SQLite's ever
reaches the user and every mistake gets a one-line hint.

    word            the word in any of its forms (stemmed): allié finds alliés, alliée
    alli*           words beginning with alli, as written (accents optional)
    "exact words"   these words in this order, as written (accents optional)
    a b, a AND b    both;  a OR b  either;  a NOT b, a -b  a without b;  ( … ) groups

NOT binds tighter than AND, and AND than OR, as in FTS5; the FTS5 text is fully
parenthesised from our tree, so it means what the tree means.
"""

import re
from dataclasses import dataclass

from natocrawl.archive.stems import WORD, fold, stem_word

STEM_COLUMNS = ("title", "body")
WORD_COLUMNS = ("title_words", "body_words")
MAX_QUERY_CHARS = 1000
# A "-" is NOT only glued to the word it excludes, after a space ("drones -Ukraine"): a
# spaced dash ("NATO - Russia Council") is punctuation, as in a pasted title.
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<phrase>"[^"]*"?)|(?P<paren>[()])|(?P<minus>(?<![^\s(])-(?=[^\W_]|["(]))|(?P<word>[^\s()"]+)'
)
_OPERATORS = ("AND", "OR", "NOT")


class QueryError(ValueError):
    """A query that cannot be read; its message is a one-line hint for the user."""


@dataclass(frozen=True)
class Term:
    kind: str  # "word" (stemmed), "prefix" or "phrase" (as written)
    words: tuple[str, ...]  # folded, as WORD cuts them

    def fts(self, lang: str, prefix: str = "") -> str:
        """The FTS5 query for `lang`'s index, whose columns' names begin with `prefix`."""
        return self._phrase(self._text(lang), _columns(prefix, self._names()))

    def fts_in(self, langs: tuple[str, ...]) -> str:
        """The FTS5 query for the index of texts (its columns: `{lang}_title`, …): the term in
        any of `langs`. Languages that write it alike share one phrase, so FTS5 reads its
        matches once, not once per language (a prefix's many words above all)."""
        by_text: dict[str, list[str]] = {}
        for lang in langs:
            by_text.setdefault(self._text(lang), []).append(lang)
        phrases = []
        for text, same in by_text.items():
            names = tuple(f"{lang}_{name}" for lang in same for name in self._names())
            phrases.append(self._phrase(text, _columns("", names)))
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"

    def _text(self, lang: str) -> str:
        """The phrase's text in `lang`: stems for a word, else the words as written."""
        if self.kind == "word":
            return " ".join(stem_word(lang, word) for word in self.words)
        return " ".join(self.words)

    def _names(self) -> tuple[str, ...]:
        return STEM_COLUMNS if self.kind == "word" else WORD_COLUMNS

    def _phrase(self, text: str, columns: str) -> str:
        return f'{columns} : "{text}"' + (" *" if self.kind == "prefix" else "")


@dataclass(frozen=True)
class Op:
    name: str  # AND, OR, NOT (NOT: its first part without any of the others)
    parts: tuple

    def fts(self, lang: str, prefix: str = "") -> str:
        return "(" + f" {self.name} ".join(part.fts(lang, prefix) for part in self.parts) + ")"

    def fts_in(self, langs: tuple[str, ...]) -> str:
        """As Term.fts_in: the whole in any one of `langs` (NOT's parts in the same language)."""
        return "(" + " OR ".join(self.fts(lang, f"{lang}_") for lang in langs) + ")"


def _columns(prefix: str, names: tuple[str, ...]) -> str:
    return "{" + " ".join(prefix + name for name in names) + "}"


def parse(query: str) -> Term | Op:
    """The query's tree; QueryError with a hint if it cannot be read."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long: at most {MAX_QUERY_CHARS} characters.")
    tokens = _tokens(query)
    if not tokens:
        raise QueryError("Type one or more words to search for.")
    parser = _Parser(tokens)
    tree = parser.any_of()
    if parser.position < len(tokens):
        raise QueryError(_unexpected(tokens[parser.position]))
    return tree


def term_count(tree: Term | Op) -> int:
    """How many words and phrases the query has, excluded ones included."""
    return 1 if isinstance(tree, Term) else sum(term_count(part) for part in tree.parts)


def _tokens(query: str) -> list[str]:
    """The query's tokens; punctuation standing alone ("–", "&", "*") is left out."""
    tokens = []
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "space" or (kind == "word" and text not in _OPERATORS and not WORD.search(text)):
            continue
        tokens.append(text)
    return tokens


def terms(tree: Term | Op) -> list[Term]:
    """The terms a match may contain (those under NOT's second part excluded), for snippets."""
    if isinstance(tree, Term):
        return [tree]
    if tree.name == "NOT":
        return terms(tree.parts[0])
    return [term for part in tree.parts for term in terms(part)]


def _unexpected(token: str) -> str:
    if token == ")":
        return 'A ")" closes no "(": remove it or add the "(" it closes.'
    return f'"{token}" cannot stand there: put words on both sides of AND, OR and NOT.'


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens, self.position = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        self.position += 1
        return self.tokens[self.position - 1]

    def any_of(self) -> Term | Op:
        parts = [self.all_of()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else Op("OR", tuple(parts))

    def all_of(self) -> Term | Op:
        parts = [self.without()]
        while (token := self.peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.take()
            parts.append(self.without())
        return parts[0] if len(parts) == 1 else Op("AND", tuple(parts))

    def without(self) -> Term | Op:
        if self.peek() in ("NOT", "-"):
            raise QueryError("NOT and - exclude words from a match: put what to find before them.")
        kept, excluded = self.unit(), []
        while self.peek() in ("NOT", "-"):
            self.take()
            excluded.append(self.unit())
        return Op("NOT", (kept, *excluded)) if excluded else kept

    def unit(self) -> Term | Op:
        token = self.peek()
        if token is None:
            raise QueryError("The query ends too soon: put words after AND, OR, NOT, - and (.")
        if token in (*_OPERATORS, "-", ")"):
            raise QueryError(_unexpected(token))
        self.take()
        if token == "(":
            tree = self.any_of()
            if self.peek() != ")":
                raise QueryError('A "(" is not closed: add the ")" that closes it.')
            self.take()
            return tree
        return _term(token)


def _term(token: str) -> Term:
    if token.startswith('"'):
        if len(token) < 2 or not token.endswith('"'):
            raise QueryError('A quotation mark is not closed: add the " that ends the phrase.')
        words = tuple(fold(word) for word in WORD.findall(token[1:-1]))
        if not words:
            raise QueryError("A phrase in quotation marks needs at least one word.")
        return Term("phrase", words)
    prefix = token.endswith("*")
    words = tuple(fold(word) for word in WORD.findall(token.rstrip("*")))
    if not words:
        raise QueryError(f'"{token}" has no letters or digits to search for.')
    if "*" in token.rstrip("*"):
        raise QueryError(f'"{token}": a * may only end a word (alli* finds allié, alliance …).')
    return Term("prefix" if prefix else "word", words)
