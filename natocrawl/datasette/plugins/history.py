"""Datasette plugin of the archive: an article's history is readable in the browser.

A version's `diff` is shown as a diff (one paragraph per line, additions green, deletions
red), not as one run of text; a `history` cell (the changed_articles query) links to that
article's versions (the article_history query)."""

from urllib.parse import urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

_LINE_STYLES = {"+": "color:#116329;background:#dafbe1", "-": "color:#82071e;background:#ffebe9",
                "@": "color:#6e7781"}


@hookimpl
def render_cell(value, column, database, datasette):
    if column == "diff" and isinstance(value, str) and value:
        return Markup('<pre class="natocrawl-diff" style="white-space:pre-wrap;margin:0">'
                      + "\n".join(_diff_line(line) for line in value.splitlines()) + "</pre>")
    if column == "history" and isinstance(value, str) and value:
        link = datasette.urls.database(database) + "/article_history?" + urlencode({"url": value})
        return Markup(f'<a href="{escape(link)}">versions</a>')
    return None


def _diff_line(line: str) -> str:
    style = "" if line.startswith(("+++", "---")) else _LINE_STYLES.get(line[:1], "")
    return f'<span style="{style}">{escape(line)}</span>' if style else str(escape(line))
