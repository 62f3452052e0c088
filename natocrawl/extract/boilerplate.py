"""Boilerplate learned from the crawl itself: lines repeated across many pages of a language
are the site's furniture, whatever their wording. That survives NATO rewording its dialogs,
which a list of known strings does not.

A line is frequent once it stands on at least `min_pages` pages, and learned once it is
also on `share` of the pages seen in its language. Pairs of lines that follow each other
are counted too: they tell a dialog's rarer lines from page text that happens to stand
next to a dialog. The extractor removes lines only as runs (natocrawl.extract.learned):
at least two frequent lines in a row, one of them learned (dialogs and footers come as
runs). A frequent line on its own, or one next to text unique to the page, stays ("(As
delivered)" heads every transcript); text unique to a page is never learned.
"""

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from natocrawl.extract.chrome import line_key
from natocrawl.extract.learned import pair_key

USUAL_PAIR_SHARE = 0.5


def lines_digest(keys) -> int:
    """What a page's lines were, in 64 bits (has the page changed since it was counted?)."""
    return stable_hash("\n".join(keys))


def url_key(url: str) -> int:
    """A URL in 64 bits: what the counts remember of the pages they were taken over."""
    return stable_hash(url)


def stable_hash(text: str) -> int:
    """A signed 64-bit hash (SQLite's INTEGER), the same in every process and run."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)  # SQLite's INTEGER


@dataclass
class BoilerplateModel:
    min_pages: int = 10
    share: float = 0.3
    pages: Counter = field(default_factory=Counter)  # lang -> pages observed
    # (lang, line key) -> pages it stood on, for lines seen on `min_pages` pages or more:
    # all that extraction reads, and few (menus, footers, dialogs)
    lines: Counter = field(default_factory=Counter)
    texts: dict = field(default_factory=dict)  # (lang, line key) -> the line, readable
    # Lines seen on two pages or more but fewer than `min_pages`: dates, quotes, headings
    # that a few pages share. They grow with the site, so they wait on disk (RareLines).
    rare: "RareLines" = field(default_factory=lambda: RareLines())
    # Lines seen on one page so far: most of a page's own text, never more. Kept as bits,
    # not as text, so that the model stays flat however many pages a crawl sees.
    seen_once: "SeenOnce" = field(default_factory=lambda: SeenOnce())
    # url_key -> lines_digest of the pages counted since the model was loaded: the counts are
    # per URL, and a page fetched again with the same lines is not counted again.
    counted_urls: dict = field(default_factory=dict)

    def observe_page(self, url: str, lang: str, lines, keys, counted_digest: int | None) -> bool:
        """Count the page at `url` unless it was counted with these same lines already (in
        this crawl, or as `counted_digest` says of earlier ones); whether it was counted."""
        key, digest = url_key(url), lines_digest(keys)
        if digest == self.counted_urls.get(key, counted_digest):
            return False
        self.counted_urls[key] = digest
        self.observe(lang, lines, keys)
        return True

    def observe(self, lang: str, lines, keys=None) -> None:
        """Count one page's lines, and pairs of lines one after the other (each once, however
        often the page repeats it); `keys`: the lines' keys, where they were made already."""
        self.pages[lang] += 1
        keys = keys if keys is not None else [line_key(line) for line in lines]
        pairs = {
            pair_key(first, second): f"{a}\n{b}"
            for first, second, a, b in zip(keys, keys[1:], lines, lines[1:])
        }
        for key, text in {**dict(zip(keys, lines)), **pairs}.items():
            counted = (lang, key)
            if counted in self.lines:
                self.lines[counted] += 1
            elif self.seen_once.seen_before(f"{lang}\0{key}"):  # every rare line was seen before
                self._count_rare(lang, key, text)

    def _count_rare(self, lang: str, key: str, text: str) -> None:
        pages, text = self.rare.add(lang, key, text)
        if pages >= self.min_pages:
            self.rare.remove(lang, key)
            self.lines[(lang, key)], self.texts[(lang, key)] = pages, text

    def count(self, lang: str, key: str) -> int:
        """The pages a line (or a pair) stood on: 0 for one seen on a single page."""
        return self.lines[(lang, key)] if (lang, key) in self.lines else self.rare.pages(lang, key)

    def counts(self) -> Iterator[tuple[str, str, str | None, int]]:
        """(lang, line key, the line, pages) of every line seen on two pages or more."""
        for (lang, key), pages in self.lines.items():
            yield lang, key, self.texts.get((lang, key)), pages
        yield from self.rare.rows()

    def restore(self, lang: str, key: str, text: str | None, pages: int) -> None:
        """A line's count as the archive kept it."""
        if pages >= self.min_pages:
            self.lines[(lang, key)], self.texts[(lang, key)] = pages, text
        elif pages > 1:
            self.rare.put(lang, key, text, pages)
            self.seen_once.seen_before(f"{lang}\0{key}")  # its next page counts it

    def is_learned(self, lang: str, key: str) -> bool:
        if "\n" in key:
            return False  # a pair only vouches for its lines belonging together
        needed = max(self.min_pages, self.share * self.pages[lang])
        return self.lines[(lang, key)] >= needed

    def frequent_lines(self, lang: str) -> dict[str, bool]:
        """The line keys of `lang` on `min_pages` pages or more, mapped to whether they are
        learned, and the usual pairs among them: what the extractor needs
        (natocrawl.extract.learned)."""
        return {
            key: self.is_learned(lang, key)
            for (line_lang, key), count in self.lines.items()
            if line_lang == lang and count >= self.min_pages and self._is_usual(lang, key, count)
        }

    def frequent_by_lang(self) -> dict[str, dict[str, bool]]:
        """frequent_lines of every language seen, as the extractor takes them."""
        return {lang: self.frequent_lines(lang) for lang in self.pages}

    def _is_usual(self, lang: str, key: str, count: int) -> bool:
        """A line, or a pair whose lines stand together on at least USUAL_PAIR_SHARE of the
        pages of the rarer one (a transcript's closing line next to the footer on a quarter
        of its pages is not a usual pair; a dialog variant's line next to the line all
        variants share is)."""
        if "\n" not in key:
            return True
        first, second = key.split("\n", 1)
        rarer = min(self.count(lang, first), self.count(lang, second))
        return count >= USUAL_PAIR_SHARE * rarer


