"""The extractor scored on annotated pages (`natocrawl evaluate`: evaluate_report.py).

A gold page is `NAME.html` (or `NAME.html.gz`) beside `NAME.json`, whose keys are the
expected `url, title, type, lang, content_lang, published, updated, paragraphs`, and
optionally `subtitle, speakers, image_url`. The body is scored as Trafilatura's own
evaluation does it: bags of words, precision, recall, F1. Each metadata field is scored
exactly, on the pages whose annotation has it.
"""

import gzip
import json
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

from natocrawl.extract import ExtractionError, extract
from natocrawl.extract.chrome import CHROME_LINES

METADATA_FIELDS = (
    "title",
    "published",
    "updated",
    "type",
    "lang",
    "content_lang",
    "subtitle",
    "speakers",
    "image_url",
)
# The first gold set, and the second, written apart from the extractor (issue 14).
DEFAULT_GOLD_DIRS = (Path("tests") / "gold", Path("tests") / "gold_second")
# Below this word precision or recall, a markup family fails the gate (tests/test_gold.py).
FAMILY_FLOOR = 0.98


@dataclass(frozen=True)
class GoldPage:
    name: str
    html: bytes
    expected: dict


@dataclass
class PageScore:
    name: str
    common: int  # words found in both, counted with multiplicity
    extracted: int
    expected: int
    chrome_leaked: int
    metadata: dict = field(default_factory=dict)  # annotated field -> True/False (None: not produced)
    family: str = ""  # the page's markup family, as its annotation names it

    @property
    def precision(self) -> float:
        return self.common / self.extracted if self.extracted else float(not self.expected)

    @property
    def recall(self) -> float:
        return self.common / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_gold(directory: Path) -> list[GoldPage]:
    pages = []
    for annotation in sorted(directory.rglob("*.json")):
        html_file = next(
            (p for p in (annotation.with_suffix(".html"), annotation.with_suffix(".html.gz")) if p.exists()),
            None,
        )
        if html_file is None:
            raise click.ClickException(f"{annotation} has no .html or .html.gz beside it")
        raw = html_file.read_bytes()
        html = gzip.decompress(raw) if html_file.suffix == ".gz" else raw
        pages.append(GoldPage(annotation.stem, html, json.loads(annotation.read_text(encoding="utf-8"))))
    if not pages:
        raise click.ClickException(f"no gold pages (NAME.json beside NAME.html) under {directory}")
    return pages


def _leak_key(text: str) -> str:
    # The scorer's own comparison, independent of the extractor's filter it judges.
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return "".join(text.split()).casefold()


_CHROME_KEYS = frozenset(_leak_key(line) for line in CHROME_LINES)


def count_chrome_leaks(paragraphs: list[str], expected: list[str]) -> int:
    """Extracted paragraphs that are a chrome line, beyond those the page's own text holds
    (an advisory may have a "Create an account" subheading)."""
    allowed = Counter(_leak_key(text) for text in expected)
    leaked = Counter(key for key in map(_leak_key, paragraphs) if key in _CHROME_KEYS)
    return sum((leaked - allowed).values())


def score_page(page: GoldPage, paragraphs: list[str], metadata: dict) -> PageScore:
    expected_words = Counter(" ".join(page.expected["paragraphs"]).split())
    got_words = Counter(" ".join(paragraphs).split())
    return PageScore(
        name=page.name,
        common=sum((expected_words & got_words).values()),
        extracted=sum(got_words.values()),
        expected=sum(expected_words.values()),
        chrome_leaked=count_chrome_leaks(paragraphs, page.expected["paragraphs"]),
        family=page.expected.get("family", ""),
        metadata={
            name: (metadata[name] == page.expected[name]) if name in metadata else None
            for name in METADATA_FIELDS
            if name in page.expected
        },
    )


def natocrawl_result(page: GoldPage) -> tuple[list[str], dict]:
    try:
        article = extract(page.html, page.expected["url"])
    except ExtractionError:
        return [], dict.fromkeys(METADATA_FIELDS)
    record = article.to_dict()  # scored as stored: speakers as a list
    return article.paragraphs, {name: record[name] for name in METADATA_FIELDS}


def trafilatura_result(page: GoldPage) -> tuple[list[str], dict]:
    """Trafilatura's defaults, asked for JSON only to read its title and date too."""
    import trafilatura

    output = trafilatura.extract(
        page.html, url=page.expected["url"], output_format="json", with_metadata=True
    )
    if output is None:
        return [], {}
    result = json.loads(output)
    paragraphs = [line.strip() for line in (result.get("text") or "").splitlines() if line.strip()]
    return paragraphs, {
        "title": result.get("title"),
        "published": result.get("date"),
        "image_url": result.get("image"),
    }


EXTRACTORS: dict[str, Callable[[GoldPage], tuple[list[str], dict]]] = {
    "natocrawl": natocrawl_result,
    "trafilatura": trafilatura_result,
}


def evaluate(pages: list[GoldPage], extractor: str = "natocrawl") -> list[PageScore]:
    run = EXTRACTORS[extractor]
    return [score_page(page, *run(page)) for page in pages]


def summary(scores: list[PageScore]) -> dict:
    common = sum(s.common for s in scores)
    extracted = sum(s.extracted for s in scores)
    expected = sum(s.expected for s in scores)
    pooled = PageScore("all", common, extracted, expected, 0)
    accuracy = {}
    for name in METADATA_FIELDS:
        annotated = [s.metadata[name] for s in scores if name in s.metadata]
        judged = [right for right in annotated if right is not None]
        # Over the annotated pages: a field the extractor did not produce there counts as wrong.
        accuracy[name] = sum(judged) / len(annotated) if judged else None
    return {
        "pages": len(scores),
        "precision": pooled.precision,
        "recall": pooled.recall,
        "f1": pooled.f1,
        "mean_page_f1": sum(s.f1 for s in scores) / len(scores),
        "worst_page_f1": min(s.f1 for s in scores),
        "chrome_leaked": sum(s.chrome_leaked for s in scores),
        "pages_with_chrome": sum(1 for s in scores if s.chrome_leaked),
        "accuracy": accuracy,
    }


def family_summaries(scores: list[PageScore]) -> dict[str, dict]:
    """The summary of each markup family's pages, families in name order."""
    families: dict[str, list[PageScore]] = {}
    for score in scores:
        families.setdefault(score.family, []).append(score)
    return {family: summary(families[family]) for family in sorted(families)}


def failing_families(scores: list[PageScore], floor: float = FAMILY_FLOOR) -> list[str]:
    """Families below the floor in word precision or recall, or leaking chrome, each said."""
    return [
        f"{family}: precision {totals['precision']:.3f}, recall {totals['recall']:.3f}, "
        f"{totals['chrome_leaked']} chrome lines"
        for family, totals in family_summaries(scores).items()
        if min(totals["precision"], totals["recall"]) < floor or totals["chrome_leaked"]
    ]


def worst_pages(scores: list[PageScore], count: int = 5) -> list[PageScore]:
    return sorted(scores, key=lambda score: (score.f1, score.name))[:count]
