"""The rules' descriptions, the obvious conflicts and the explanations as phrases (issue 23, point 5): said in
English they are the text of before, byte for byte (pinned in tests/data/explain_english.json, written from
main before the phrases); said in Dutch (`explain --lang nl`) they hold no English of the catalogue."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from inputs import load_case, write_case
from models import Case
from models.casedata import CaseData
from models.phrase import eur_short, jobs, joined, phrase
from portfolio.core.phrases import english, say
from portfolio.diagnose import obvious_conflicts
from portfolio.explain import explain, start_reasons
from portfolio.formulation.build import build
from portfolio.instances.generate import derive, random_case
from portfolio.instances.saturation import with_saturation
from portfolio.solve import solve
from portfolio.rules import DEFAULT_RULES, JOBS_MODEL

from conftest import TEMPLATE
from small_phased import YEARS, small_phased
from test_explain import CASES as EXPLAINED
from test_phased_explain import early_requirement_case, late_budget_case, window_before_money_case
from test_reports_dutch import english_fragments, english_in

PIN = Path(__file__).parent / "data" / "explain_english.json"


def _requires_out() -> Case:
    """An action locked in whose requirement is locked out."""
    base = random_case(131, n_actions=10, requires=True)
    a = next(a for a in base.actions if a.requires)
    return derive(base, rules={"locked_in": (a.action,), "locked_out": (a.requires[0],)})


def _uncovered_by_locks() -> Case:
    """Every action addressing a priority barrier locked out."""
    t = load_case(TEMPLATE)
    barrier = next(b.barrier for b in t.barriers if b.priority)
    out = tuple(a.action for a in t.actions if barrier in a.barriers)
    return derive(t, rules={"locked_out": out})


def _more_cases() -> dict[str, Case]:
    """Relaxations of horizon budgets together, a relaxation that does not help alone, a target above the
    curves."""
    base = random_case(10, n_actions=14, n_domains=3)
    most = solve(base, backend="highs").jobs_total
    curved = with_saturation(random_case(12, n_actions=10, objective="min_cost"), seed=3, groups=1.0)
    return {
        "horizon budgets together": derive(base, objective="min_cost", jobs_target=round(1.02 * most, 1)),
        "max_actions 0 and a share of 90%": derive(
            load_case(TEMPLATE), rules={"max_actions": 0, "min_group_share": {"nieuwkomers": 0.9}}),
        "target above the curves": derive(curved, jobs_target=10_000),
    }


def _phased_cases() -> dict[str, Case]:
    mow = {("werk", t): 10.0 for t in YEARS} | {("mow", 2026): 10.0, ("mow", 2027): 10.0, ("mow", 2028): 20.0}
    return {
        "phased fixed start over budget": late_budget_case(),
        "phased early requirement": early_requirement_case(),
        "phased window before money": window_before_money_case(),
        "phased two fixed starts over budget": small_phased(
            {"A10": {"domain": "mow", "window": (2026, 2028), "costs": (8, 8), "jobs": 10},
             "A11": {"domain": "mow", "window": (2026, 2028), "costs": (8,), "jobs": 4},
             "A02": {"domain": "werk", "costs": (2,), "jobs": 5}},
            budgets=mow, rules={"start_in": {"A10": 2027, "A11": 2027}}),
        "phased start locked out": small_phased(
            {"A10": {"domain": "mow", "window": (2026, 2028), "costs": (5,), "jobs": 10},
             "A02": {"domain": "werk", "costs": (2,), "jobs": 5}},
            rules={"start_in": {"A10": 2027}, "locked_out": ["A10"]}),
        "phased requirement that never starts": small_phased(
            {"A03": {"domain": "werk", "window": (2026, 2026), "jobs": 10, "requires": ["A05"]},
             "A05": {"domain": "werk", "window": (2027, 2028), "jobs": 3},
             "A04": {"domain": "werk", "window": (2026, 2027), "jobs": 5, "requires": ["A03"]}},
            rules={"locked_in": ["A04"]}),
        "phased feasible with starts": small_phased(
            {"A10": {"domain": "mow", "window": (2026, 2028), "costs": (15, 15), "jobs": 10},
             "A05": {"domain": "werk", "window": (2026, 2028), "costs": (2,), "jobs": 5, "requires": ["A10"]},
             "A02": {"domain": "werk", "window": (2027, 2028), "costs": (2,), "jobs": 5}},
            budgets=mow, totals={"werk": 30.0, "mow": 60.0}),
        "phased start that never fits": small_phased(
            {"A10": {"domain": "mow", "window": (2026, 2028), "costs": (15,), "jobs": 10},
             "A02": {"domain": "werk", "costs": (2,), "jobs": 5}},
            rules={"start_in": {"A10": 2027}}),
        "phased start over every budget": small_phased(
            {"A10": {"domain": "mow", "window": (2026, 2028), "costs": (15,), "jobs": 10},
             "A02": {"domain": "werk", "costs": (2,), "jobs": 5}},
            totals={"werk": 30.0, "mow": 8.0}, rules={"start_in": {"A10": 2027}}),
        "phased start over the horizon budget": small_phased(
            {"A10": {"domain": "mow", "window": (2026, 2028), "costs": (5, 5), "jobs": 10},
             "A02": {"domain": "werk", "costs": (2,), "jobs": 5}},
            totals={"werk": 30.0, "mow": 8.0}, rules={"start_in": {"A10": 2026}}),
        "phased requirement after the window": small_phased(
            {"A03": {"domain": "werk", "window": (2028, 2028), "jobs": 10},
             "A04": {"domain": "werk", "window": (2026, 2027), "jobs": 5, "requires": ["A03"]},
             "A06": {"domain": "werk", "window": (2026, 2026), "jobs": 5, "requires": ["A07"]},
             "A07": {"domain": "werk", "window": (2026, 2026), "jobs": 5, "requires": ["A08"]},
             "A08": {"domain": "werk", "window": (2027, 2028), "jobs": 5}},
            rules={"locked_in": ["A04"], "start_in": {"A06": 2026}}),
        "phased domain leading nothing": small_phased(
            {"A02": {"domain": "werk", "costs": (2,), "jobs": 5}}, rules={"min_actions_per_domain": 1}),
        "phased ramp": small_phased(
            {"A02": {"domain": "werk", "window": (2026, 2028), "costs": (2,), "jobs": 5, "ramp": (0.5, 1.0)},
             "A10": {"domain": "mow", "window": (2026, 2028), "costs": (2,), "jobs": 5}},
            rules={"start_in": {"A10": 2027}}),
    }


# Plans of "phased feasible with starts" and "phased ramp", not all optimal, whose start reasons are pinned.
PLANS = {
    "phased feasible with starts": [{"A10": 2028, "A05": 2028, "A02": 2028}],
    "phased ramp": [{"A02": 2028, "A10": 2027}, {"A02": 2027, "A10": 2028}],
}


@functools.cache
def pinned_cases() -> dict[str, Case]:
    """The infeasible cases of test_explain and test_phased_explain, and a few more, so that every rule's
    description and conflict and every kind of relaxation is said."""
    return {**EXPLAINED, **_phased_cases(), **_more_cases(), "requires locked out": _requires_out(),
            "a priority barrier locked out": _uncovered_by_locks(),
            "template (feasible)": load_case(TEMPLATE)}


def english_of(name: str) -> dict:
    """What the library says of the pinned case `name` in English: each rule instance described, the obvious
    conflicts, the explanation's JSON, and the start reasons of the PLANS of it."""
    case = pinned_cases()[name]
    data = CaseData.of(case)
    groups = dict.fromkeys((r.rule, r.subject) for r in build(case, data=data).rows if r.rule != JOBS_MODEL)
    return {
        "describe": {f"{rule}[{','.join(map(str, subject))}]": english(
            DEFAULT_RULES.named(rule).describe(data, subject)) for rule, subject in groups},
        "conflicts": [english(reason) for reason in obvious_conflicts(case, data)],
        "explain": explain(case).model_dump_json(indent=2),
        "starts": [start_reasons(case, plan) for plan in PLANS.get(name, ())],
    }


