"""deploy/: the cron line and the systemd units run the crawl the README documents, and agree
with natocrawl.archive.lock on the exit code of a run the lock turned away."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from natocrawl.archive.lock import EX_TEMPFAIL

from conftest import ROOT

DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CHECKOUT = "/srv/natocrawl"


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file as {section: {key: [values]}}; every line must be a comment, a
    [Section] or key=value inside a section."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, line in enumerate((DEPLOY / name).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if match := re.fullmatch(r"\[([A-Za-z]+)\]", line):
            current = sections.setdefault(match.group(1), {})
            continue
        match = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)=(.*)", line)
        assert match and current is not None, f"{name}:{number}: {line!r} is not key=value in a section"
        current.setdefault(match.group(1), []).append(match.group(2))
    return sections


def test_the_service_runs_the_crawl_once_from_the_checkout_and_accepts_a_run_the_lock_turned_away():
    service = unit("natocrawl-crawl.service")
    assert set(service) == {"Unit", "Service"}
    options = {key: values[-1] for key, values in service["Service"].items()}
    assert options["Type"] == "oneshot"
    assert options["WorkingDirectory"] == CHECKOUT
    assert re.fullmatch(rf"{CHECKOUT}/\.venv/bin/scrapy crawl nato -s ARCHIVE_DB=\S+", options["ExecStart"])
    assert options["SuccessExitStatus"].split() == [str(EX_TEMPFAIL)]
    assert options["IOSchedulingClass"] == "idle" and int(options["Nice"]) > 0
    text = (DEPLOY / "natocrawl-crawl.service").read_text(encoding="utf-8")
    assert "ARCHIVE_DB" in text.split("ExecStart=")[0]  # the comment on setting it


def test_the_timer_starts_the_service_nightly_and_catches_up_missed_nights():
    timer = unit("natocrawl-crawl.timer")
    options = {key: values[-1] for key, values in timer["Timer"].items()}
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d(:\d\d)?", options["OnCalendar"])
    assert options["RandomizedDelaySec"] and options["Persistent"] == "true"
    assert options["Unit"] == "natocrawl-crawl.service"
    assert timer["Install"]["WantedBy"] == ["timers.target"]


def test_the_crontab_has_one_nightly_line_that_logs_and_explains_exit_75():
    text = (DEPLOY / "crontab").read_text(encoding="utf-8")
    entries = [
        line
        for line in text.splitlines()
        if line.strip() and not line.startswith("#") and not re.match(r"[A-Z]+=", line)
    ]
    assert len(entries) == 1
    minute, hour, day, month, weekday, command = entries[0].split(None, 5)
    assert minute.isdigit() and hour.isdigit() and (day, month, weekday) == ("*", "*", "*")
    assert command.startswith(f"cd {CHECKOUT} && .venv/bin/scrapy crawl nato ")
    assert re.search(r">> \S+\.log 2>&1$", command)
    assert "%" not in command  # cron would cut the line there
    assert f"exit code {EX_TEMPFAIL}" in text


def test_the_readme_shows_how_to_install_them_and_the_exit_codes():
    section = README.split("### Nightly runs", 1)[1].split("\n### ", 1)[0]
    for command in (
        "crontab -u natocrawl deploy/crontab",
        "sudo cp deploy/natocrawl-crawl.service deploy/natocrawl-crawl.timer /etc/systemd/system/",
        "systemctl daemon-reload",
        "systemctl enable --now natocrawl-crawl.timer",
        "journalctl -u natocrawl-crawl.service",
        "natocrawl status",
    ):
        assert command in section, command
    assert re.search(rf"\b0 the run is done; 1 .*; 2 bad input.*; {EX_TEMPFAIL}\b", " ".join(section.split()))
    assert (
        README.index("### Crawl the live portal")
        < README.index("### Nightly runs")
        < README.index("### Read, search, export")
    )


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    # the placeholders made real for the check: this checkout's scrapy, the current user
    service = (DEPLOY / "natocrawl-crawl.service").read_text(encoding="utf-8")
    service = service.replace(f"{CHECKOUT}/.venv/bin/scrapy", str(Path(sys.executable).parent / "scrapy"))
    service = re.sub(r"(?m)^(User|Group)=.*\n", "", service)
    (tmp_path / "natocrawl-crawl.service").write_text(service, encoding="utf-8")
    shutil.copy(DEPLOY / "natocrawl-crawl.timer", tmp_path)
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(p) for p in sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "natocrawl-crawl" not in result.stderr, result.stderr  # no warning about our units


def test_paths_are_explained_where_they_are_placeholders():
    for name in ("crontab", "natocrawl-crawl.service"):
        text = (DEPLOY / name).read_text(encoding="utf-8")
        comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        assert "Placeholders" in comments and CHECKOUT in comments, name
