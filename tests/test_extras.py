"""Dependencies by use: solve and the other core commands run without the extras; a command that needs a
missing extra names it in one line and exits 1, before any work."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import TEMPLATE

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]
REPORTS = ("pandas", "jinja2", "matplotlib")
DASK = ("dask", "distributed")
HINT = "portfolio {command} needs the '{extra}' extra: pip install 'drempels-portfolio[{extra}]'\n"


def without(modules: tuple[str, ...], *args: str) -> subprocess.CompletedProcess:
    """Run `portfolio ARGS` in a process where importing any of `modules` fails, as when not installed."""
    code = (f"import sys\nfor m in {modules!r}: sys.modules[m] = None\n"
            "sys.argv[0] = 'portfolio'\nimport cli\ncli.run()")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


@pytest.mark.parametrize("args", [["solve"], ["solve", str(TEMPLATE), "--format", "json"], ["validate"],
                                  ["explain", str(TEMPLATE)], ["frontier", str(TEMPLATE), "--scale", "1"]])
def test_the_core_commands_need_no_extra(args):
    done = without(REPORTS + DASK, *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "needs the" not in done.stderr


@pytest.mark.parametrize("command, extra, blocked, args", [
    ("report", "reports", ("matplotlib",), ["--out", "{out}"]),
    ("report", "reports", ("jinja2",), ["--out", "{out}"]),
    ("frontier", "reports", ("matplotlib",), ["--scale", "1", "--out", "{out}"]),
    ("target", "reports", ("matplotlib",), ["--curve", "0.77:0.78:2", "--out", "{out}"]),
    ("robust", "reports", ("pandas",), ["--samples", "2", "--out", "{out}"]),
    ("frontier", "dask", ("dask",), ["--scale", "1", "--executor", "dask"]),
    ("marginal", "dask", ("distributed",), ["--executor", "tcp://127.0.0.1:9"]),
    ("serve", "web", ("starlette",), ["--no-browser", "--port", "0"]),
    ("serve", "web", ("uvicorn",), ["--no-browser", "--port", "0"]),
])
def test_a_missing_extra_is_one_line_naming_it_and_exit_1(tmp_path, command, extra, blocked, args):
    out = tmp_path / "out"
    args = [a.format(out=out) for a in args]
    done = without(blocked, command, str(TEMPLATE), *args)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", HINT.format(command=command, extra=extra))
    assert not out.exists()  # refused before any work


def test_each_extra_keeps_one_range_and_dev_holds_them_all():
    ranges: dict[str, str] = {}
    for name, requirements in EXTRAS.items():
        for req in map(Requirement, requirements):
            assert ranges.setdefault(req.name, str(req)) == str(req), f"{req.name} has two ranges ({name})"
    assert set(EXTRAS) == {"reports", "dask", "web", "all", "dev"}
    assert set(EXTRAS["reports"]) <= set(EXTRAS["web"])  # the page shows the report
    assert set(EXTRAS["all"]) == set(EXTRAS["reports"]) | set(EXTRAS["dask"]) | set(EXTRAS["web"])
    assert set(EXTRAS["all"]) <= set(EXTRAS["dev"])
    core = {Requirement(r).name for r in PROJECT["dependencies"]}
    assert not core & {"pandas", "jinja2", "matplotlib", "dask"}
