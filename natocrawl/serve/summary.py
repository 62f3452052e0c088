"""A few lines saying what an archive holds and what its last crawl did."""

import json
from pathlib import Path

import sqlite_utils


def summarize(archive: Path) -> str:
    db = sqlite_utils.Database(archive)
    try:
        total = db["articles"].count
        by_type = db.execute(
            "select type, lang, count(*) from articles group by type, lang order by type, lang").fetchall()
        pairs = db.execute("select count(*) from articles where translation_url is not null").fetchone()[0]
        aliases = db["aliases"].count
        run = next(db.query("select * from crawl_runs order by id desc limit 1"), None)
    finally:
        db.close()
    lines = [f"archived {total} articles in {archive}:"]
    lines += [f"  {type_:<15} {lang}  {count}" for type_, lang, count in by_type]
    lines.append(f"  {pairs} articles linked to their translation, {aliases} aliases (legacy URLs, duplicates)")
    if run:
        lines.append(
            f"last crawl: {run['finish_reason']}, {run['pages_fetched']} pages fetched, "
            f"{run['new']} new, {run['changed']} changed, {run['updated']} updated, {run['unchanged']} unchanged, "
            f"{run['not_modified']} not modified, {run['removed']} removed, "
            f"{run['skipped']} known pages not requested, "
            f"dropped {json.loads(run['dropped_by_reason'] or '{}')}, "
            f"HTTP errors {json.loads(run['http_errors'] or '{}')}, "
            f"download errors {json.loads(run['download_errors'] or '{}')}")
    return "\n".join(lines)
