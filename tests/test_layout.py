"""The code's layout is its data flow: imports point one way (commands → crawl / serve →
archive → extract → urls, dates), nothing imports in a circle, modules and functions stay
short, and the README's picture names every subpackage there is."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    path for folder in ("natocrawl", "spiders", "pipelines") for path in sorted((ROOT / folder).rglob("*.py"))
]
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60

# Rank of each layer: a module may import its own layer and layers of a lower rank. crawl and
# serve share a rank but may not import each other; the replica stands apart (it is the portal).
LAYERS = {"base": 0, "extract": 1, "archive": 2, "crawl": 3, "serve": 3, "cli": 4}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    if module.startswith(("spiders", "pipelines", "natocrawl.crawl")):
        return "crawl"
    for name in ("extract", "archive", "serve", "replica"):
        if module.startswith(f"natocrawl.{name}"):
            return name
    return "cli" if module == "natocrawl.cli" else "base"


def imports(path: Path) -> set[str]:
    """Every project module `path` imports, at any depth (functions and TYPE_CHECKING included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from a.b import c`: c is a module or a name in a.b; resolve() tells which.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("natocrawl", "spiders", "pipelines")}


GRAPH = {module_name(path): imports(path) for path in SOURCES}


def resolve(name: str) -> str | None:
    """The module an imported name belongs to (`a.b.func` → `a.b`)."""
    while name and name not in GRAPH:
        name = name.rpartition(".")[0]
    return name or None


def allowed(importer: str, imported: str) -> bool:
    source, target = layer(importer), layer(imported)
    if source == "replica" or target == "replica":
        return source == target or source in ("serve", "cli")
    if {source, target} == {"crawl", "serve"}:
        return False
    return LAYERS[target] <= LAYERS[source]


def test_imports_point_one_way():
    wrong = sorted(
        f"{module} imports {target}"
        for module, names in GRAPH.items()
        for name in names
        if (target := resolve(name)) and not allowed(module, target)
    )
    assert wrong == []


def test_no_import_cycles():
    edges = {
        module: {target for name in names if (target := resolve(name)) and target != module}
        for module, names in GRAPH.items()
    }
    # A package's __init__ and its own modules are one unit for Python's import machinery only
    # when the package imports them; that is an edge like any other.
    state, cycles = {}, []

    def visit(module, trail):
        state[module] = "open"
        for target in edges.get(module, ()):
            if state.get(target) == "open":
                cycles.append(
                    trail[trail.index(target) :] + [target] if target in trail else [module, target]
                )
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def short_enough(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} has {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_modules_and_functions_are_short(path):
    assert short_enough(path) == []
    if "replica" not in path.parts:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


def test_the_readme_picture_names_every_subpackage_and_no_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1]
    picture = section.split("```", 2)[1]
    drawn = set(re.findall(r"natocrawl/(\w+)/", picture))
    packages = {path.parent.name for path in (ROOT / "natocrawl").glob("*/__init__.py")}
    assert drawn == packages
    for folder in ("spiders", "pipelines", "bench", "deploy", "tests"):
        assert f"{folder}/" in picture and (ROOT / folder).is_dir()
