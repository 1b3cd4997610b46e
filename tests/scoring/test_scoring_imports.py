"""The scoring core stays light and framework-free."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hackathon" / "scoring"
HEAVY = ("skcriteria", "matplotlib", "pandas", "seaborn", "sklearn", "scipy")


def test_importing_the_scoring_package_loads_no_heavy_library() -> None:
    """scikit-criteria (2 s, 200 MB) and friends are imported only when ranking."""
    code = (
        "import sys, hackathon.scoring, hackathon.scoring.commands; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"


def imports_of(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module, at module level?) for every import statement in a module."""
    found = []
    top_level = {id(node) for node in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, id(node) in top_level))
    return found


def test_no_flask_or_sqlalchemy_and_heavy_imports_only_inside_functions() -> None:
    """The core never imports the web stack; slow libraries only inside functions."""
    for path in PACKAGE.glob("*.py"):
        for module, top_level in imports_of(ast.parse(path.read_text(encoding="utf-8"))):
            root = module.split(".")[0]
            assert root not in {"flask", "flask_sqlalchemy", "sqlalchemy"}, (path, module)
            if root in HEAVY or root == "krippendorff":
                assert not top_level, (path, module)
