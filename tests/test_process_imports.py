"""What the crawl's processes load: numpy (12 MB, for py3langid's model) only where a text
needs the model, never in the crawl's own process nor for Trafilatura; neither pydantic nor
aiohttp's server (7 and 10 MB) in the crawl's process."""

import json
import subprocess
import sys

from natocrawl import settings

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


def test_a_real_crawl_loads_neither_pydantic_nor_aiohttp_nor_numpy(replica, tmp_path):
    # The whole `scrapy crawl` process: Scrapy's commands import itemadapter, and Scrapy
    # imports every extension its settings name, before any of our code runs but the settings.
    from conftest import run_scrapy_crawl

    probe, names = tmp_path / "modules.json", ("pydantic", "aiohttp", "numpy", "scrapy", "itemadapter")
    extensions = {**settings.EXTENSIONS, "tests.crawl_probe.ModulesProbe": 0}
    result = run_scrapy_crawl(
        replica.base_url,
        tmp_path / "archive.db",
        *("-s", f"EXTENSIONS={json.dumps(extensions)}", "-s", f"PROBE_FILE={probe}"),
        *("-s", f"PROBE_MODULES={','.join(names)}", "-a", "types=event"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(probe.read_text()) == {
        "pydantic": False,
        "aiohttp": False,
        "numpy": False,
        "scrapy": True,
        "itemadapter": True,
    }
