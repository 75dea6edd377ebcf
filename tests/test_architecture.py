"""The import rules of docs/architecture.md: every arrow points down the layers.

Each module of eventscout belongs to a part (its first name under ``eventscout``); a part may import
only the parts listed for it here, which are the ones drawn below it in docs/architecture.md. The
test reads every module's imports (also those inside functions) with :mod:`ast`, so a new arrow
against the flow fails here with the file and the line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "eventscout"

FOUNDATION = {"errors", "_version", "_collector", "files"}
TOOLS = FOUNDATION | {"settings", "tomlfile", "text"}
MODEL = TOOLS | {"model"}
PARSE = MODEL | {"parse", "serialize"}

#: part -> the parts it may import (besides itself), as drawn in docs/architecture.md
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "_version": set(),
    "_collector": set(),
    "settings": {"errors"},
    "files": set(),
    "tomlfile": {"errors", "settings"},
    "text": set(),
    "model": TOOLS,
    "parse": MODEL,
    "serialize": MODEL,
    "profile": PARSE,
    "fetch": PARSE,
    "sources": PARSE | {"fetch"},
    "samples": PARSE | {"fetch", "sources"},
    "runner": PARSE | {"fetch", "sources"},
    "merge": PARSE,
    "rank": PARSE | {"profile"},
    "plan": PARSE | {"profile", "rank"},
    "people": PARSE | {"profile"},
    "export": PARSE | {"profile", "rank"},
    "feeds": PARSE | {"profile", "rank", "export", "runner", "people"},
    "presets": TOOLS,
    "config": PARSE | {"profile", "fetch", "presets", "plan", "people"},
    "starter": PARSE | {"profile", "config"},
    "decisions": PARSE | {"profile", "runner"},
    "reference": PARSE | {"profile", "fetch", "presets", "plan", "people", "config", "feeds"},
    "testing": PARSE | {"fetch", "sources", "runner"},
}
#: the glue on top may import every part
GLUE = {"__init__", "pipeline", "cli", "cli_init", "cli_parser", "__main__", "cli_people"}
#: former module names kept for users' imports: each re-exports one part, and nothing inside
#: eventscout imports them
COMPATIBILITY = {"collect": "runner", "store": "runner", "run_report": "runner",
                 "fetch_settings": "fetch", "kinds": "parse", "places": "parse"}
#: `eventscout talk` (the CFP pipeline's commands) and `planning` (the year plan wired) are glue as well
GLUE |= {"cli_talk", "planning"}


def _part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported part) for each import of another eventscout part in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "eventscout" and len(parts) > 1:
                    found.append((node.lineno, parts[1]))
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            if not target or target[0] != "eventscout":
                continue
            if len(target) > 1:
                found.append((node.lineno, target[1]))
            else:
                found.extend((node.lineno, alias.name) for alias in node.names)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_has_a_rule():
    parts = {_part_of(path) for path in MODULES}
    unruled = parts - set(ALLOWED) - GLUE - set(COMPATIBILITY)
    assert unruled == set(), "add the new part to ALLOWED and to docs/architecture.md"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path: Path) -> None:
    part = _part_of(path)
    allowed = {COMPATIBILITY[part]} if part in COMPATIBILITY else ALLOWED.get(part)
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports {target}"
        for line, target in _imports(path)
        if target != part and (target in COMPATIBILITY or (allowed is not None and target not in allowed))
    ]
    assert not wrong, "against the layers of docs/architecture.md: " + "; ".join(wrong)


#: the most lines a module may have (issue 12): past it, a module holds more than one job
MAX_LINES = 400


def test_no_module_is_over_the_line_limit() -> None:
    lengths = {path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
               for path in PACKAGE.rglob("*.py")}
    assert len(lengths) > 100  # the package was found
    assert {name: size for name, size in lengths.items() if size > MAX_LINES} == {}
