"""Boilerplate learned from the crawl itself: lines repeated across many pages of a language
are the site's furniture, whatever their wording. That survives NATO rewording its dialogs,
which a list of known strings does not.

A line is learned once it stands on at least `min_pages` pages and on `share` of the pages
seen in its language. Learned lines are removed from a body only where at least `min_run` of
them follow each other there (dialogs and footers come as runs): a learned line on its own,
or one next to text unique to the page, stays. Text unique to a page is never learned.
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

    def learned(self, lang: str) -> set[str]:
        needed = max(self.min_pages, self.share * self.pages[lang])
        return {key for (language, key), count in self.lines.items() if language == lang and count >= needed}

    def clean(self, lang: str, paragraphs: list[str]) -> list[str]:
        """The paragraphs without runs of learned lines."""
        learned = [self.is_learned(lang, line_key(paragraph)) for paragraph in paragraphs]
        kept, index = [], 0
        while index < len(paragraphs):
            end = index
            while end < len(paragraphs) and learned[end]:
                end += 1
            if end - index >= self.min_run:
                index = end  # a run of furniture: dropped whole
                continue
            kept.append(paragraphs[index])
            index += 1
        return kept