class RareLines:
    """Counts of lines seen on a few pages, in a private temporary SQLite file (deleted when
    closed): in memory they grew by a kilobyte a page. One transaction, never committed:
    SQLite keeps its default 2 MB of cache and spills the rest to the file."""

    def __init__(self):
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            # "": a temporary database on disk; the model is used from one thread at a time
            self._conn = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            self._conn.execute(
                "CREATE TABLE rare (lang TEXT, key TEXT, text TEXT, pages INTEGER, PRIMARY KEY (lang, key))"
                " WITHOUT ROWID"
            )
            self._conn.execute("BEGIN")
        return self._conn

    def add(self, lang: str, key: str, text: str) -> tuple[int, str | None]:
        """One more page for the line (its second, if it is new here): (pages, its text)."""
        return (
            self._db()
            .execute(
                "INSERT INTO rare VALUES (?, ?, ?, 2) ON CONFLICT DO UPDATE SET pages = pages + 1 "
                "RETURNING pages, text",
                (lang, key, text),
            )
            .fetchone()
        )

    def put(self, lang: str, key: str, text: str | None, pages: int) -> None:
        self._db().execute("INSERT OR REPLACE INTO rare VALUES (?, ?, ?, ?)", (lang, key, text, pages))

    def remove(self, lang: str, key: str) -> None:
        self._db().execute("DELETE FROM rare WHERE lang = ? AND key = ?", (lang, key))

    def pages(self, lang: str, key: str) -> int:
        if self._conn is None:
            return 0
        row = self._conn.execute("SELECT pages FROM rare WHERE lang = ? AND key = ?", (lang, key)).fetchone()
        return row[0] if row else 0

    def rows(self) -> Iterator[tuple[str, str, str | None, int]]:
        if self._conn is not None:
            yield from self._conn.execute("SELECT lang, key, text, pages FROM rare")


class SeenOnce:
    """A Bloom filter of the lines seen so far: `seen_before` answers whether a line was added
    before, and adds it. It may answer yes for a line it never saw (under 1 % of lines at
    10 million, the portal's size: seven hashes into 12 MB, the least memory for that rate):
    that line then counts two pages for one, far below any line the model learns (min_pages).
    Its bits are spread over the whole array, so all of it is resident within a few hundred
    pages: its size is the crawl's, not the site's."""

    HASHES = 7

    def __init__(self, bits: int = 12 * 8 * 2**20):
        self.bits = bits
        self.array = bytearray()  # allocated on first use: a model only read needs none

    def seen_before(self, line: str) -> bool:
        if not self.array:
            self.array = bytearray(self.bits // 8)
        digest = hashlib.blake2b(line.encode("utf-8"), digest_size=8 * self.HASHES).digest()
        seen = True
        for index in range(self.HASHES):
            bit = int.from_bytes(digest[8 * index : 8 * index + 8], "little") % self.bits
            byte, mask = bit >> 3, 1 << (bit & 7)
            if not self.array[byte] & mask:
                seen = False
                self.array[byte] |= mask
        return seen
