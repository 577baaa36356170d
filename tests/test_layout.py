"""The folder layout is the pipeline, and imports only run downward through it.

content ← pages ← outputs ← pipeline ← intake, tools ← cli: a module may import from its own
stage and from stages below it, never from a stage above or beside it. That keeps each stage
readable and testable on its own, and keeps the stages from growing back into one tangle.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from site_tools.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "site_tools"

# Stage of each top-level module or sub-package of site_tools, lowest first.
STAGES = {
    "site_tools": 0,  # the package itself: errors.py, paths.py, parallel.py are shared by every stage
    "site_tools.errors": 0,
    "site_tools.paths": 0,
    "site_tools.parallel": 0,
    "site_tools.content": 1,
    "site_tools.pages": 2,
    "site_tools.outputs": 3,
    "site_tools.pipeline": 4,
    "site_tools.intake": 5,
    "site_tools.tools": 5,
    "site_tools.cli": 6,
}

# Size limits: a module or class beyond them is doing more than one thing.
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 250


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    """ "site_tools.pages.home" -> "site_tools.pages"; "site_tools.errors" -> itself."""
    parts = module.split(".")
    return ".".join(parts[:2])


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, module) of every site_tools import in a file, also those inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # `from site_tools import pipeline` imports the module site_tools.pipeline.
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names] if target in STAGES else []
            found.append((node.lineno, target))
    return [(line, module) for line, module in found if module.split(".")[0] == "site_tools"]


def layout_problems(root: Path) -> list[str]:
    """Every import that runs upward or sideways, and every module outside the known stages."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        here = module_name(path, root)
        own_stage = stage_of(here)
        where = path.relative_to(root.parent)
        if own_stage not in STAGES:
            problems.append(f"{where}: not in a known stage; add it to STAGES in tests/test_layout.py")
            continue
        reported = set()
        for line, module in imported_modules(path, root):
            target_stage = stage_of(module)
            if target_stage == own_stage or STAGES.get(target_stage, len(STAGES)) < STAGES[own_stage]:
                continue
            if (line, target_stage) not in reported:
                reported.add((line, target_stage))
                problems.append(f"{where}:{line}: {own_stage} imports {module}, a later or parallel stage")
    return problems


def size_problems(root: Path) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root.parent)
        lines = text.count("\n")
        if lines > MAX_MODULE_LINES:
            problems.append(f"{where}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    problems.append(f"{where}:{node.lineno}: class {node.name} has {length} lines")
    return problems


def test_imports_only_run_down_the_pipeline() -> None:
    assert layout_problems(PACKAGE) == []


def test_an_upward_import_is_found(tmp_path: Path) -> None:
    copy = tmp_path / "site_tools"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    model = copy / "content" / "model.py"
    lines = model.read_text(encoding="utf-8").split("\n")
    planted = lines.index("from __future__ import annotations") + 1
    lines.insert(planted, "from site_tools.outputs.write import SiteWriter")
    model.write_text("\n".join(lines), encoding="utf-8")
    helpers = copy / "pages" / "common.py"
    helpers.write_text(helpers.read_text(encoding="utf-8") + "\n\ndef late():\n    from site_tools import pipeline\n")
    sideways = copy / "intake" / "scaffold.py"
    sideways.write_text(sideways.read_text(encoding="utf-8") + "\nfrom ..tools import serve\n")
    (copy / "loose.py").write_text("")

    problems = layout_problems(copy)

    upward = f"site_tools/content/model.py:{planted + 1}: site_tools.content imports site_tools.outputs.write"
    assert any(p.startswith(upward) for p in problems)
    assert any(p.startswith("site_tools/pages/common.py:") and "imports site_tools.pipeline" in p for p in problems)
    assert any(p.startswith("site_tools/intake/scaffold.py:") and "imports site_tools.tools" in p for p in problems)
    assert any(p.startswith("site_tools/loose.py: not in a known stage") for p in problems)
    assert len(problems) == 4, problems


def test_no_module_or_class_outgrows_the_limits() -> None:
    assert size_problems(PACKAGE) == []