ON_THE_COMMAND_LINE = ("a leading domain with EUR 300,000", "phased fixed start over budget")


def command_line_of(name: str, folder: Path) -> dict[str, str]:
    """What `portfolio explain` prints for the pinned case `name`, as JSON and as text."""
    write_case(pinned_cases()[name], folder)
    runs = {fmt: CliRunner().invoke(main, ["explain", str(folder), "--format", fmt, "--lang", "en"])
            for fmt in ("json", "table")}
    assert all(r.exit_code == 0 for r in runs.values()), {f: r.output for f, r in runs.items()}
    return {fmt: r.stdout for fmt, r in runs.items()}


@functools.cache
def pinned() -> dict:
    return json.loads(PIN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(pinned_cases()))
def test_the_english_is_what_it_was(name):
    was, now = pinned()[name], english_of(name)
    assert now["describe"] == was["describe"]
    assert now["conflicts"] == was["conflicts"]
    assert now["explain"] == was["explain"]
    assert now["starts"] == was["starts"]


@pytest.mark.parametrize("name", ON_THE_COMMAND_LINE)
def test_explain_on_the_command_line_prints_what_it_did_in_english(name, tmp_path):
    assert command_line_of(name, tmp_path / "case") == pinned()["command line"][name]


# Sentences no pinned case reaches, each with the text main's code wrote for the same values.
WHO = "Werk en sociale economie (werk)"
UNREACHED = [
    (phrase("explain.undecided"),
     "the solver could not decide within the time limit whether the case has a portfolio"),
    (phrase("explain.target.alone"), "lowering the jobs target alone does not help: other rules conflict too"),
    (phrase("explain.share.alone", group=WHO),
     f"dropping the share of {WHO} alone does not help: other rules conflict too"),
    (phrase("explain.combined.none"),
     "no combination of single changes found; the conflicts above must be resolved together"),
    (phrase("explain.budget.raise_year", domain=WHO, year=2027, extra=eur_short(250_000),
            new=eur_short(2_250_000)), f"raise the budget of {WHO} in 2027 by EUR 250,000 to EUR 2.25M"),
    (phrase("explain.budgets.raise", total=eur_short(3e6), each=joined(
        [phrase("explain.budgets.horizon", domain=WHO, extra=eur_short(2e6)),
         phrase("explain.budgets.horizon", domain="Mobiliteit (mow)", extra=eur_short(1e6))], "semicolon")),
     f"raise the budgets together by EUR 3.00M in all: {WHO} over the horizon +EUR 2.00M; Mobiliteit (mow) "
     "over the horizon +EUR 1.00M"),
    (phrase("explain.start.fewer", year=2027, jobs=jobs(12.25), target=2029),
     "starting in 2027 it would give 12.2 fewer jobs in 2029"),
]


