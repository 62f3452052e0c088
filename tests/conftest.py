"""Shared fixtures: the replica portal on 127.0.0.1 and a real crawl of it."""

import os
import socket
import subprocess
from pathlib import Path

import pytest
import sqlite_utils

from natocrawl.replica import Site, start_server
from natocrawl.serve.demo import crawl_command

ROOT = Path(__file__).resolve().parent.parent
REPLICA_PAGES = 60


def run_scrapy_crawl(
    base_url: str, archive: Path, *args: str, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """`scrapy crawl nato` exactly as the README gives it, in a child process."""
    command = crawl_command(base_url, archive, *args)
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening on it (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def replica_site():
    return Site(seed=1, pages=REPLICA_PAGES)


@pytest.fixture(scope="session")
def replica(replica_site):
    with start_server(replica_site) as server:
        yield server


@pytest.fixture(scope="session")
def crawled(replica, tmp_path_factory):
    """One real crawl of the replica into a fresh archive: (archive path, process result)."""
    archive = tmp_path_factory.mktemp("crawl") / "archive.db"
    log_start = len(replica.request_log)
    result = run_scrapy_crawl(replica.base_url, archive)
    assert result.returncode == 0, result.stderr[-3000:]
    return archive, result, list(replica.request_log)[log_start:]


@pytest.fixture(scope="session")
def archive(crawled):
    path, _result, _log = crawled
    db = sqlite_utils.Database(path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def rows(archive):
    """The crawled archive's articles by URL."""
    return {row["url"]: row for row in archive["articles"].rows}


@pytest.fixture(scope="session")
def aliases(archive):
    return {row["alias"]: row["url"] for row in archive["aliases"].rows}
