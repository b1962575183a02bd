"""The import layers, read from the source (AST): no cycles between the apps, and nothing in the
project's shared layer (everything in bishkek_ogp/ but the modules that assemble the apps) imports
an app. The test harness and the benchmark keep to their own helpers."""

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("commitments", "monitoring", "feedback", "participation")
# The project modules that put the apps together: URLs, pages and search reading several apps,
# the app list.
ASSEMBLY = {
    "bishkek_ogp.urls",
    "bishkek_ogp.api_urls",
    "bishkek_ogp.views",
    "bishkek_ogp.search",
    "bishkek_ogp.sitemaps",
    "bishkek_ogp.web",
    "bishkek_ogp.apps",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports, at its top or inside a function, relative imports resolved."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names}
    return found


def sources(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)


def top(name: str) -> str:
    return name.split(".")[0]


def test_the_apps_import_each_other_without_a_cycle():
    depends = {app: set() for app in APPS}
    for app in APPS:
        for path in sources(app):
            depends[app] |= {top(name) for name in imports(path)} & set(APPS) - {app}
    for first, second in itertools.permutations(APPS, 2):
        assert not (second in depends[first] and first in depends[second]), (
            f"{first} and {second} import each other"
        )
    # With three apps a cycle of three would also show as a pair above once drawn; check it.
    for a, b, c in itertools.permutations(APPS, 3):
        assert not (b in depends[a] and c in depends[b] and a in depends[c])


SHARED_LAYER = [p for p in sources("bishkek_ogp") if module_name(p) not in ASSEMBLY]


@pytest.mark.parametrize("path", SHARED_LAYER, ids=module_name)
def test_the_shared_layer_imports_no_app(path):
    assert not {top(name) for name in imports(path)} & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_modules_that_assemble_the_apps(app):
    for path in sources(app):
        assert not imports(path) & ASSEMBLY, path


def test_migrations_import_no_seeding_code():
    for path in ROOT.glob("*/migrations/0*.py"):
        names = {name for name in imports(path) if top(name) in APPS}
        # Field defaults and validators are referenced by path, as makemigrations writes them.
        assert names <= {"commitments.models.base", "commitments.uploads"}, path


def test_the_benchmark_does_not_import_the_tests():
    for path in sources("bench"):
        assert "tests" not in {top(name) for name in imports(path)}, path


def test_the_test_servers_import_no_product_code():
    product = {*APPS, "bishkek_ogp"}
    for path in sources("tools"):
        assert not {top(name) for name in imports(path)} & product, path
