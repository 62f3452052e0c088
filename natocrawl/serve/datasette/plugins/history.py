"""Datasette plugin of the archive: an article's history is readable in the browser.

A version's `diff` is shown as a diff (one paragraph per line, removed lines red, added ones
green), and where a paragraph was reworded (a removed line followed by an added one) the
words that changed are marked inside it, so a one-word edit in a long paragraph shows at a
glance. A `history` cell (the changed_articles query) links to that article's versions
(the article_history query)."""

import difflib
import re
from urllib.parse import urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

_LINE_STYLES = {
    "+": "color:#116329;background:#dafbe1",
    "-": "color:#82071e;background:#ffebe9",
    "@": "color:#6e7781",
}
_WORD_STYLES = {"+": "background:#aceebb;text-decoration:none", "-": "background:#ffc1c0"}
_WORDS = re.compile(r"\s+|[^\s]+")
# Two paragraphs sharing this share of their words are one paragraph reworded.
REWORDED = 0.5
# A diff is drawn up to this many characters, so that a huge page rewritten makes no huge
# page of its history; the row's JSON and CSV hold the whole diff.
DIFF_CHARS = 20_000


@hookimpl
def render_cell(value, column, database, datasette):
    if column == "diff" and isinstance(value, str) and value:
        shown = _diff_start(value)
        lines = render_diff(shown.splitlines())
        if len(shown) < len(value):
            more = len(value) - len(shown)
            lines.append(f'<em class="natocrawl-truncated">… diff truncated: {more:,} characters more</em>')
        return Markup(
            '<pre class="natocrawl-diff" style="white-space:pre-wrap;margin:0">' + "\n".join(lines) + "</pre>"
        )
    if column == "history" and isinstance(value, str) and value:
        link = datasette.urls.database(database) + "/article_history?" + urlencode({"url": value})
        return Markup(f'<a href="{escape(link)}">versions</a>')
    return None


def _diff_start(diff: str) -> str:
    """The diff's whole lines within DIFF_CHARS (or its first DIFF_CHARS, a line being longer)."""
    if len(diff) <= DIFF_CHARS:
        return diff
    return diff[: diff.rfind("\n", 0, DIFF_CHARS) + 1 or DIFF_CHARS]


def render_diff(lines: list[str]) -> list[str]:
    """The diff's lines as HTML. In a run of removed lines followed by added ones, each
    removed line is shown next to the added line in the same place when they are mostly
    the same paragraph reworded, with their changed words marked; other lines are whole."""
    rendered, index = [], 0
    while index < len(lines):
        removed = _run(lines, index, "-")
        added = _run(lines, index + len(removed), "+")
        if removed and added:
            rendered += _reworded(removed, added)
            index += len(removed) + len(added)
            continue
        line = lines[index]
        kind = "" if line.startswith(("+++", "---")) else line[:1]
        rendered.append(_styled(kind, str(escape(line))))
        index += 1
    return rendered


def _reworded(removed: list[str], added: list[str]) -> list[str]:
    rendered = []
    for position in range(max(len(removed), len(added))):
        old = removed[position][1:] if position < len(removed) else None
        new = added[position][1:] if position < len(added) else None
        words = _word_matcher(old, new) if old is not None and new is not None else None
        if words is not None and words.ratio() >= REWORDED:
            old_html, new_html = _marked_words(words)
            rendered += [_styled("-", "-" + old_html), _styled("+", "+" + new_html)]
            continue
        rendered += [
            _styled(sign, sign + str(escape(text)))
            for sign, text in (("-", old), ("+", new))
            if text is not None
        ]
    return rendered


def _word_matcher(old: str, new: str) -> difflib.SequenceMatcher:
    return difflib.SequenceMatcher(a=_WORDS.findall(old), b=_WORDS.findall(new), autojunk=False)


def _run(lines: list[str], start: int, sign: str) -> list[str]:
    end = start
    while end < len(lines) and lines[end].startswith(sign) and not lines[end].startswith(sign * 3):
        end += 1
    return lines[start:end]


def _marked_words(words: difflib.SequenceMatcher) -> tuple[str, str]:
    """Both paragraphs as HTML, the words only one of them has marked."""
    old_words, new_words = words.a, words.b
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in words.get_opcodes():
        before, after = str(escape("".join(old_words[i1:i2]))), str(escape("".join(new_words[j1:j2])))
        if op == "equal":
            old_html.append(before)
            new_html.append(after)
            continue
        if before:
            old_html.append(f'<del style="{_WORD_STYLES["-"]}">{before}</del>')
        if after:
            new_html.append(f'<ins style="{_WORD_STYLES["+"]}">{after}</ins>')
    return "".join(old_html), "".join(new_html)


def _styled(kind: str, html: str) -> str:
    style = _LINE_STYLES.get(kind, "")
    return f'<span style="{style}">{html}</span>' if style else html