@pytest.mark.parametrize("said, was", UNREACHED, ids=[p.key for p, _ in UNREACHED])
def test_a_sentence_no_pinned_case_reaches_says_what_main_said(said, was):
    assert english(said) == was
    assert english_in(say(said, "nl"), english_fragments()) == []


def dutch_names(case: Case) -> Case:
    """`case` with its generated English names (`Action a01`, `Domain d0`) said in Dutch, as a Flemish case's
    are: a name is the case's own words, never the library's."""
    words = {"Action": "Actie", "Domain": "Domein", "Group": "Doelgroep", "Barrier": "Drempel"}

    def renamed(rows):
        return tuple(r.model_copy(update={"name": " ".join(words.get(w, w) for w in r.name.split())}) for r in rows)

    return derive(case, actions=renamed(case.actions), domains=renamed(case.domains), groups=renamed(case.groups),
                  barriers=renamed(case.barriers))


# Infeasible cases of each kind (budget, coverage, share, target, locks, max_actions, phased with start_in,
# requirements in years), and a phased case with a portfolio whose starts are explained.
IN_DUTCH = ("a leading domain with EUR 300,000", "a priority barrier locked out", "max_actions 0 and a share of 90%",
            "target above what budgets allow", "all budgets 0", "inf_share_vs_lock", "inf_max_actions_vs_locks",
            "inf_locked_overlap", "requires locked out", "phased fixed start over budget",
            "phased two fixed starts over budget", "phased window before money", "phased requirement after the window",
            "phased start locked out", "phased feasible with starts")


@pytest.mark.parametrize("name", IN_DUTCH)
def test_explain_in_dutch_says_no_english_of_the_catalogue(name, tmp_path):
    folder = write_case(dutch_names(pinned_cases()[name]), tmp_path / "case")
    shown = CliRunner().invoke(main, ["explain", str(folder), "--lang", "nl"])
    assert shown.exit_code == 0, shown.output
    assert english_in(shown.stdout, english_fragments()) == [], shown.stdout
    assert re.search(r"(regel kan|regels kunnen) niet|de case heeft een portefeuille", shown.stdout)


def test_the_obvious_conflicts_in_dutch_say_no_english_of_the_catalogue():
    """Row names (`lead[werk]`, `budget[mow,2027]`) are ids, the same in every language: they are left out."""
    fragments = english_fragments()
    said = [re.sub(r"\b\w+\[[^\]]*\]", "", say(reason, "nl")) for name in pinned_cases()
            for reason in obvious_conflicts(pinned_cases()[name])]
    assert len(said) > 15
    assert [(text, english_in(text, fragments)) for text in said if english_in(text, fragments)] == []


# Written from main, before the phrases: PYTHONPATH=tests python tests/test_explain_phrases.py
if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        cli = {name: command_line_of(name, Path(tmp) / str(k)) for k, name in enumerate(ON_THE_COMMAND_LINE)}
    pins = {"command line": cli} | {name: english_of(name) for name in sorted(pinned_cases())}
    PIN.write_text(json.dumps(pins, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
