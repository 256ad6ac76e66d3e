"""Probable overlap between working groups' proposals: a planted duplicate is found with its evidence and is
no longer found once the case relates the two; the fast search equals the plain one; 5,000 actions are quick."""

from __future__ import annotations

import difflib
import itertools
import random
import re
import time
from pathlib import Path

import pytest

import inputs
from models import Action, Barrier, Case, Cost, Domain, Group, Reach
from portfolio.check import check
from portfolio.overlaps import MIN_SIMILARITY, lcs_length, normalise, probable_overlaps, similarity
from tests.conftest import FLANDERS, append_row, edit_csv

# --------------------------------------------------------------------------- a planted duplicate


def plant(folder: Path, b_lead: str = "welzijn", b_groups: tuple[str, ...] = ("nieuwkomers",), **b_cells) -> None:
    """Add T09 (werk) 'Taalcoaching op de werkvloer' and T10 'Taalcoaches op de werkvloer' to the template."""
    for action, name, lead, groups, cells in (
        ("T09", "Taalcoaching op de werkvloer", "werk", ("nieuwkomers",), {}),
        ("T10", "Taalcoaches op de werkvloer", b_lead, b_groups, b_cells),
    ):
        append_row(folder / "actions.csv", {"action": action, "name": name, "lead_domain": lead,
                                             "barriers": "integratie_taal", **cells})
        for year in (2026, 2027):
            append_row(folder / "costs.csv", {"action": action, "domain": lead, "cost_eur": 50000, "year": year})
        for g in groups:
            append_row(folder / "reach.csv", {"action": action, "group": g, "reach": 200, "effect": 0.1})


def pair(overlaps) -> list[tuple[str, str]]:
    return [(o.a, o.b) for o in overlaps]


def test_planted_duplicate_is_found_first_with_its_evidence(template_dir: Path):
    plant(template_dir)
    found = probable_overlaps(inputs.load_case(template_dir))
    top = found[0]
    assert (top.a, top.b, top.a_domain, top.b_domain) == ("T09", "T10", "werk", "welzijn")
    assert (top.a_row, top.b_row) == (10, 11)
    assert top.shared_barriers == ("integratie_taal",) and top.shared_groups == ("nieuwkomers",)
    assert top.same_barriers and top.same_groups and top.names_alike
    assert top.name_similarity == round(difflib.SequenceMatcher(
        None, "taalcoaching op de werkvloer", "taalcoaches op de werkvloer").ratio(), 4) == 0.9091
    assert top.strength == pytest.approx(0.9091 + 1 + 1)
    assert top.evidence == (
        "T09 'Taalcoaching op de werkvloer' (lead werk) and T10 'Taalcoaches op de werkvloer' (lead welzijn): "
        "names 91% alike; both address exactly integratie_taal; both reach exactly nieuwkomers; "
        "no common overlap group, no synergy row, neither requires the other")
    # the other pairs only share every barrier and group (T05, werk, also addresses just integratie_taal and
    # reaches just nieuwkomers); T09 and T05 share a lead domain, so only T10 pairs with T05
    assert [(o.a, o.b, o.names_alike) for o in found[1:]] == [("T05", "T10", False)]
    w = top.warning()
    assert str(w).startswith("actions.csv:11:action: warning: T09 'Taalcoaching op de werkvloer' (lead werk)")
    assert "give both the same overlap_group in actions.csv" in w.hint


def test_alike_names_are_enough_when_the_sets_differ(template_dir: Path):
    plant(template_dir, b_groups=("nieuwkomers", "jongeren"))
    top = probable_overlaps(inputs.load_case(template_dir))[0]
    assert (top.a, top.b, top.same_barriers, top.same_groups) == ("T09", "T10", True, False)
    assert "both reach nieuwkomers; only T10 also jongeren" in top.evidence
    assert top.strength == pytest.approx(0.9091 + 1 + 0.5)


