"""The hand-written PuLP model of the benchmarks (benchmarks/reference.py) solves the same problem as
portfolio.solve: the same optimum on small cases that use every rule, phased ones too, and portfolios the
checker accepts; and the phased JSON fields of `portfolio solve` agree with a recomputation from the files."""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import inputs
import portfolio
from models.casedata import CaseData
from cli import main
from portfolio.backends import available
from portfolio.instances.generate import random_case
from portfolio.instances.phased import phased_case
from portfolio.instances.saturation import with_saturation
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

# Phased cases (spec 4.1) on a 2026-2029 horizon: start windows of one to three years, ramps, run-year costs
# that spill past the horizon, requires, synergies; with equity shares, start_in, min_cost, and a target
# year before and after the horizon's end.
PHASED = {
    "phased-1": dict(seed=1),
    "phased-equity-start-in-2": dict(seed=2, equity=True, start_in=True),
    "phased-min-cost-3": dict(seed=3, objective="min_cost", start_in=True),
    "phased-min-cost-equity-6": dict(seed=6, objective="min_cost", equity=True),
    "phased-target-2027-4": dict(seed=4, target_year=2027, equity=True),
    "phased-target-2028-8": dict(seed=8, target_year=2028, start_in=True),
    "phased-target-2031-5": dict(seed=5, target_year=2031, start_in=True),
    "phased-target-2030-min-cost-7": dict(seed=7, target_year=2030, objective="min_cost", equity=True),
}


def phased(name: str):
    options = dict(PHASED[name])
    return phased_case(options.pop("seed"), n_actions=12, n_years=4, n_groups=3, n_domains=2, n_barriers=4,
                       **options)


# Saturation curves (spec 4.2) on cases of both kinds, with equity (the exact model) and without; the last two
# are cases where jobs held only below the curve would be counted short to meet an equity share.
SATURATED = {
    **{f"saturated-{name}": name for name in ("every-rule-0-max_jobs", "every-rule-7-min_cost",
                                              "no-equity-2-max_jobs", "phased-equity-start-in-2")},
    "saturated-equity-1-max_jobs": (1, "max_jobs"), "saturated-equity-59-min_cost": (59, "min_cost"),
}


def case_named(name: str):
    if name in ("flanders", "template"):
        return inputs.load_case(inputs.bundled_case_path(name))
    if name in SATURATED and isinstance(SATURATED[name], tuple):
        seed, objective = SATURATED[name]
        case = random_case(500 + seed, n_actions=8, n_groups=3, n_domains=2, objective=objective, equity=True,
                           tightness=0.6)
        return with_saturation(case, seed, groups=1.0)
    if name in SATURATED:
        return with_saturation(case_named(SATURATED[name]), seed=len(name), groups=1.0)
    if name in PHASED:
        return phased(name)
    return generated(*CASES[name])


def test_the_cases_use_every_rule_of_the_default_set():
    """A rule added to the default rule set must reach the reference model too (and this list of cases)."""
    used = {rule.name for name in [*CASES, *PHASED] for rule in DEFAULT_RULES
            if rule.applies(CaseData.of(case_named(name)))}
    assert used == {rule.name for rule in DEFAULT_RULES}
    assert any(case_named(n).budgets for n in CASES) and any(case_named(n).synergies for n in CASES)
    assert any(s.extra_jobs < 0 for n in CASES for s in case_named(n).synergies)


@pytest.mark.parametrize("backend", reference.BACKENDS)
@pytest.mark.parametrize("name", [*CASES, *SATURATED, "flanders", "template"])
def test_reference_model_finds_the_optimum_of_solve(name, backend):
    subject = case_named(name)
    expected = portfolio.solve(subject, backend="highs")
    got = reference.solve(subject, backend, time_limit_s=60)
    assert expected.status.value == got.status == "optimal"
    assert got.objective == pytest.approx(expected.objective_value, rel=1e-6, abs=1e-6)
    ev = evaluate(subject, got.start_year or got.selected)  # breaks no rule and is worth what it says (a plan)
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


