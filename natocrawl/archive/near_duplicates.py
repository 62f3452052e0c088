"""Near-duplicates: two archived texts of one language that differ only by furniture,
white space or a note (a print version, a re-post with an editor's line), linked, never
merged. The view `near_duplicates` lists each pair once, with its similarity.

How: each text files its anchors, the hashes of its first long paragraph and of its longest
one, words only (case, punctuation and spacing aside); a text sharing an anchor with another
is a candidate (not through an anchor shared by more than MAX_SHARING texts: a standard
paragraph), kept when the Jaccard similarity of their word 3-shingles is SIMILAR_AT or more.
A near-duplicate keeps its lead and its longest paragraph, so no pair is missed for want of a
shared anchor, and the lookup is two indexed reads per text written, whatever the archive's
size (all-pairs shingle comparison or a MinHash index would read far more).

Kept current by the store (archive/article_batches.py) for every new, changed or re-extracted
text, and by the end-of-crawl rewrite, by article rowid (a re-keyed article keeps its
pairs); a deleted article's go with it (trigger).
"""

import re
from collections.abc import Iterable

import sqlite_utils

from natocrawl.extract.boilerplate import stable_hash

KEYS_TABLE = "near_duplicate_keys"
PAIRS_TABLE = "near_duplicate_pairs"
VIEW = "near_duplicates"
SIMILAR_AT = 0.9
MAX_SHARING = 50  # texts filed under one anchor, past which it is a standard paragraph
_ANCHOR_CHARS = 100  # shorter paragraphs ("Thank you.") recur across unrelated texts
_WORD = re.compile(r"\w+")


def create(db: sqlite_utils.Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE IF NOT EXISTS {KEYS_TABLE} (anchor INTEGER NOT NULL, article INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS idx_{KEYS_TABLE}_anchor ON {KEYS_TABLE} (anchor);
        CREATE INDEX IF NOT EXISTS idx_{KEYS_TABLE}_article ON {KEYS_TABLE} (article);
        CREATE TABLE IF NOT EXISTS {PAIRS_TABLE} (
            article INTEGER NOT NULL, near_article INTEGER NOT NULL, similarity REAL NOT NULL,
            found_at TEXT NOT NULL, PRIMARY KEY (article, near_article));
        CREATE INDEX IF NOT EXISTS idx_{PAIRS_TABLE}_near ON {PAIRS_TABLE} (near_article);
        CREATE VIEW IF NOT EXISTS {VIEW} AS
            SELECT a.url AS url, b.url AS near_url, a.lang AS lang, p.similarity AS similarity,
                   p.found_at AS found_at
            FROM {PAIRS_TABLE} p JOIN articles a ON a.rowid = p.article
            JOIN articles b ON b.rowid = p.near_article;
        CREATE TRIGGER IF NOT EXISTS articles_near_duplicates_delete AFTER DELETE ON articles BEGIN
            DELETE FROM {KEYS_TABLE} WHERE article = old.rowid;
            DELETE FROM {PAIRS_TABLE} WHERE article = old.rowid OR near_article = old.rowid;
        END;
        """
    )


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def anchors(lang: str | None, body: str) -> set[int]:
    """The hashes a text files itself under: its first long paragraph and its longest."""
    paragraphs = [" ".join(words(p)) for p in body.split("\n\n")]
    long = [p for p in paragraphs if len(p) >= _ANCHOR_CHARS]
    if not long:
        return set()
    return {stable_hash(f"{lang}\n{p}") for p in (long[0], max(long, key=len))}


def similarity(first: str, second: str) -> float:
    """Jaccard similarity of the two texts' word 3-shingles."""
    a, b = _shingles(first), _shingles(second)
    return len(a & b) / len(a | b) if a or b else 1.0


def link(db: sqlite_utils.Database, texts: Iterable[tuple[int, str | None, str]], found_at: str) -> int:
    """File each (article rowid, lang, body) anew and link it to the archived texts it nearly
    repeats; returns the pairs written. The caller holds the write transaction."""
    texts = list(texts)
    rowids = [rowid for rowid, _, _ in texts]
    db.conn.executemany(f"DELETE FROM {KEYS_TABLE} WHERE article = ?", [(r,) for r in rowids])
    db.conn.executemany(
        f"DELETE FROM {PAIRS_TABLE} WHERE article = ? OR near_article = ?", [(r, r) for r in rowids]
    )
    pairs = []
    for rowid, lang, body in texts:
        filed = anchors(lang, body)
        for other in _sharing(db, filed, rowid):
            other_body = db.execute("SELECT body FROM articles WHERE rowid = ?", [other]).fetchone()
            if other_body and (score := similarity(body, other_body[0])) >= SIMILAR_AT:
                pairs.append((min(rowid, other), max(rowid, other), round(score, 4), found_at))
        db.conn.executemany(f"INSERT INTO {KEYS_TABLE} VALUES (?, ?)", [(a, rowid) for a in filed])
    db.conn.executemany(f"INSERT OR REPLACE INTO {PAIRS_TABLE} VALUES (?, ?, ?, ?)", pairs)
    return len(pairs)


def _sharing(db: sqlite_utils.Database, filed: set[int], rowid: int) -> set[int]:
    """The texts filed under the same anchors; none from an anchor that many texts share (a
    standard paragraph, such as an accreditation notice: it makes no text a copy of another)."""
    others: set[int] = set()
    for anchor in filed:
        rows = db.execute(
            f"SELECT article FROM {KEYS_TABLE} WHERE anchor = ? LIMIT {MAX_SHARING + 1}", [anchor]
        ).fetchall()
        if len(rows) <= MAX_SHARING:
            others |= {other for (other,) in rows if other != rowid}
    return others


def _shingles(text: str) -> set[str]:
    tokens = words(text)
    return {" ".join(tokens[i : i + 3]) for i in range(max(len(tokens) - 2, 1))}