@pytest.mark.parametrize("how", ["overlap_group", "synergy", "synergy_reversed", "requires", "same_lead"])
def test_planted_duplicate_is_not_found_once_the_case_relates_them(template_dir: Path, how: str):
    if how == "overlap_group":
        plant(template_dir, overlap_group="taalcoaching")
        edit_csv(template_dir / "actions.csv", 10, "overlap_group", "taalcoaching")
    elif how == "requires":
        plant(template_dir, requires="T09")
    elif how == "same_lead":
        plant(template_dir, b_lead="werk")
    else:
        plant(template_dir)
        a, b = ("T09", "T10") if how == "synergy" else ("T10", "T09")
        append_row(template_dir / "synergies.csv", {"action_a": a, "action_b": b, "group": "nieuwkomers",
                                                     "extra_jobs": -5})
    assert ("T09", "T10") not in pair(probable_overlaps(inputs.load_case(template_dir)))


def test_requires_through_another_action_relates_them_too(template_dir: Path):
    plant(template_dir, requires="T04")
    edit_csv(template_dir / "actions.csv", 5, "requires", "T09")  # T10 -> T04 -> T09
    assert ("T09", "T10") not in pair(probable_overlaps(inputs.load_case(template_dir)))


def test_no_shared_group_or_barrier_means_no_overlap(template_dir: Path):
    plant(template_dir, b_groups=("jongeren",))
    assert ("T09", "T10") not in pair(probable_overlaps(inputs.load_case(template_dir)))


def test_check_lists_warnings_and_overlaps(template_dir: Path):
    plant(template_dir)
    edit_csv(template_dir / "budgets.csv", 3, "budget_eur", 1700000)
    result = check(inputs.load_case(template_dir))
    assert [w.code for w in result.warnings] == ["year_budgets_exceed_total"]
    assert pair(result.overlaps) == [("T09", "T10"), ("T05", "T10")]
    assert result.model_dump()["overlaps"][0]["evidence"].startswith("T09 'Taalcoaching op de werkvloer'")


# --------------------------------------------------------------------------- the bundled cases


def test_bundled_template_has_no_probable_overlap(template_case):
    assert probable_overlaps(template_case) == []


def test_bundled_flanders_overlaps():
    """No two proposals of different domains have alike names outside an overlap group (A28/A29, 0.83, are
    one). Five pairs share every barrier and group with no synergy between them: the two sizes of the
    integrated language route (A10, A11) against diploma recognition (A13) and bridging for the highly
    educated (A17), and the light rights desk A21 against gradual return to work A24 (its large variant A22
    has a synergy with A24, A21 has none)."""
    found = probable_overlaps(inputs.load_case(FLANDERS))
    assert [(o.a, o.b) for o in found] == [("A10", "A17"), ("A11", "A17"), ("A10", "A13"), ("A11", "A13"),
                                           ("A21", "A24")]
    assert not any(o.names_alike for o in found)
    assert all(o.same_barriers and o.same_groups for o in found)


# --------------------------------------------------------------------------- the measure and its bounds


def test_normalise():
    assert normalise("Geïntegreerd traject (2.500 per jaar)") == "geintegreerd traject 2 500 per jaar"
    assert normalise("  E-bikes_in  BRUIKLEEN! ") == "e bikes in bruikleen"
    assert normalise("???") == "" and similarity("", "") == 0.0


def _lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def test_bit_parallel_lcs_equals_dynamic_programming():
    rng = random.Random(3)
    for _ in range(2000):
        a = "".join(rng.choice("abc d") for _ in range(rng.randint(0, 14)))
        b = "".join(rng.choice("abcde") for _ in range(rng.randint(0, 14)))
        masks: dict[str, int] = {}
        for k, ch in enumerate(b):
            masks[ch] = masks.get(ch, 0) | (1 << k)
        assert lcs_length(a, masks, len(b)) == _lcs(a, b)
        if a and b:
            assert difflib.SequenceMatcher(None, a, b).ratio() <= 2 * _lcs(a, b) / (len(a) + len(b)) + 1e-12


