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
from collections import Counter
from dataclasses import dataclass, field

from natocrawl.extract.chrome import line_key
from natocrawl.extract.learned import pair_key

USUAL_PAIR_SHARE = 0.5


@dataclass
class BoilerplateModel:
    min_pages: int = 10
    share: float = 0.3
    pages: Counter = field(default_factory=Counter)  # lang -> pages observed
    # (lang, line key) -> pages it stood on, for lines seen on two pages or more
    lines: Counter = field(default_factory=Counter)
    texts: dict = field(default_factory=dict)  # (lang, line key) -> the line, readable
    # Lines seen on one page so far: most of a page's own text, never more. Kept as bits,
    # not as text, so that the model stays flat however many pages a crawl sees.
    seen_once: "SeenOnce" = field(default_factory=lambda: SeenOnce())

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
            elif self.seen_once.seen_before(f"{lang}\0{key}"):
                self.lines[counted] = 2  # its first page, and this one
                self.texts[counted] = text

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
        rarer = min(self.lines[(lang, first)], self.lines[(lang, second)])
        return count >= USUAL_PAIR_SHARE * rarer


class SeenOnce:
    """A Bloom filter of the lines seen so far: `seen_before` answers whether a line was added
    before, and adds it. It may answer yes for a line it never saw (about 1 % of lines at
    10 million, at 16 MB): that line then counts two pages for one, far below any line
    the model learns (min_pages)."""

    HASHES = 3

    def __init__(self, bits: int = 1 << 27):
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
