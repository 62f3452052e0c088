"""What the crawl's processes load: numpy (12 MB, for py3langid's model) only where a text
needs the model, never in the crawl's own process nor for Trafilatura."""

import json
import subprocess
import sys

REPORT = "import json, sys; print(json.dumps({name: name in sys.modules for name in ('numpy', 'py3langid')}))"


def loaded(code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\n{REPORT}"], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_the_crawl_process_writes_with_sqlite_utils_but_without_numpy():
    crawl = (
        "import natocrawl.crawl.commands, spiders.nato, pipelines.store, pipelines.extract\n"
        "import sqlite_utils.db\n"
        "assert sqlite_utils.db.np is None and sqlite_utils.db.pd is None"
    )
    assert loaded(crawl) == {"numpy": False, "py3langid": False}
    # Hidden only while sqlite-utils was imported: what needs numpy later still finds it.
    assert loaded(f"{crawl}\nimport numpy") == {"numpy": True, "py3langid": False}


def test_a_worker_extracts_a_clear_english_page_without_py3langid():
    page = "<html><body><article>" + "<p>The Allies agreed on the plan and the next steps of it.</p>" * 5
    worker = (
        "from natocrawl.extract.pool import extract_in_worker\n"
        f"article, _lines, _keys = extract_in_worker({page!r} + '</article></body></html>', "
        "'https://www.nato.int/cps/en/natohq/news_1.htm')\n"
        "assert article.content_lang == 'en' and article.body"
    )
    assert loaded(worker) == {"numpy": False, "py3langid": False}
