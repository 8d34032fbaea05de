"""pyproject.toml declares what the package needs: every third-party import, and the Python it uses."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def imported_top_modules(folder: str, *, stdlib: bool = False) -> set[str]:
    found = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return (found if stdlib else found - set(sys.stdlib_module_names)) - {"zsync", "__future__"}


def declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def distributions(modules: set[str]) -> dict[str, set[str]]:
    owners = importlib.metadata.packages_distributions()
    return {m: {d.lower().replace("_", "-") for d in owners.get(m, [m])} for m in modules}


def test_every_third_party_import_of_the_package_is_a_dependency():
    # issue 14: httpx2 was imported but not declared
    deps = declared(PYPROJECT["project"]["dependencies"])
    missing = {m: d for m, d in distributions(imported_top_modules("zsync")).items() if not d & deps}
    assert missing == {}


def test_every_third_party_import_of_the_tests_is_a_test_dependency():
    deps = declared(PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"])
    local = ({p.stem for p in (ROOT / "tests").rglob("*.py")} | {p.name for p in (ROOT / "tests").iterdir() if p.is_dir()}
             | {p.stem for p in (ROOT / "bench").glob("*.py")})  # tests check that bench/ runs the shipped path
    modules = imported_top_modules("tests") - local
    missing = {m: d for m, d in distributions(modules).items() if not d & deps}
    assert missing == {}


def test_requires_python_allows_no_version_without_tomllib():
    # tomllib is in the standard library from 3.11; on 3.10 the install succeeded and zsync crashed
    assert "tomllib" in imported_top_modules("zsync", stdlib=True)
    lowest = re.fullmatch(r">=\s*3\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert lowest and int(lowest[1]) >= 11
