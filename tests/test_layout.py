"""The layout's rules a reader relies on: the models are imported at the top of a module,
never inside a function, and no layer imports the ones above it (models < workflows <
scheduler, views). docs/layout.md tells the one recursion kept on purpose."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "workflows", "scheduler", "views", "forms", "commands")
# What each package may not import: the layers above it.
ABOVE = {"models": ("workflows", "scheduler", "views", "forms"),
         "workflows": ("scheduler", "views")}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text("utf-8"))


def _imported(node) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


@pytest.mark.parametrize("path,tree", list(_modules()), ids=lambda v: v if isinstance(v, str) else "")
def test_models_at_the_top_and_no_layer_imports_upward(path, tree):
    inside_functions = {id(n) for f in ast.walk(tree)
                        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                        for n in ast.walk(f)}
    package = path.split("/")[0]
    for node in ast.walk(tree):
        for name in _imported(node):
            top = name.split(".")[0]
            assert not (top == "models" and id(node) in inside_functions), \
                f"{path}:{node.lineno} imports {name} inside a function"
            assert top not in ABOVE.get(package, ()), \
                f"{path}:{node.lineno}: {package} imports {name}, a layer above it"
