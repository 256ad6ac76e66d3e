"""The data flows one way: models <- inputs <- portfolio <- cli. Inside portfolio: core <- formulation
<- rules <- formulation.build <- the orchestrators; backends see only the solver models, the formulation and core;
reports solve nothing. (tests/test_import_graph.py checks that no import, however indirect, goes back.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports(path: Path) -> set[str]:
    """Every module a Python file imports (absolute names; `from a import b` counts as `a`)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def offending(paths: list[Path], bad) -> dict[str, list[str]]:
    found = {str(p.relative_to(ROOT)): sorted(m for m in imports(p) if bad(m)) for p in paths}
    return {k: v for k, v in found.items() if v}


def project(module: str) -> str | None:
    """The project package (or cli) a module belongs to, None for the standard library and third parties."""
    top = module.split(".")[0]
    return top if top in ("models", "inputs", "portfolio", "cli") else None


def test_the_file_writer_imports_nothing_of_the_project():
    """inputs/files.py writes every output file (cases, reports, sweeps, studies): a leaf every layer may use."""
    assert offending([ROOT / "inputs" / "files.py"], lambda m: project(m) is not None) == {}


def test_models_import_neither_readers_nor_the_library():
    assert offending(files("models"), lambda m: m.split(".")[0] in ("inputs", "portfolio", "cli")) == {}


def test_inputs_import_nothing_from_the_library():
    assert offending(files("inputs"), lambda m: m.split(".")[0] in ("portfolio", "cli")) == {}


def test_cli_imports_no_backend_module():
    assert offending([ROOT / "cli.py"], lambda m: m.startswith("portfolio.backends")) == {}


def test_backends_see_only_the_solver_models():
    """The solver's models, and the phrases their messages are built of (models.phrase)."""
    assert offending(files("portfolio/backends"), lambda m: m.startswith("models")
                     and m not in ("models.solver", "models.phrase")) == {}


def test_backends_see_only_the_formulation_and_the_core_of_the_library():
    allowed = ("portfolio.backends", "portfolio.formulation", "portfolio.core")
    rule_side = ("portfolio.formulation.build", "portfolio.formulation.objectives")
    assert offending(files("portfolio/backends"), lambda m: project(m) == "portfolio" and (
        not m.startswith(allowed) or m.startswith(rule_side))) == {}


def test_the_core_helpers_import_only_models():
    assert offending(files("portfolio/core"), lambda m: project(m) not in (None, "models")
                     and not m.startswith("portfolio.core")) == {}


def test_the_rules_import_the_formulation_model_never_its_build():
    assert offending(files("portfolio/rules"), lambda m: project(m) == "portfolio" and not m.startswith(
        ("portfolio.rules", "portfolio.core", "portfolio.formulation.model", "portfolio.formulation.jobs"))) == {}


def test_the_formulation_imports_the_rules_only_in_its_build():
    model_side = [p for p in files("portfolio/formulation") if p.name != "build.py"]
    assert offending(model_side, lambda m: m.startswith("portfolio.rules")) == {}


def test_the_reports_solve_nothing():
    """The report draws a Solution (and a finished uncertainty study) handed to it: it imports no solve, no
    backend, no sweep and nothing of the uncertainty package (its figures are the report's own)."""
    solving = ("portfolio.solve", "portfolio.backends", "portfolio.sweeps", "portfolio.explain", "portfolio.check",
               "portfolio.diagnose")
    assert offending(files("portfolio/reports"), lambda m: m.startswith((*solving, "portfolio.uncertainty"))) == {}


@pytest.mark.parametrize("package", ["portfolio", "models", "inputs"])
def test_the_library_never_imports_the_command_line(package):
    assert offending(files(package), lambda m: m.split(".")[0] == "cli") == {}


def test_the_command_line_package_imports_no_backend_module():
    assert offending(files("portfolio/commandline"), lambda m: m.startswith("portfolio.backends")) == {}


@pytest.mark.parametrize("package", ["portfolio", "models", "inputs"])
def test_the_library_never_imports_the_command_line_package(package):
    """portfolio/commandline holds the command line's parts (click options, exit codes, the sweep shape): only
    cli.py uses them; the rest of the library never does."""
    library = [p for p in files(package) if "commandline" not in p.relative_to(ROOT).parts]
    assert offending(library, lambda m: m.startswith("portfolio.commandline")) == {}


def test_the_presentation_renders_results_and_solves_nothing():
    """portfolio/present takes finished results: no solver, formulation or command line, and rich alone of the
    display libraries (the 'reports' extra stays with portfolio/reports)."""
    solving = ("portfolio.backends", "portfolio.formulation", "portfolio.solve", "portfolio.explain")
    extras = ("pandas", "jinja2", "matplotlib", "dask", "distributed")
    assert offending(files("portfolio/present"), lambda m: m.startswith(solving) or m.split(".")[0] in extras
                     or m.split(".")[0] == "cli" or m.startswith("portfolio.commandline")) == {}


def test_the_library_never_imports_the_presentation():
    """Only the command line (and, to come, the web page) shows results; the library hands them over."""
    inside = [p for p in files("portfolio") if not {"present", "commandline"} & set(p.parts)]
    library = inside + files("models") + files("inputs")
    assert offending(library, lambda m: m.startswith("portfolio.present")) == {}


def test_the_web_page_uses_the_library_never_a_backend_or_the_command_line():
    """portfolio/web solves through the sweeps' executor and shows the report: no backend, formulation,
    terminal presentation or command line; and only the `serve` command imports it."""
    banned = ("portfolio.backends", "portfolio.formulation", "portfolio.present", "portfolio.commandline")
    assert offending(files("portfolio/web"), lambda m: m.startswith(banned) or m.split(".")[0] == "cli") == {}
    others = [p for p in files("portfolio") + files("models") + files("inputs") + [ROOT / "cli.py"]
              if "web" not in p.relative_to(ROOT).parts and p.name != "serve.py"]
    assert offending(others, lambda m: m.startswith("portfolio.web")) == {}