def _words() -> list[str]:
    case = inputs.load_case(FLANDERS)
    text = " ".join(f"{a.name} {a.description or ''}" for a in case.actions).lower()
    return sorted({w for w in re.findall(r"\w+", text) if len(w) > 1})


def generated(n: int, seed: int, n_barriers: int = 15, n_groups: int = 10, n_domains: int = 6,
              words: list[str] | None = None, length: tuple[int, int] = (3, 9)) -> Case:
    """A case of `n` actions with names of a few words of the bundled case's vocabulary (or `words`)."""
    rng = random.Random(seed)
    words = words or _words()
    domains = tuple(Domain(domain=f"d{i}", name=f"D{i}", budget_eur=1e9) for i in range(n_domains))
    groups = tuple(Group(group=f"g{i}", name=f"G{i}", population=10**6, max_extra_jobs=1e5) for i in range(n_groups))
    barriers = tuple(Barrier(barrier=f"b{i}", name=f"B{i}", priority=False) for i in range(n_barriers))
    actions, costs, reach = [], [], []
    for i in range(n):
        a = f"A{i:05d}"
        lead = rng.choice(domains).domain
        name = " ".join(rng.choice(words) for _ in range(rng.randint(*length))).capitalize()
        actions.append(Action(action=a, name=name, lead_domain=lead,
                              barriers=tuple(rng.sample([b.barrier for b in barriers], rng.randint(1, 3)))))
        costs.append(Cost(action=a, domain=lead, cost_eur=rng.randint(1, 100) * 1e5))
        reach += [Reach(action=a, group=g.group, reach=rng.randint(10, 1000), effect=0.05)
                  for g in rng.sample(groups, rng.randint(1, 3))]
    return Case(name="generated", domains=domains, groups=groups, barriers=barriers, actions=tuple(actions),
                costs=tuple(costs), reach=tuple(reach))


def plain_search(case: Case, t: float = MIN_SIMILARITY) -> set[tuple[str, str, float]]:
    """The definition, pair by pair, without any bound: what the fast search must return."""
    groups: dict[str, set[str]] = {a.action: set() for a in case.actions}
    for r in case.reach:
        groups[r.action].add(r.group)
    synergy = {frozenset((s.action_a, s.action_b)) for s in case.synergies}
    out = set()
    for a, b in itertools.combinations(case.actions, 2):
        if a.lead_domain == b.lead_domain or not set(a.barriers) & set(b.barriers):
            continue
        if not groups[a.action] & groups[b.action] or frozenset((a.action, b.action)) in synergy:
            continue
        if a.overlap_group is not None and a.overlap_group == b.overlap_group:
            continue
        sim = similarity(normalise(a.name), normalise(b.name))
        same = set(a.barriers) == set(b.barriers) and groups[a.action] == groups[b.action]
        if sim >= t or same:
            out.add((a.action, b.action, round(sim, 4)))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_fast_search_equals_the_plain_definition(seed):
    # few words, few barriers and groups: many alike names, many candidates for every bound to decide
    case = generated(250, seed, n_barriers=4, n_groups=3, n_domains=3,
                     words=["taal", "coach", "werk", "vloer", "opvang", "kind", "fiets", "traject", "op", "de"],
                     length=(2, 4))
    fast = {(o.a, o.b, o.name_similarity) for o in probable_overlaps(case)}
    assert fast == plain_search(case)
    assert len(fast) > 100


def test_five_thousand_actions_in_a_few_seconds():
    case = generated(5000, 0)
    start = time.perf_counter()
    found = probable_overlaps(case)
    seconds = time.perf_counter() - start
    print(f"probable_overlaps on 5,000 actions: {seconds:.2f} s, {len(found)} pairs")
    assert seconds < 10, f"{seconds:.1f} s"
    assert len(found) > 1000  # random word salads share no names, but many share every barrier and group
