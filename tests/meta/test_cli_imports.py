"""The command line has no import loop: ``isu.cli.common`` and ``isu.cli.i18n`` (the shared
helpers) import no command module, and a command module imports no other command module;
only ``isu.cli`` (``__init__.py``) assembles them. Read from the source with ``ast``, so an
import inside a function counts as much as one at the top."""

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parents[2] / "isu" / "cli"
HELPERS = {"common", "i18n"}


def cli_modules_imported_by(path: Path) -> set[str]:
    """The ``isu.cli`` modules ``path`` imports, by their short name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:  # from . import x / from .x import y
            base = (node.module or "").split(".")[0]
            found.update({base} if base else {alias.name for alias in node.names})
        elif isinstance(node, ast.ImportFrom) and node.module == "isu.cli":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("isu.cli."):
            found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[:2] == ["isu", "cli"]:
                    found.add(parts[2] if len(parts) > 2 else "__init__")
    return found


def offences(folder: Path) -> list[str]:
    modules = {p.stem: p for p in folder.glob("*.py")}
    wrong = []
    for name, path in sorted(modules.items()):
        if name == "__init__":
            continue
        # `from isu.cli import main` (a name, not a module) goes back to the package itself.
        imported = {n if n in modules else "__init__" for n in cli_modules_imported_by(path)}
        allowed = {"i18n"} if name == "common" else set() if name == "i18n" else HELPERS
        for other in sorted(imported - allowed - {name}):
            target = "isu.cli" if other == "__init__" else f"isu.cli.{other}"
            wrong.append(f"isu/cli/{name}.py imports {target}")
    return wrong


def test_no_cli_module_imports_a_command_module_or_the_package():
    assert {"__init__", "cases", "common", "i18n"} <= {p.stem for p in CLI.glob("*.py")}
    assert offences(CLI) == []


def test_the_check_catches_each_kind_of_loop(tmp_path):
    # The attacks the rule is for: a command reaching into another, the shared helpers reaching
    # into a command, a helper that goes back to the package, and the relative spellings.
    (tmp_path / "__init__.py").write_text("from isu.cli import cases, forms\n")
    (tmp_path / "i18n.py").write_text("import os\n")
    (tmp_path / "common.py").write_text("def f():\n    from isu.cli.cases import x\n")
    (tmp_path / "cases.py").write_text("from isu.cli.common import a\nfrom isu.cli import forms\n")
    (tmp_path / "forms.py").write_text("from .cases import y\nimport isu.cli.common\n")
    (tmp_path / "summary.py").write_text("from . import export\nfrom isu.cli import main\n")
    (tmp_path / "export.py").write_text("from isu.cli.i18n import tr\n")
    assert offences(tmp_path) == [
        "isu/cli/cases.py imports isu.cli.forms",
        "isu/cli/common.py imports isu.cli.cases",
        "isu/cli/forms.py imports isu.cli.cases",
        "isu/cli/summary.py imports isu.cli",
        "isu/cli/summary.py imports isu.cli.export",
    ]
