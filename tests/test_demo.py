"""The main job as the README runs it: `natocrawl demo`, twice on the same archive."""

import socket
import subprocess
import sys

import sqlite_utils

from conftest import ROOT, free_port


def demo(archive, port: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from natocrawl.cli import main; main()",
            "demo",
            "--no-serve",
            "--pages",
            "40",
            "--db",
            str(archive),
            "--replica-port",
            str(port),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def test_demo_archives_the_replica_and_a_second_run_finds_nothing_new(tmp_path):
    archive, port = tmp_path / "demo.db", free_port()
    first = demo(archive, port)
    assert first.returncode == 0, first.stderr[-2000:]
    db = sqlite_utils.Database(archive)
    stored = db["articles"].count
    assert stored >= 35
    assert f"archived {stored} articles" in first.stdout
    assert f"{stored} new, 0 changed, 0 updated, 0 unchanged" in first.stdout

    second = demo(archive, port)
    assert second.returncode == 0, second.stderr[-2000:]
    assert db["articles"].count == stored
    # the second run asks for no article again: the sitemaps' lastmod says none changed
    assert "0 new, 0 changed, 0 updated, 0 unchanged, 0 not modified, 0 removed" in second.stdout
    skipped = db.execute("SELECT skipped FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert skipped >= stored
    assert [row["finish_reason"] for row in db["crawl_runs"].rows] == ["finished", "finished"]


def test_demo_refuses_a_busy_replica_port_in_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = demo(tmp_path / "demo.db", busy.getsockname()[1])
    assert result.returncode == 1
    assert result.stderr.strip().startswith("natocrawl: cannot start the replica on 127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1
