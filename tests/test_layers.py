"""domain/, store/ and services/ never import Qt (DESIGN.md): checked in a clean process."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import danvan_desktop

PACKAGE = Path(danvan_desktop.__file__).parent


def _modules(layer: str) -> list[str]:
    return [f"danvan_desktop.{layer}.{m.name}" for m in pkgutil.iter_modules([str(PACKAGE / layer)])]


def test_lower_layers_import_no_qt():
    modules = ["danvan_desktop.cli", "danvan_desktop.paths"]
    for layer in ("domain", "store", "services"):
        found = _modules(layer)
        assert found, layer
        modules += found
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_no_source_line_in_lower_layers_names_qt():
    offenders = []
    for layer in ("domain", "store", "services"):
        for path in (PACKAGE / layer).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                stripped = line.strip()
                if stripped.startswith(("import PySide6", "from PySide6", "import shiboken")):
                    offenders.append(f"{path.name}:{number}")
    assert offenders == []


def test_ui_writes_no_sql():
    words = ("INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")
    offenders = [str(p.name) for p in (PACKAGE / "ui").rglob("*.py")
                 if any(w in p.read_text(encoding="utf-8") for w in words)]
    assert offenders == []
