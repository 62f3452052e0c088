"""NATO rewords its dialogs: a replica whose dialogs use wording that appears nowhere in the
code must still come out clean after a crawl, learned from text repeated across pages, and
the rows stored before the wording was learned must be cleaned too."""

from datetime import date

import sqlite_utils

from natocrawl.extract.chrome import normalize_text
from natocrawl.replica import Site, start_server
from natocrawl.urls import canonical_url

from conftest import run_scrapy_crawl

NEW_WORDING = {
    "en-full": [
        "PRESS VIDEO ACCESS",
        "Broadcast footage for newsrooms, at no cost to you",
        "Sign up",
        "Open your media profile today",
        "Type in the six digits we have just e-mailed to you now",
        "Your media profile is ready and waiting for you",
        "Stay informed with our weekly bulletin",
        "Tick the box below to receive our weekly bulletin in your mailbox every Friday morning.",
        "Forgot your secret phrase? Ask for a fresh one here",
        "Choose a fresh secret phrase now please",
    ],
    "en-short": [
        "Your media profile is ready and waiting for you",
        "Tick the box below to receive our weekly bulletin in your mailbox every Friday morning.",
        "Forgot your secret phrase? Ask for a fresh one here",
        "Type in the six digits we have just e-mailed to you now",
        "Choose a fresh secret phrase now please, twelve signs or more",
    ],
    "fr-full": [
        "ACCÈS VIDÉO PRESSE",
        "Des images pour les rédactions, sans aucun frais pour vous",
        "S'inscrire",
        "Ouvrez votre profil média dès aujourd'hui",
        "Saisissez les six chiffres que nous venons d'envoyer",
        "Votre profil média est prêt et vous attend",
        "Restez informé avec notre bulletin hebdomadaire",
        "Cochez la case ci-dessous pour recevoir notre bulletin chaque vendredi matin dans votre boîte.",
        "Phrase secrète oubliée ? Demandez-en une nouvelle ici",
        "Choisissez une nouvelle phrase secrète",
    ],
    "fr-short": [
        "Votre profil média est prêt et vous attend",
        "Cochez la case ci-dessous pour recevoir notre bulletin chaque vendredi matin dans votre boîte.",
        "Phrase secrète oubliée ? Demandez-en une nouvelle ici",
        "Saisissez les six chiffres que nous venons d'envoyer par courriel",
        "Choisissez une nouvelle phrase secrète de douze signes ou plus",
    ],
}


def key(text: str) -> str:
    return normalize_text(text).replace(" ", "")


def bodies_unlike_the_replica(site, replica, db) -> list[str]:
    rows = {row["url"]: row["body"] for row in db["articles"].rows}
    wrong = []
    for page in site.pages:
        url = canonical_url(replica.base_url + page.path, replica.base_url)
        if (
            page.in_sitemap
            and not page.disallowed
            and url in rows
            and rows[url].split("\n\n") != list(page.paragraphs)
        ):
            wrong.append(url)
    return wrong


def test_reworded_dialogs_are_learned_and_removed_from_every_body(tmp_path):
    site = Site(seed=3, pages=80, chrome_wording=NEW_WORDING)
    archive = tmp_path / "archive.db"
    with start_server(site) as replica:
        first = run_scrapy_crawl(replica.base_url, archive)
        assert first.returncode == 0, first.stderr[-3000:]
        db = sqlite_utils.Database(archive)
        bodies = {row["url"]: row["body"].split("\n\n") for row in db["articles"].rows}
        assert len(bodies) >= 70
        new_lines = {key(line) for lines in NEW_WORDING.values() for line in lines}
        leaked = [(url, p) for url, paragraphs in bodies.items() for p in paragraphs if key(p) in new_lines]
        assert leaked == [], "\n".join(map(str, leaked))
        # Rows stored before the wording was learned were extracted again from their captures.
        assert bodies_unlike_the_replica(site, replica, db) == []
        # two pages whose texts became the same once cleaned are one record and an alias
        assert list(db.query("SELECT url FROM articles WHERE url IN (SELECT alias FROM aliases)")) == []
        assert (
            len({(row["lang"], row["content_hash"]) for row in db["articles"].rows}) == db["articles"].count
        )
        learned = {row["line"] for row in db["boilerplate_lines"].rows if row["learned"]}
        assert learned & new_lines  # what was learned is kept in the archive for the next crawl

        counts = {(row["lang"], row["line"]): row["pages"] for row in db["boilerplate_lines"].rows}
        pages = {row["lang"]: row["pages"] for row in db["boilerplate_pages"].rows}
        assert sum(pages.values()) == db["boilerplate_urls"].count >= len(bodies)

        # The next full crawl takes the learned lines out of each page as it extracts it.
        second = run_scrapy_crawl(replica.base_url, archive, "-a", "full=1")
        assert second.returncode == 0, second.stderr[-3000:]
        # Counted per URL, not per fetch: the same pages fetched again leave the counts as they were.
        assert {row["lang"]: row["pages"] for row in db["boilerplate_pages"].rows} == pages
        assert {(row["lang"], row["line"]): row["pages"] for row in db["boilerplate_lines"].rows} == counts
        assert bodies_unlike_the_replica(site, replica, db) == []
        last_run = list(db["crawl_runs"].rows)[-1]
        assert (last_run["new"], last_run["changed"], last_run["updated"]) == (0, 0, 0)
        # every page was fetched again and found unchanged; a URL found to repeat another's
        # text once both were cleaned is now that page's alias, not a record of its own
        assert last_run["unchanged"] == db["articles"].count
        assert list(db.query("SELECT url FROM articles WHERE url IN (SELECT alias FROM aliases)")) == []

        # A nightly run that meets a few new pages takes out what the archive learned on the
        # others: the new pages alone are too few to learn the dialogs from.
        added = site.mutate(add=6, day=date(2026, 12, 1)).added
        nightly = run_scrapy_crawl(replica.base_url, archive)
        assert nightly.returncode == 0, nightly.stderr[-3000:]
        assert list(db["crawl_runs"].rows)[-1]["new"] == len(added) > 0
        new_bodies = {
            row["url"]: row["body"].split("\n\n")
            for row in db["articles"].rows
            if row["url"] in {canonical_url(replica.base_url + path, replica.base_url) for path in added}
        }
        assert len(new_bodies) == len(added)
        assert [
            (u, p) for u, paragraphs in new_bodies.items() for p in paragraphs if key(p) in new_lines
        ] == []
        assert bodies_unlike_the_replica(site, replica, db) == []
