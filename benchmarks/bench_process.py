"""The whole process, as a planner runs it: `portfolio solve CASE --format json` (the default solve: auto
backend, the case's own solver settings) against the hand-written reference model as a process
(`python benchmarks/reference.py CASE --backend cbc|highs`), on synergy-rich generated cases of 300 to
2,000 actions written as case folders. Both load the same folder with `inputs.load_case` and stop at the
case's time limit (TIME_LIMIT_S, written into its case.yaml). The ratio CLI / best reference, median over
the cases, is what benchmarks/table.py reports."""

from __future__ import annotations

import compileall
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HERE, TIME_LIMIT_S, describe, measure, summarise

# Synergy-rich max_jobs cases (syn: per-year budgets; synh: budgets over the horizon only; s<seed>: another
# seed) that the hand-written model proved optimal within the limit when the suite was written (a survey of
# three seeds per size, 300-2,000 actions). Most other seeds stop at the limit for every solver, where a
# ratio of times says nothing; bench_solve.py's ladder shows those as gaps.
CASES = ["syn300s301", "synh300", "synh500s501", "synh1000", "synh1000s1001", "syn2000", "synh2000s2001"]

BIN = Path(sys.executable).parent
COMMANDS = {
    "cli": lambda folder: [str(BIN / "portfolio"), "solve", str(folder), "--format", "json"],
    "ref-cbc": lambda folder: [sys.executable, str(HERE / "reference.py"), str(folder), "--backend", "cbc"],
    "ref-highs": lambda folder: [sys.executable, str(HERE / "reference.py"), str(folder), "--backend", "highs"],
}


@pytest.fixture(scope="module", autouse=True)
def compiled():
    """Both processes are measured as installed: with the project's modules compiled to bytecode, as pip does on
    install. An editable checkout run with PYTHONDONTWRITEBYTECODE set (as this machine's shell has it) would
    otherwise compile every module of the project at each start (about 0.06 s for the CLI)."""
    root = HERE.parent
    for name in ("portfolio", "models", "inputs"):
        compileall.compile_dir(root / name, quiet=1)
    for name in ("cli.py", "benchmarks/reference.py"):
        compileall.compile_file(root / name, quiet=1)


def run(command: list[str]) -> dict:
    """Run one process; its answer (the JSON object on the last line of stdout) as status, objective, gap."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=10 * TIME_LIMIT_S + 120)
    if done.returncode != 0:
        raise AssertionError(f"{command} exited {done.returncode}: {done.stderr[-2000:]}")
    text = done.stdout.strip()
    try:
        answer = json.loads(text)  # the CLI prints one indented JSON document
    except json.JSONDecodeError:
        answer = json.loads(text.splitlines()[-1])  # the reference may follow a solver banner
    return {
        "status": answer["status"],
        "objective": answer.get("objective_value", answer.get("objective")),
        "gap": answer.get("gap"),
        "backend": answer.get("backend"),
    }


# cases outside, commands inside: the three processes of a case run back to back, under the same load
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", CASES)
def test_process(benchmark, command, name, case_folder):
    argv = COMMANDS[command](case_folder(name, TIME_LIMIT_S))
    benchmark.group = f"process {name}"
    rounds = measure(benchmark, lambda: run(argv))
    benchmark.extra_info.update(
        **describe(name),
        **summarise(rounds),
        solver=command,
        kind="reference" if command.startswith("ref-") else "toolkit",
        backend=rounds[-1]["backend"],
        time_limit_s=TIME_LIMIT_S,
    )
