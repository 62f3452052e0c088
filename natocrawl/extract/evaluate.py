"""`natocrawl evaluate [DIR]`: the extractor scored on annotated pages, next to Trafilatura.

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
from collections.abc import Callable, Iterator
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
DEFAULT_GOLD_DIR = Path("tests") / "gold"


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


def _rows(ours: list[PageScore], theirs: list[PageScore]) -> Iterator[str]:
    yield (
        f"{'page':<44} {'natocrawl P/R/F1':>20} {'leak':>4}  {'metadata wrong':<24} "
        f"{'trafilatura F1':>14} {'leak':>4}"
    )
    for mine, other in zip(ours, theirs):
        wrong = ",".join(name for name, right in mine.metadata.items() if right is False) or "-"
        yield (
            f"{mine.name[:44]:<44} {mine.precision:6.3f} {mine.recall:6.3f} {mine.f1:6.3f} "
            f"{mine.chrome_leaked:>4}  {wrong:<24} {other.f1:14.3f} {other.chrome_leaked:>4}"
        )


def _summary_lines(ours: dict, theirs: dict) -> Iterator[str]:
    yield f"{'overall':<28} {'natocrawl':>12} {'trafilatura':>12}"
    for key in ("precision", "recall", "f1", "mean_page_f1", "worst_page_f1"):
        yield f"{key:<28} {ours[key]:12.4f} {theirs[key]:12.4f}"
    yield f"{'chrome lines leaked':<28} {ours['chrome_leaked']:12d} {theirs['chrome_leaked']:12d}"
    yield f"{'pages with chrome':<28} {ours['pages_with_chrome']:12d} {theirs['pages_with_chrome']:12d}"
    for name in METADATA_FIELDS:
        mine, other = ours["accuracy"][name], theirs["accuracy"][name]
        yield f"{name + ' accuracy':<28} {_percent(mine)} {_percent(other)}"


def _percent(accuracy: float | None) -> str:
    """n/a: the extractor does not produce the field, or no page annotates it."""
    return f"{accuracy:12.1%}" if accuracy is not None else f"{'n/a':>12}"


@click.command("evaluate")
@click.argument(
    "directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_GOLD_DIR,
    required=False,
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def evaluate_command(directory, as_json):
    """Score extraction on annotated pages (default tests/gold), next to trafilatura.extract."""
    pages = load_gold(directory)
    ours, theirs = evaluate(pages, "natocrawl"), evaluate(pages, "trafilatura")
    totals = {"natocrawl": summary(ours), "trafilatura": summary(theirs)}
    if as_json:
        per_page = [
            {"page": mine.name, "natocrawl": _page_json(mine), "trafilatura": _page_json(other)}
            for mine, other in zip(ours, theirs)
        ]
        click.echo(json.dumps({"overall": totals, "pages": per_page}, indent=1))
        return
    for line in (*_rows(ours, theirs), "", *_summary_lines(totals["natocrawl"], totals["trafilatura"])):
        click.echo(line)


def _page_json(score: PageScore) -> dict:
    return {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "chrome_leaked": score.chrome_leaked,
        "metadata": score.metadata,
    }
