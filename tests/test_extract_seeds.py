"""The two seed pages: as a naive extractor captured them, chrome lines first, then the
article. Wrapped as pages two ways, they must come out as exactly their article lines."""

import html
from pathlib import Path

import pytest

from natocrawl.extract import extract
from natocrawl.extract.chrome import is_chrome_text

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
URL = "https://www.nato.int/fr/news-and-events/articles/news/2024/11/18/secretaire-general"


def split_seed(path: Path) -> tuple[list[str], list[str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    chrome_count = next(i for i, line in enumerate(lines) if not is_chrome_text(line))
    return lines[:chrome_count], lines[chrome_count:]


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)


def hidden_modals(chrome: list[str], article: list[str]) -> str:
    half = len(chrome) // 2
    return f"""<!doctype html><html lang="fr"><head><title>Entretien | OTAN</title></head><body>
<header><a href="/fr">OTAN</a></header>
<div class="modal fade" aria-hidden="true" style="display: none">{paragraphs(chrome[:half])}</div>
<div id="m2" hidden>{paragraphs(chrome[half:])}</div>
<div class="page"><h1>Entretien du secrétaire général</h1><div class="text">{paragraphs(article)}</div></div>
<footer><a href="/fr/contact">Contact</a></footer></body></html>"""


def plain_siblings(chrome: list[str], article: list[str]) -> str:
    return f"""<!doctype html><html lang="fr"><head><title>Entretien | OTAN</title></head><body>
<div><h1>Entretien du secrétaire général</h1>
<section>{paragraphs(chrome)}{paragraphs(article)}</section></div></body></html>"""


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("wrap", [hidden_modals, plain_siblings], ids=lambda f: f.__name__)
def test_seed_page_comes_out_as_exactly_its_article(seed, wrap):
    chrome, article = split_seed(seed)
    assert len(chrome) == 8 and len(article) >= 4
    extracted = extract(wrap(chrome, article), URL)
    assert extracted.paragraphs == article
    assert extracted.title == "Entretien du secrétaire général"
    assert extracted.content_lang == "fr"
    assert extracted.published == "2024-11-18"


def test_seeds_are_present():
    assert len(SEEDS) == 2
