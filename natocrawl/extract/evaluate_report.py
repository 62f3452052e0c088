"""`natocrawl evaluate [DIR…]`: the extractor scored on gold sets (natocrawl.extract.evaluate),
next to Trafilatura: page by page, overall, per markup family, and the five worst pages."""

import json
from collections.abc import Iterator
from pathlib import Path

import click

from natocrawl.extract.evaluate import (
    DEFAULT_GOLD_DIRS,
    FAMILY_FLOOR,
    METADATA_FIELDS,
    PageScore,
    evaluate,
    family_summaries,
    load_gold,
    summary,
    worst_pages,
)


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


def _family_lines(ours: dict[str, dict], theirs: dict[str, dict]) -> Iterator[str]:
    yield (
        f"{'family':<20} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6} {'leak':>4}   "
        f"{'trafilatura P/R':>15}"
    )
    for family, mine in ours.items():
        other = theirs[family]
        below = " < floor" if min(mine["precision"], mine["recall"]) < FAMILY_FLOOR else ""
        yield (
            f"{family or '-':<20} {mine['pages']:>5} {mine['precision']:9.3f} {mine['recall']:7.3f} "
            f"{mine['f1']:6.3f} {mine['chrome_leaked']:>4}   {other['precision']:7.3f} {other['recall']:7.3f}"
            f"{below}"
        )


def _worst_lines(scores: list[PageScore]) -> Iterator[str]:
    yield f"{'worst pages':<44} {'precision':>9} {'recall':>7} {'F1':>6}"
    for score in worst_pages(scores):
        yield f"{score.name[:44]:<44} {score.precision:9.3f} {score.recall:7.3f} {score.f1:6.3f}"


def _percent(accuracy: float | None) -> str:
    """n/a: the extractor does not produce the field, or no page annotates it."""
    return f"{accuracy:12.1%}" if accuracy is not None else f"{'n/a':>12}"


def _page_json(score: PageScore) -> dict:
    return {
        "family": score.family,
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "chrome_leaked": score.chrome_leaked,
        "metadata": score.metadata,
    }


@click.command("evaluate")
@click.argument("directories", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def evaluate_command(directories, as_json):
    """Score extraction on annotated pages (default: the gold sets under tests/gold and
    tests/gold_second), next to trafilatura.extract: per page, overall, per markup family
    (the floor is 0.98 in precision and recall) and the five worst pages."""
    directories = directories or tuple(d for d in DEFAULT_GOLD_DIRS if d.is_dir()) or DEFAULT_GOLD_DIRS[:1]
    pages = [page for directory in directories for page in load_gold(directory)]
    ours, theirs = evaluate(pages, "natocrawl"), evaluate(pages, "trafilatura")
    totals = {"natocrawl": summary(ours), "trafilatura": summary(theirs)}
    families = {"natocrawl": family_summaries(ours), "trafilatura": family_summaries(theirs)}
    if as_json:
        per_page = [
            {"page": mine.name, "natocrawl": _page_json(mine), "trafilatura": _page_json(other)}
            for mine, other in zip(ours, theirs)
        ]
        worst = [score.name for score in worst_pages(ours)]
        click.echo(
            json.dumps({"overall": totals, "families": families, "worst": worst, "pages": per_page}, indent=1)
        )
        return
    lines = (
        *_rows(ours, theirs),
        "",
        *_summary_lines(totals["natocrawl"], totals["trafilatura"]),
        "",
        *_family_lines(families["natocrawl"], families["trafilatura"]),
        "",
        *_worst_lines(ours),
    )
    for line in lines:
        click.echo(line)
