"""Boilerplate learned from the crawl itself: lines repeated across many pages of a language
are the site's furniture, whatever their wording. That survives NATO rewording its dialogs,
which a list of known strings does not.

A line is learned once it stands on at least `min_pages` pages and on `share` of the pages
seen in its language. Lines are removed from a body only as runs: at least `min_run` lines
in a row each seen on `min_pages` pages, one of them learned (dialogs and footers come as
runs). A frequent line on its own, or one next to text unique to the page, stays ("(As
delivered)" heads every transcript); text unique to a page is never learned.
"""

from collections import Counter
from dataclasses import dataclass, field

from natocrawl.extract.lines import line_key


@dataclass
class BoilerplateModel:
    min_pages: int = 10
    share: float = 0.3
    min_run: int = 2
    pages: Counter = field(default_factory=Counter)  # lang -> pages observed
    lines: Counter = field(default_factory=Counter)  # (lang, line key) -> pages it stood on
    texts: dict = field(default_factory=dict)  # (lang, line key) -> the line, readable

    def observe(self, lang: str, lines) -> None:
        """Count one page's lines (each once, however often the page repeats it)."""
        self.pages[lang] += 1
        for line in set(lines):
            key = (lang, line_key(line))
            self.lines[key] += 1
            self.texts.setdefault(key, line)

    def is_learned(self, lang: str, key: str) -> bool:
        needed = max(self.min_pages, self.share * self.pages[lang])
        return self.lines[(lang, key)] >= needed

    def is_frequent(self, lang: str, key: str) -> bool:
        return self.lines[(lang, key)] >= self.min_pages

    def clean(self, lang: str, paragraphs: list[str]) -> list[str]:
        """The paragraphs without runs of frequent lines that hold a learned one. (A line of
        one dialog variant is on fewer pages than the lines all variants share; beside them,
        it goes too.)"""
        keys = [line_key(paragraph) for paragraph in paragraphs]
        kept, index = [], 0
        while index < len(paragraphs):
            end = index
            while end < len(paragraphs) and self.is_frequent(lang, keys[end]):
                end += 1
            run = keys[index:end]
            if len(run) >= self.min_run and any(self.is_learned(lang, k) for k in run):
                index = end  # a run of furniture: dropped whole
                continue
            kept.append(paragraphs[index])
            index += 1
        return kept
