#!/usr/bin/env python3
"""The two commands of the README, on a machine with only python3 and pip:

    python3 tasks.py demo   # replica → crawl → archive.db → Datasette on http://127.0.0.1:8001
    python3 tasks.py test   # the test suite
    python3 tasks.py lint   # ruff: lint and format check (CI runs it before the tests)

Both first make `.venv` from the pinned lock file (again only when the lock changes).
Anything after the task name is passed on (`python3 tasks.py test -k extract`).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".natocrawl-installed"
TASKS = {
    "demo": [str(BIN / "natocrawl"), "demo"],
    "test": [str(BIN / "python"), "-m", "pytest", "-n", "2", "--dist", "loadfile"],
    "lint": [str(BIN / "ruff"), "check", "."],
}


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not (BIN / "python").exists():
        print("creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    print("installing pinned dependencies from requirements.lock …", flush=True)
    subprocess.run([*pip, "-r", str(LOCK)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(_fingerprint())


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [args…]", file=sys.stderr)
        return 2
    try:
        ensure_environment()
    except subprocess.CalledProcessError as error:
        print(f"tasks.py: installing the environment failed ({error})", file=sys.stderr)
        return 1
    os.chdir(ROOT)
    try:
        if argv[0] == "lint":
            # Both, whatever the first says: one run lists every problem.
            checked = subprocess.run([*TASKS["lint"], *argv[1:]], check=False).returncode
            formatted = subprocess.run([str(BIN / "ruff"), "format", "--check", "."], check=False).returncode
            return checked or formatted
        return subprocess.run([*TASKS[argv[0]], *argv[1:]], check=False).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
