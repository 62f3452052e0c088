"""Datasette plugin of the archive: `/-/changes.atom`, an Atom feed of NATO's edits, so that
a researcher's feed reader shows them the morning after the crawl: each page whose text
changed (linking to what changed, the article_history query), each page the portal stopped
serving, and each page that appeared after the archive's first crawl; newest first,
`?type=` and `?lang=` to follow some of them."""

import uuid
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from datasette import hookimpl
from datasette.utils.asgi import Response

from natocrawl.serve.links import archive_database, article_href
from natocrawl.urls import LANGS, TYPES

ATOM = "application/atom+xml; charset=utf-8"
MAX_ENTRIES = 200
SUMMARY_LINES = 12
_EPOCH = "1970-01-01T00:00:00+00:00"
_ENTRIES = f"""
    SELECT 'changed' AS kind, v.url, v.version, v.valid_from AS at, v.title, a.type, a.lang, v.diff AS diff
      FROM article_versions v JOIN articles a ON a.url = v.url WHERE v.version > 1 AND {{filters}}
    UNION ALL
    SELECT 'removed', a.url, NULL, a.removed_at, a.title, a.type, a.lang, NULL
      FROM articles a WHERE a.removed_at IS NOT NULL AND {{filters}}
    UNION ALL
    SELECT 'added', a.url, NULL, a.first_seen, a.title, a.type, a.lang, NULL
      FROM articles a
     WHERE a.first_seen > (SELECT min(coalesce(finished_at, started_at)) FROM crawl_runs) AND {{filters}}
    ORDER BY at DESC, url, version DESC LIMIT {MAX_ENTRIES}"""
_TITLES = {"changed": "Changed", "removed": "No longer on nato.int", "added": "New"}


@hookimpl
def register_routes():
    return [(r"^/-/changes\.atom$", changes_feed)]


def _filters(request) -> tuple[str, dict] | str:
    """The feed's filters as SQL and parameters, or a one-line complaint."""
    clauses, params = ["1"], {}
    for name, allowed in (("type", TYPES), ("lang", LANGS)):
        value = request.args.get(name)
        if value is None:
            continue
        if value not in allowed:
            return f"{name} must be one of {', '.join(allowed)}"
        clauses.append(f"a.{name} = :{name}")
        params[name] = value
    return " AND ".join(clauses), params


async def changes_feed(datasette, request):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    filters = _filters(request)
    if isinstance(filters, str):
        return Response.text(filters + "\n", status=400)
    sql, params = filters
    db = archive_database(datasette)
    rows = (await db.execute(_ENTRIES.format(filters=sql), params)).rows
    query = f"?{request.query_string}" if request.query_string else ""
    self_url = datasette.absolute_url(request, request.path + query)
    history = datasette.absolute_url(request, datasette.urls.database(db.name) + "/article_history")
    entries = [_entry(datasette, request, row, history) for row in rows]
    updated = rows[0]["at"] if rows else _EPOCH
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>NATO portal archive: pages changed, removed and added</title>\n"
        f"  <id>{_urn(self_url)}</id>\n  <updated>{escape(updated)}</updated>\n"
        f'  <link rel="self" href={quoteattr(self_url)}/>\n'
        f'  <link rel="alternate" href={quoteattr(datasette.absolute_url(request, "/"))}/>\n'
        "  <author><name>natocrawl</name></author>\n  <generator>natocrawl</generator>\n"
        + "".join(entries)
        + "</feed>\n"
    )
    return Response(feed, content_type=ATOM)


def _urn(text: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, text)}"


def _entry(datasette, request, row, history: str) -> str:
    kind, url = row["kind"], row["url"]
    if kind == "changed":
        link = f"{history}?url={_query_value(url)}"
        summary = "\n".join((row["diff"] or "").splitlines()[:SUMMARY_LINES])
    else:
        link = datasette.absolute_url(request, article_href(url))
        summary = f"{_TITLES[kind]}: {url}"
    title = f"{_TITLES[kind]}: {row['title'] or url}"
    key = "{}#{}-{}".format(url, kind, row["version"] or row["at"])
    return (
        "  <entry>\n"
        f"    <id>{_urn(key)}</id>\n"
        f"    <title>{escape(title)}</title>\n    <updated>{escape(row['at'])}</updated>\n"
        f'    <link rel="alternate" href={quoteattr(link)}/>\n'
        f"    <category term={quoteattr(row['type'])}/>\n    <category term={quoteattr(row['lang'])}/>\n"
        f'    <summary type="text">{escape(summary)}</summary>\n'
        "  </entry>\n"
    )


def _query_value(value: str) -> str:
    return quote(value, safe="")
