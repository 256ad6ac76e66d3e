"""The hand-written PuLP model of the benchmarks (benchmarks/reference.py) solves the same problem as
portfolio.solve: the same optimum on small cases that use every rule, and portfolios the checker accepts."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

import inputs
import portfolio
from models.casedata import CaseData
from portfolio.instances.generate import random_case
from portfolio.rules import DEFAULT_RULES
from portfolio.verify import evaluate

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "reference.py"


def _load_reference():
    spec = importlib.util.spec_from_file_location("benchmarks_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


reference = _load_reference()

# Seeds whose generated case also asks each domain to lead an action (participation); with per-year budgets,
# equity shares (exact jobs), locks and max_actions, every rule is on. The seeds without equity exercise the
# sign-aware product rows alone.
EVERY_RULE = [0, 7, 9, 16, 17, 29]
NO_EQUITY = [1, 2, 3, 4]


def generated(seed: int, objective: str, equity: bool = True):
    return random_case(seed, n_actions=12, n_groups=3, n_domains=2, n_barriers=4, per_year=True, equity=equity,
                       locks=equity, max_actions=7 if equity else None, objective=objective)


CASES = {
    **{f"every-rule-{seed}-{obj}": (seed, obj, True) for seed in EVERY_RULE for obj in ("max_jobs", "min_cost")},
    **{f"no-equity-{seed}-{obj}": (seed, obj, False) for seed in NO_EQUITY for obj in ("max_jobs", "min_cost")},
}


def case_named(name: str):
    if name in ("flanders", "template"):
        return inputs.load_case(inputs.bundled_case_path(name))
    return generated(*CASES[name])


def test_the_cases_use_every_rule_of_the_default_set():
    """A rule added to the default rule set must reach the reference model too (and this list of cases)."""
    used = {rule.name for name in CASES for rule in DEFAULT_RULES
            if rule.applies(CaseData.of(case_named(name)))}
    assert used == {rule.name for rule in DEFAULT_RULES}
    assert any(case_named(n).budgets for n in CASES) and any(case_named(n).synergies for n in CASES)
    assert any(s.extra_jobs < 0 for n in CASES for s in case_named(n).synergies)


@pytest.mark.parametrize("backend", reference.BACKENDS)
@pytest.mark.parametrize("name", [*CASES, "flanders", "template"])
def test_reference_model_finds_the_optimum_of_solve(name, backend):
    subject = case_named(name)
    expected = portfolio.solve(subject, backend="highs")
    got = reference.solve(subject, backend, time_limit_s=60)
    assert expected.status.value == got.status == "optimal"
    assert got.objective == pytest.approx(expected.objective_value, rel=1e-6, abs=1e-6)
    ev = evaluate(subject, got.selected)  # the reference's portfolio breaks no rule and is worth what it says
    assert ev.feasible, [c.name for c in ev.violations]
    assert ev.objective_value(subject.objective) == pytest.approx(got.objective, rel=1e-6, abs=1e-6)
    assert got.gap == pytest.approx(0, abs=1e-6)


def test_reference_script_prints_its_answer_as_json():
    folder = inputs.bundled_case_path("template")
    done = subprocess.run([sys.executable, str(SCRIPT), str(folder), "--backend", "cbc", "--time-limit", "30"],
                          capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    expected = portfolio.solve(inputs.load_case(folder))
    assert answer["status"] == "optimal"
    assert answer["objective"] == pytest.approx(expected.objective_value)
    assert sorted(answer["selected"]) == sorted(expected.selected)
