"""Extraction on saved replica pages: every markup family, page type and language, both
chrome variants in both languages, a French URL with an English body, a repeated lead."""

import gzip
import json
from pathlib import Path

import pytest

from natocrawl.extract import extract
from natocrawl.extract.chrome import is_chrome_text

SAVED = Path(__file__).parent / "fixtures" / "replica"
EXPECTED = json.loads((SAVED / "expected.json").read_text(encoding="utf-8"))


def test_the_saved_pages_cover_every_family_type_language_and_chrome_variant():
    pages = EXPECTED.values()
    assert {page["family"] for page in pages} >= {"aem", "hashed", "cps", "semantic"}
    assert {page["type"] for page in pages} == {"news", "transcript", "media-advisory", "official-text", "page",
                                                "event"}
    assert {page["chrome"] for page in pages} == {"en-full", "en-short", "fr-full", "fr-short"}
    assert any(page["lang"] != page["content_lang"] for page in pages)
    assert any(page["repeated_lead"] for page in pages)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_page_extracts_exactly(name):
    wanted = EXPECTED[name]
    article = extract(gzip.decompress((SAVED / name).read_bytes()), wanted["url"])
    assert article.paragraphs == wanted["paragraphs"]
    assert not any(is_chrome_text(paragraph) for paragraph in article.paragraphs)
    for field in ("title", "type", "lang", "content_lang", "published", "updated"):
        assert getattr(article, field) == wanted[field], field
