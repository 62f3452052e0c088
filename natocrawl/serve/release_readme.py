"""The README.md of a release: what it covers, how it was made, its files and codebook."""

from natocrawl.archive import codebook
from natocrawl.serve.export import DATASETS


def readme(facts: dict, resources: list[dict], known_limits: str) -> str:
    first, last = facts["span"]
    counts = facts["counts"]
    parts = [
        f"# NATO news portal archive, release {facts['name']}\n",
        "Pages of NATO's public news portal (www.nato.int) in English and French, archived by "
        "natocrawl: the text of each page without the site's menus and dialogs, dated, linked to "
        "its translation, with every earlier version NATO's edits replaced. Cite it with "
        "`CITATION.cff`; check the files with `sha256sum -c SHA256SUMS`; browse it with "
        "`natocrawl serve --release .`\n",
        "## What it covers\n",
        f"- {counts['articles']:,} pages, published {first} to {last}; "
        f"{facts['removed']:,} of them no longer served by the portal (`removed_at`)",
        f"- {counts['versions']:,} versions of their texts, "
        f"{counts['aliases']:,} other URLs they are known under",
        f"- {counts['pairs']:,} English pages with their French translation; "
        f"{counts['aligned']:,} aligned paragraph beads",
        f"- {counts['crawl_runs']:,} crawl runs\n",
        "### Pages by year, type and language\n",
        "| year | type | en | fr |",
        "|---|---|---|---|",
        *(f"| {year} | {kind} | {en} | {fr} |" for year, kind, en, fr in facts["coverage"]),
        "\n### Crawl runs included\n",
        "| run | started | finished | outcome | new | changed | removed | lost or failed |",
        "|---|---|---|---|---|---|---|---|",
        *(f"| {' | '.join('' if value is None else str(value) for value in run)} |" for run in facts["runs"]),
        "\n### Extractor versions\n",
        *(f"- `{version}`: {count:,} pages" for version, count in facts["extractors"]),
        "\n## Known limits\n",
        known_limits,
        "## Files\n",
        "| file | records | bytes | SHA-256 |",
        "|---|---|---|---|",
        *(
            f"| `{resource['path']}` | {_records(resource, counts)} | {resource['bytes']:,} | "
            f"`{resource['hash'].removeprefix('sha256:')}` |"
            for resource in resources
        ),
        "\nEach CSV has a Table Schema in `datapackage.json`; the JSON Lines and Parquet files hold the "
        "same records (arrays as lists; in Parquet dates as dates, times as UTC timestamps).\n",
        "## Codebook\n",
    ]
    for kind in dict.fromkeys(resource["path"].split("/")[-1].split(".")[0] for resource in resources):
        if kind in DATASETS:
            dataset = codebook.dataset(DATASETS[kind])
            parts += [f"### {kind}: {dataset.title}\n", dataset.description + "\n", dataset.markdown() + "\n"]
    return "\n".join(parts)


def _records(resource: dict, counts: dict[str, int]) -> str:
    kind = resource["path"].split("/")[-1].split(".")[0]
    return f"{counts[kind]:,}" if kind in counts else "every table"