def test_reference_script_prints_a_phased_plan(tmp_path, phased_optimum):
    folder = inputs.write_case(phased("phased-equity-start-in-2"), tmp_path / "phased")
    done = subprocess.run([sys.executable, str(SCRIPT), str(folder), "--backend", "highs", "--time-limit", "30"],
                          capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == "optimal"
    assert answer["objective"] == pytest.approx(phased_optimum("phased-equity-start-in-2").objective)
    assert sorted(answer["start_year"]) == sorted(answer["selected"])
    assert evaluate(inputs.load_case(folder), answer["start_year"]).feasible


def test_the_phased_cases_use_every_part_of_phasing():
    """Windows of several years, ramps below 1, spend after the horizon, requires between actions with
    windows, synergies, equity, start_in, min_cost, and target years before and after the horizon's end."""
    cases = [phased(n) for n in PHASED]
    assert all(c.phased and c.horizon == (2026, 2027, 2028, 2029) for c in cases)
    assert all(any(len(c.window(a.action)) > 1 for a in c.actions) for c in cases)
    assert all(any(a.ramp and a.ramp[0] < 1 for a in c.actions) for c in cases)
    late = [CaseData.of(c).start_costs(a.action, c.window(a.action)[-1])[1] for c in cases for a in c.actions]
    assert any(late)
    assert sum(any(a.requires and len(c.window(a.requires[0])) > 1 for a in c.actions) for c in cases) >= 3
    assert all(c.synergies for c in cases)
    assert sum(bool(c.rules.min_group_share) for c in cases) >= 3
    assert sum(bool(c.rules.start_in) for c in cases) >= 3
    assert sum(c.objective == "min_cost" for c in cases) >= 3
    assert {c.target for c in cases} >= {2027, 2028, 2029, 2030, 2031}


@pytest.fixture(scope="module")
def phased_optimum():
    """The hand-written model's answer with HiGHS per phased case, computed once."""
    return functools.cache(lambda name: reference.solve(phased(name), "highs", time_limit_s=60))


@pytest.mark.parametrize("name", PHASED)
def test_phased_reference_model_agrees_with_itself_and_its_plan(name, phased_optimum):
    """CBC and HiGHS on the hand-written model prove the same optimum; its plan is feasible and worth it."""
    subject = phased(name)
    got = phased_optimum(name)
    other = reference.solve(subject, "cbc", time_limit_s=60)
    assert got.status == other.status == "optimal"
    assert other.objective == pytest.approx(got.objective, rel=1e-6, abs=1e-6)
    assert sorted(got.start_year) == sorted(got.selected)
    ev = evaluate(subject, got.start_year)
    assert ev.feasible, [c.name for c in ev.violations]
    assert ev.objective_value(subject.objective) == pytest.approx(got.objective, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("backend", available())
@pytest.mark.parametrize("name", PHASED)
def test_phased_cases_solve_to_the_optimum_of_the_hand_written_model(name, backend, phased_optimum):
    subject = phased(name)
    expected = phased_optimum(name)
    found = portfolio.solve(subject, backend=backend)
    assert found.status.value == expected.status == "optimal"
    assert found.objective_value == pytest.approx(expected.objective, rel=1e-6, abs=1e-6)
    assert found.phased and sorted(found.start_year) == sorted(found.selected)
    assert all(start in subject.window(a) for a, start in found.start_year.items())


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def recompute(folder: Path, start_year: dict[str, int]) -> dict:
    """Spec 4.1 from the files alone: jobs per year (horizon and target, caps included), spend per domain and
    calendar year within the horizon, and what falls after it, for the plan `start_year`; and each action's
    start window."""
    settings = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    horizon = sorted({int(r["year"]) for r in _rows(folder, "budgets.csv")})
    target = settings.get("target_year") or horizon[-1]
    actions = _rows(folder, "actions.csv")
    ramps = {r["action"]: [float(v) for v in r.get("ramp", "").split(";") if v] or [1.0] for r in actions}
    windows = {}
    for r in actions:
        first = int(r.get("earliest_start") or horizon[0])
        last = int(r.get("latest_start") or first)
        windows[r["action"]] = [t for t in horizon if first <= t <= last]

    def share(action: str, year: int) -> float:
        run = year - start_year[action] + 1
        return 0.0 if run < 1 else ramps[action][min(run, len(ramps[action])) - 1]

    caps = {r["group"]: float(r["max_extra_jobs"]) for r in _rows(folder, "groups.csv")}
    jobs_by_year = {}
    for year in sorted({*horizon, target}):
        uncapped = dict.fromkeys(caps, 0.0)
        for r in _rows(folder, "reach.csv"):
            if r["action"] in start_year:
                uncapped[r["group"]] += float(r["reach"]) * float(r["effect"]) * share(r["action"], year)
        for r in _rows(folder, "synergies.csv"):
            pair = (r["action_a"], r["action_b"])
            if all(a in start_year and start_year[a] <= year for a in pair):
                uncapped[r["group"]] += float(r["extra_jobs"])
        jobs_by_year[year] = math.fsum(min(caps[g], v) for g, v in uncapped.items())
    domains = [r["domain"] for r in _rows(folder, "domains.csv")]
    spend = {d: dict.fromkeys(horizon, 0.0) for d in domains}
    after = dict.fromkeys(domains, 0.0)
    for r in _rows(folder, "costs.csv"):
        if r["action"] in start_year:
            year = start_year[r["action"]] + int(r["run_year"]) - 1
            if year > horizon[-1]:
                after[r["domain"]] += float(r["cost_eur"])
            else:
                spend[r["domain"]][year] += float(r["cost_eur"])
    return {"jobs_by_year": jobs_by_year, "spend_by_domain_year": spend, "committed_after_horizon_eur": after,
            "target": target, "windows": windows}


@pytest.mark.parametrize("name", PHASED)
def test_phased_json_fields_agree_with_a_recomputation_from_the_files(name, tmp_path, phased_optimum):
    folder = inputs.write_case(phased(name), tmp_path / name)
    done = CliRunner().invoke(main, ["solve", str(folder), "--format", "json"])
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    assert answer["status"] == "optimal"
    assert answer["objective_value"] == pytest.approx(phased_optimum(name).objective, rel=1e-6, abs=1e-6)
    starts = {a: int(y) for a, y in answer["start_year"].items()}
    assert sorted(starts) == sorted(answer["selected"])
    want = recompute(folder, starts)
    assert all(starts[a] in want["windows"][a] for a in starts)
    assert {int(t): v for t, v in answer["jobs_by_year"].items()} == pytest.approx(want["jobs_by_year"])
    assert answer["jobs_total"] == pytest.approx(want["jobs_by_year"][want["target"]])
    spend = {d: {int(t): v for t, v in years.items()} for d, years in answer["spend_by_domain_year"].items()}
    assert spend == {d: pytest.approx(v) for d, v in want["spend_by_domain_year"].items()}
    assert answer["committed_after_horizon_eur"] == pytest.approx(want["committed_after_horizon_eur"])
    for r in _rows(folder, "budgets.csv"):
        assert spend[r["domain"]][int(r["year"])] <= float(r["budget_eur"]) + 1e-6
