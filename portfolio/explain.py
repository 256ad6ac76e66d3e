"""Explain an infeasible case: the smallest set of rule instances that cannot hold together, said in a
planner's words with the numbers, and the least change of each that makes the case feasible.

The set is found by a deletion filter over the rule instances (rows grouped by
rule and subject: a budget of a domain in a year, the coverage of a barrier, a
lock, a share, the target ...); the rows that count jobs always stay. A group
leaves the set when the case without it is still proven infeasible, so what
remains is irreducible: drop any one of its rules and the conflict is gone.
Groups are tried in halves first, so a small conflict among many rules costs
few solves. Each check is an exact feasibility solve (HiGHS, no objective).

Every sentence is built as a phrase (models.phrase; its words in portfolio/core/phrases/explain.py and
rules.py) and kept beside its English text, so the terminal and the report say it in their reader's language.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from inputs.overlay import apply_scenario
from models import Case, SolverSettings
from models.casedata import CaseData
from models.explain import Conflict, Explanation, Relaxation
from models.phrase import Phrase, count, eur_short, fixed, jobs, joined, pct, phrase
from models.scenario import BudgetChange, Scenario
from portfolio.backends import RawStatus, get_backend
from portfolio.core.interrupt import Stopped, complete
from portfolio.core.phrases import english
from portfolio.formulation import Formulation
from portfolio.formulation.build import build
from portfolio.formulation.model import INF
from portfolio.rules import DEFAULT_RULES, JOBS_MODEL, RuleSet
from portfolio.rules.base import also, named
from portfolio.rules.budget import budget_of, budget_words, cost_at, start_limit
from portfolio.solve import solve
from portfolio.verify import evaluate

Group = tuple[str, tuple]  # (rule, subject)
CHECK_LIMIT_S = 10.0  # per feasibility solve


def explain(case: Case, settings: SolverSettings | None = None, backend: str = "highs",
            rules: RuleSet = DEFAULT_RULES) -> Explanation:
    """The conflict among `rules` of an infeasible case and its relaxations; status "feasible" when there is
    none."""
    return _Explainer(case, settings, backend, rules).run()


class _Explainer:
    def __init__(self, case: Case, settings: SolverSettings | None, backend: str,
                 rules: RuleSet = DEFAULT_RULES) -> None:
        self.case = case
        self.rule_set = rules
        self.data = CaseData.of(case)
        self.form = build(case, data=self.data, rules=rules)
        base = settings or case.solver
        self.settings = base.model_copy(update={"backend": backend, "time_limit_s": min(base.time_limit_s,
                                                                                       CHECK_LIMIT_S)})
        self.backend = get_backend(backend)
        self.groups: dict[Group, list[str]] = {}
        for r in self.form.rows:
            if r.rule != JOBS_MODEL:
                self.groups.setdefault((r.rule, r.subject), []).append(r.name)
        self.checks = 0
        self.minimal = True

    # ------------------------------------------------------------------ feasibility checks

    def _variant(self, active: set[Group], objective: dict[int, float] | None = None,
                 sense: str = "max") -> Formulation:
        form = self.form.copy()
        for group, names in self.groups.items():
            if group not in active:
                for name in names:
                    form.set_row_bounds(name, lower=-INF, upper=INF)
        form.set_objective(objective or {}, sense, "explain")
        return form

    def _solve(self, form: Formulation):
        """A check that finds the set (counted in `checks`): the backend's answer on `form`."""
        self.checks += 1
        return self._answer(form)

    def _answer(self, form: Formulation):
        """The backend's answer on `form`; Stopped when Ctrl-C stopped the solver (its answer is then no answer
        at all, and the explanation ends)."""
        raw = self.backend.solve(form, self.settings)
        if raw.report is not None and raw.report.interrupted:
            raise Stopped("the explanation was stopped by Ctrl-C")
        return raw

    def infeasible(self, active: set[Group]) -> bool | None:
        """True: proven infeasible; False: a portfolio exists; None: undecided within the time limit."""
        raw = self._solve(self._variant(active))
        if raw.status == RawStatus.INFEASIBLE:
            return True
        if raw.status in (RawStatus.OPTIMAL, RawStatus.FEASIBLE):
            return False
        return None

    def _filter(self, keep: set[Group], candidates: list[Group]) -> set[Group]:
        """Remove from `keep` as many `candidates` as possible while it stays proven infeasible."""
        if not candidates:
            return keep
        answer = self.infeasible(keep - set(candidates))
        if answer is True:
            return keep - set(candidates)
        if len(candidates) == 1:
            self.minimal = self.minimal and answer is not None
            return keep
        half = len(candidates) // 2
        keep = self._filter(keep, candidates[:half])
        return self._filter(keep, [g for g in candidates[half:] if g in keep])

    # ------------------------------------------------------------------ the explanation

    def run(self) -> Explanation:
        everything = set(self.groups)
        answer = self.infeasible(everything)
        if answer is not True:
            status = "feasible" if answer is False else "undecided"
            starts = self._starts() if answer is False and self.data.phased else []
            summary = phrase("explain.feasible" if answer is False else "explain.undecided")
            if starts:
                summary = joined([summary, phrase("explain.starts_head"), *numbered(starts)], "lines")
            return Explanation(status=status, checks=self.checks, summary=english(summary),
                               summary_phrase=summary, starts=list(map(english, starts)), start_phrases=starts)
        # One conflict after the other: find one, set aside its most relaxable rule, look again.
        conflicts: list[set[Group]] = []
        dropped: list[Group] = []
        active = set(everything)
        while len(conflicts) < MAX_CONFLICTS:
            found = self._filter(active, sorted(active, key=_order))
            conflicts.append(found)
            relaxable = sorted((g for g in found if g[0] in _DROP_ORDER), key=lambda g: _DROP_ORDER[g[0]])
            if not relaxable:
                break
            dropped.append(relaxable[0])
            active -= {relaxable[0]}
            if self.infeasible(active) is not True:
                break
        listed = [(n, g) for n, found in enumerate(conflicts, 1) for g in sorted(found, key=_order)]
        items = [self._conflict(g, conflicts[n - 1], n) for n, g in listed]
        relaxations = [r for g in sorted(conflicts[0], key=_order) for r in self._relax(g, everything)]
        together = any(r.rule == "budget" and not r.makes_feasible for r in relaxations)
        if together:  # a budget alone does not help: the least money over the budgets together does
            relaxations.append(self._relax_all_budgets())
        # confirm each claim on the case itself, changed as the relaxation says
        relaxations = [r.model_copy(update={"makes_feasible": self._feasible_after([r])})
                       if r.makes_feasible and r.setting is not None else r for r in relaxations]
        if not any(r.makes_feasible for r in relaxations) and dropped:
            relaxations.append(self._combined(dropped, everything))
        if not any(r.makes_feasible for r in relaxations) and not together:
            relaxations.append(self._relax_all_budgets())
        summary = _summary(items, len(conflicts))
        return Explanation(status="infeasible", conflicts=items, relaxations=relaxations,
                           summary=english(summary), summary_phrase=summary, minimal=self.minimal,
                           checks=self.checks)

    def _starts(self) -> list[Phrase]:
        """Phased case with a portfolio: the start reasons of its optimal plan (`start_phrases`)."""
        self.checks += 1
        solution = complete(solve(self.case, self.settings, rules=self.rule_set), "the explanation's plan")
        if not solution.status.has_portfolio:
            return []
        return start_phrases(self.case, solution.plan, self.data, self.rule_set)

    def _combined(self, dropped: list[Group], everything: set[Group]) -> Relaxation:
        """One change per conflict, each computed with the others made: together they make the case feasible."""
        steps = []
        for g in dropped:
            options = self._relax(g, everything - (set(dropped) - {g}))
            step = next((r for r in options if r.makes_feasible and r.setting is not None), None)
            if step is None:
                return Relaxation(rule="combined", subject="", makes_feasible=False,
                                  **change(phrase("explain.combined.none")))
            steps.append(step)
        feasible = self._feasible_after(steps)
        together = phrase("explain.combined",
                          steps=joined([r.change_phrase or r.change for r in steps], "semicolon"))
        return Relaxation(rule="combined", subject=";".join(f"{r.rule}:{r.subject}" for r in steps),
                          **change(together), makes_feasible=feasible, steps=steps)

    def _feasible_after(self, steps: list[Relaxation]) -> bool:
        case = self.case
        for step in steps:
            case = apply_relaxation(case, step)
        self.checks += 1
        return complete(solve(case, self.settings, rules=self.rule_set, early=False),
                        "the explanation's check").status.has_portfolio

    def _conflict(self, group: Group, conflict: set[Group], number: int) -> Conflict:
        name, subject = group
        message = self.rule_set.named(name).describe(self.data, subject)
        if name == "budget":
            message = also(message, self._budget_detail(subject, conflict))
        return Conflict(rule=name, subject=",".join(map(str, subject)), name=self.groups[group][0],
                        message=english(message), conflict=number,
                        message_phrase=message if isinstance(message, Phrase) else None)

    def _budget_detail(self, subject: tuple, conflict: set[Group]) -> list[Phrase]:
        """What the actions the other rules of the conflict ask for cost this budget, and what locks use."""
        if self.data.phased:
            return self._phased_budget_detail(subject, conflict)
        costs = self.data.cost_by_domain[subject[0]] if len(subject) == 1 else self.data.cost_by_domain_year.get(
            (subject[0], subject[1]), {})
        wanted: list[str] = []
        for other, other_subject in conflict:
            if other == "coverage":
                wanted += self.data.addressing[str(other_subject[0])]
            elif other == "participation":
                wanted += self.data.led_by[str(other_subject[0])]
        locked = [a for a in self.case.rules.locked_in if a in costs]
        parts = []
        asked = [a for a in dict.fromkeys(wanted) if costs.get(a)]
        if asked:
            parts.append(phrase("explain.budget.asked", costs=joined(joined([a, eur_short(costs[a])], "space")
                                                                      for a in asked)))
        if locked:
            used = math.fsum(costs[a] for a in locked)
            limit = self.form.row(self.groups[("budget", subject)][0]).upper
            parts.append(phrase("explain.budget.locked", actions=joined(locked), used=eur_short(used),
                                left=eur_short(max(0.0, limit - used))))
        return parts

    def _phased_budget_detail(self, key: tuple, conflict: set[Group]) -> list[Phrase]:
        """Phased case: what the starts the conflict fixes (rules.start_in) cost this budget, what the actions
        it asks for (locks, coverage, participation) cost it at the least in any year of their windows, and
        which start years the budget rules out for each."""
        data, rules = self.data, self.case.rules
        fixed: dict[str, int] = {}
        wanted: list[str] = []
        for other, other_subject in sorted(conflict, key=_order):
            if other == "start_in":
                fixed[str(other_subject[0])] = int(other_subject[1])
            elif other == "locks" and other_subject[1] == "in":
                wanted.append(str(other_subject[0]))
            elif other == "coverage":
                wanted += data.addressing[str(other_subject[0])]
            elif other == "participation":
                wanted += data.led_by[str(other_subject[0])]
        limit = budget_of(data, key)
        used = {a: cost_at(data, a, s, key) for a, s in fixed.items()}
        room = limit - math.fsum(used.values())
        parts = [phrase("explain.budget.fixed", action=a, year=fixed[a], cost=eur_short(e))
                 for a, e in used.items() if e > 0]
        parts += [w for a, e in used.items() if (w := start_limit(data, a, key, room + e, (fixed[a],)))]
        for a in dict.fromkeys(w for w in wanted if w not in fixed and w not in rules.start_in):
            least = min(cost_at(data, a, s, key) for s in data.windows[a])
            if least > 0:
                parts.append(phrase("explain.budget.least", action=a, cost=eur_short(least),
                                    years=_span(data.windows[a])))
            if a in rules.locked_in and (w := start_limit(data, a, key, room)):
                parts.append(w)
        return parts

    # ------------------------------------------------------------------ relaxations

    def _optimum(self, active: set[Group], objective: dict[int, float], sense: str,
                 extra: Callable[[Formulation], dict[int, float]] | None = None) -> float | None:
        """The optimum of `objective` over the case with the `active` rule groups (None: no portfolio)."""
        form = self._variant(active)
        if extra is not None:
            objective = extra(form)
        form.set_objective(objective, sense, "explain")
        raw = self._solve(form)
        if raw.status not in (RawStatus.OPTIMAL, RawStatus.FEASIBLE) or raw.objective is None:
            return None
        return raw.objective if raw.status == RawStatus.OPTIMAL else None

    def _relax(self, group: Group, context: set[Group]) -> list[Relaxation]:
        """The ways to relax `group`, each computed with the rule groups of `context` in force."""
        name, subject = group
        others = context - {group}
        label = ",".join(map(str, subject))
        x, z = self.form.action_columns, self.form.group_columns
        rules = self.case.rules

        def relaxation(said: Phrase, feasible: bool, setting: str | None = None, value=None,
                       amount: float | None = None) -> Relaxation:
            return Relaxation(rule=name, subject=label, **change(said), makes_feasible=feasible,
                              setting=setting, value=value, amount=amount)

        if name == "budget":
            return [self._relax_budget(group, context)]
        if name == "target":
            most = self._optimum(others, dict.fromkeys(z.values(), 1.0), "max")
            target = self.case.jobs_target
            if most is None:
                return [relaxation(phrase("explain.target.alone"), False)]
            lowest = math.floor(most)
            said = phrase("explain.target.lower", target=fixed(target, 0), lowest=count(lowest))
            return [relaxation(said, True, "jobs_target", float(lowest), target - lowest)]
        if name in ("coverage", "participation"):
            key = "min_actions_per_priority_barrier" if name == "coverage" else "min_actions_per_domain"
            need = self.rule_set.named(name).need(self.data)
            out = []
            k = self._lowest_count(name, need, context)
            if k is None:
                out.append(relaxation(phrase("explain.count.alone", setting=key), False))
            else:
                out.append(relaxation(phrase("explain.count.lower", setting=key, need=need, k=k), True,
                                      f"rules.{key}", k, float(need - k)))
            if name == "coverage":
                barrier = str(subject[0])
                said = phrase("explain.priority.drop", barrier=named(self.data, "barrier", barrier))
                out.append(relaxation(said, self.infeasible(others) is False, f"barriers.{barrier}.priority",
                                      False))
            return out
        if name == "max_actions":
            least = self._optimum(others, dict.fromkeys(x.values(), 1.0), "min")
            if least is None:
                return [relaxation(phrase("explain.max_actions.alone", setting="max_actions"), False)]
            k = int(round(least))
            said = phrase("explain.max_actions.raise", setting="max_actions", was=rules.max_actions, k=k)
            return [relaxation(said, True, "rules.max_actions", k, float(k - rules.max_actions))]
        if name == "locks":
            a, kind = map(str, subject)
            return [relaxation(phrase(f"explain.unlock.{kind}", action=named(self.data, "action", a)),
                               self.infeasible(others) is False, f"rules.locked_{kind}", a)]
        if name == "equity":
            g = str(subject[0])
            share = rules.min_group_share[g]
            who = named(self.data, "group", g)
            if self.infeasible(others) is not False:
                return [relaxation(phrase("explain.share.alone", group=who), False,
                                   f"rules.min_group_share.{g}", None)]
            low = self._highest_share(group, share, context)
            said = (phrase("explain.share.lower", group=who, share=pct(share, 1), low=pct(low, 1)) if low > 0
                    else phrase("explain.share.drop", group=who, share=pct(share, 1)))
            return [relaxation(said, True, f"rules.min_group_share.{g}", low if low > 0 else None,
                               share - low)]
        if name == "start_in":
            return [self._relax_start(group, context)]
        return []  # overlap and requires describe the actions themselves: nothing to relax

    def _relax_start(self, group: Group, context: set[Group]) -> Relaxation:
        """Phased case: the nearest other start year of the action's window that makes the case feasible, else
        dropping the fixed start."""
        a, year = str(group[1][0]), int(group[1][1])
        label = f"{a},{year}"
        others = context - {group}
        for other in sorted((y for y in self.data.windows[a] if y != year), key=lambda y: (abs(y - year), y)):
            form = self._variant(others)
            form.add_row("start_instead", {self.form.start_columns[a, other]: 1.0}, lower=1)
            self.checks += 1
            if self._answer(form).status in (RawStatus.OPTIMAL, RawStatus.FEASIBLE):
                return Relaxation(rule="start_in", subject=label, makes_feasible=True, value=other,
                                  setting=f"rules.start_in.{a}", amount=float(other - year),
                                  **change(phrase("explain.start.move", action=named(self.data, "action", a),
                                                  year=other, was=year)))
        return Relaxation(rule="start_in", subject=label, makes_feasible=self.infeasible(others) is False,
                          setting=f"rules.start_in.{a}", value=None,
                          **change(phrase("explain.start.drop", action=named(self.data, "action", a),
                                          year=year, setting="rules.start_in")))

    def _lowest_count(self, name: str, need: int, context: set[Group]) -> int | None:
        """The largest k < need for which every row of the counting rule `name` can ask k (None: not even 0)."""
        for k in range(need - 1, -1, -1):
            form = self._variant(context)
            for r in form.rows_of(name):
                form.set_row_bounds(r.name, lower=k)
            self.checks += 1
            if self._answer(form).status in (RawStatus.OPTIMAL, RawStatus.FEASIBLE):
                return k
        return None

    def _highest_share(self, group: Group, share: float, context: set[Group], steps: int = 10) -> float:
        """A share (3 decimals, rounded down) that the case can meet, found by bisection below `share`."""
        row = self.groups[group][0]
        low, high = 0.0, share
        z = self.form.group_columns
        g = str(group[1][0])
        for _ in range(steps):
            middle = (low + high) / 2
            form = self._variant(context)
            for j in z.values():
                form.set_coefficient(row, j, (1 - middle) if j == z[g] else -middle)
            self.checks += 1
            if self._answer(form).status in (RawStatus.OPTIMAL, RawStatus.FEASIBLE):
                low = middle
            else:
                high = middle
        return math.floor(low * 1000) / 1000

    def _relax_budget(self, group: Group, context: set[Group]) -> Relaxation:
        """The least extra budget (EUR) that makes the case feasible; a year's extra raises the total too."""
        _name, subject = group
        domain = str(subject[0])
        rows = [self.groups[group][0]]
        if len(subject) == 2 and ("budget", (domain,)) in self.groups:
            rows.append(self.groups[("budget", (domain,))][0])

        def with_slack(form: Formulation) -> dict[int, float]:
            e = form.add_column("extra_budget", 0.0, INF, integer=False)
            for row in rows:
                form.set_coefficient(row, e, -1.0)
            return {e: 1.0}

        extra = self._optimum(context, {}, "min", with_slack)
        year = dict(year=subject[1]) if len(subject) == 2 else {}
        who = named(self.data, "domain", domain)
        label = ",".join(map(str, subject))
        if extra is None:
            return Relaxation(rule="budget", subject=label, makes_feasible=False,
                              **change(phrase("explain.budget.alone_year" if year else "explain.budget.alone",
                                              domain=who, **year)))
        extra = _money_up(extra)
        limit = self.form.row(rows[0]).upper
        key = "explain.budget.raise_year_total" if len(rows) == 2 else (
            "explain.budget.raise_year" if year else "explain.budget.raise")
        return Relaxation(rule="budget", subject=label, amount=extra, makes_feasible=True,
                          setting=f"budgets.{'.'.join(map(str, subject))}", value=limit + extra,
                          **change(phrase(key, domain=who, extra=eur_short(extra),
                                          new=eur_short(limit + extra), **year)))

    def _relax_all_budgets(self) -> Relaxation:
        """The least new money over all budgets together that makes the case feasible with every other rule in
        force, per budget: a year's extra is new money of its domain, so its total grows by it too."""
        subjects = {names[0]: subject for (name, subject), names in self.groups.items() if name == "budget"}
        totals = {subject[0]: row for row, subject in subjects.items() if len(subject) == 1}
        columns: dict[str, int] = {}

        def with_slacks(form: Formulation) -> dict[int, float]:
            for row, subject in subjects.items():
                columns[row] = form.add_column(f"extra[{row}]", 0.0, INF, integer=False)
                form.set_coefficient(row, columns[row], -1.0)
                if len(subject) == 2 and subject[0] in totals:
                    form.set_coefficient(totals[subject[0]], columns[row], -1.0)
            return dict.fromkeys(columns.values(), 1.0)

        form = self._variant(set(self.groups))
        form.set_objective(with_slacks(form), "min", "explain")
        raw = self._solve(form)
        if raw.status != RawStatus.OPTIMAL:
            return Relaxation(rule="budget", subject="all", makes_feasible=False,
                              **change(phrase("explain.budgets.none")))
        new = {row: _money_up(raw.values[j]) for row, j in columns.items() if raw.values[j] > 0.5}
        amounts = dict(new)
        for row, extra in new.items():
            if len(subjects[row]) == 2 and subjects[row][0] in totals:
                total = totals[subjects[row][0]]
                amounts[total] = amounts.get(total, 0.0) + extra
        def each(subject: tuple, extra: float) -> Phrase:
            who = named(self.data, "domain", str(subject[0]))
            if len(subject) == 2:
                return phrase("explain.budgets.year", domain=who, year=subject[1], extra=eur_short(extra))
            return phrase("explain.budgets.horizon", domain=who, extra=eur_short(extra))

        listed = joined([each(subjects[row], extra) for row, extra in new.items()], "semicolon")
        years = any(len(subjects[row]) == 2 for row in new)
        in_all = math.fsum(new.values())
        said = phrase("explain.budgets.raise_years" if years else "explain.budgets.raise",
                      total=eur_short(in_all), each=listed)
        return Relaxation(rule="budget", subject="all", amount=in_all, makes_feasible=True, **change(said),
                          setting="budgets", amounts=amounts)


def start_reasons(case: Case, plan: dict[str, int], data: CaseData | None = None,
                  rules: RuleSet = DEFAULT_RULES) -> list[str]:
    """`start_phrases` in English."""
    return [english(p) for p in start_phrases(case, plan, data, rules)]


def start_phrases(case: Case, plan: dict[str, int], data: CaseData | None = None,
                  rules: RuleSet = DEFAULT_RULES) -> list[Phrase]:
    """Why each action of the phased `plan` (action -> start year) starts when it does and not in an earlier
    year of its window: one line per such action, giving for each earlier year the first rule that moving it
    there breaks (a year's budget with the spend, a requirement with its start) or what the move does to the
    jobs of the target year; the actions whose every earlier start would keep every rule and the same jobs
    share a last line (ties). No solver: each move is recomputed by `evaluate`."""
    data = data or CaseData.of(case)
    base = evaluate(case, plan, data, rules=rules)
    out, ties = [], []
    for a, start in sorted(plan.items(), key=lambda item: (item[1], item[0])):
        earlier = [y for y in data.windows[a] if y < start]
        if not earlier:
            continue
        why, same = [], True
        for year in earlier:
            moved = evaluate(case, {**plan, a: year}, data, rules=rules)
            more = moved.jobs_total - base.jobs_total
            if moved.violations:
                broken = _broken(data, moved.violations[0], plan)
                why.append(phrase("explain.start.breaks", year=year, broken=broken))
            elif abs(more) >= 0.05:
                why.append(phrase("explain.start.more" if more > 0 else "explain.start.fewer", year=year,
                                  jobs=jobs(abs(more)), target=data.target))
            else:
                why.append(phrase("explain.start.same", year=year, target=data.target))
                continue
            same = False
        if same:
            ties.append(f"{a} ({start})")
            continue
        out.append(phrase("explain.start.line", action=a, start=start, years=_span(earlier),
                          why=joined(why, "semicolon")))
    if ties:
        out.append(phrase("explain.start.ties", ties=joined(ties), target=data.target))
    return out


def _broken(data: CaseData, check, plan: dict[str, int]) -> Phrase:
    """A broken rule instance of a moved plan in words: `the 2027 budget of Mobiliteit (mow) (EUR 12 spent,
    EUR 10 allowed)`, `its requirement A03, which starts in 2028`, or the rule's own words."""
    if check.rule == "budget":
        return phrase("explain.broken.budget", budget=budget_words(data, tuple(check.subject)),
                      spent=eur_short(check.value), allowed=eur_short(check.limit))
    if check.rule == "requires" and check.subject[1] in plan:
        b = check.subject[1]
        return phrase("explain.broken.requires", required=b, year=plan[b])
    return phrase("explain.broken.other", row=check.name, value=fixed(check.value, 2), sense=check.sense,
                  limit=fixed(check.limit, 2))


def _span(years) -> str:
    """`2027`, or `2026-2028` for the first and last of several years."""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def change(said: Phrase) -> dict:
    """A relaxation's change in English and as a phrase."""
    return dict(change=english(said), change_phrase=said)


def numbered(lines) -> list:
    """`1. first`, `2. second`, ... as parts of a phrase."""
    return [joined([f"{i}.", line], "space") for i, line in enumerate(lines, 1)]


def _money_up(value: float) -> float:
    """An amount of EUR rounded up to whole euros (a solver's slack carries rounding noise)."""
    return float(math.ceil(value - 1e-6))


def _summary(items: list[Conflict], conflicts: int) -> Phrase:
    """Each conflict's head and its rules, numbered, one to a line."""
    lines = []
    for n in range(1, conflicts + 1):
        mine = [c for c in items if c.conflict == n]
        head = phrase("explain.rules", n=len(mine)) if len(mine) > 1 else phrase("explain.rule")
        if conflicts > 1:
            head = phrase("explain.conflict_of", n=n, count=conflicts, head=head)
        lines += [head, *numbered(c.message_phrase or c.message for c in mine)]
    return joined(lines, "lines")


def apply_relaxation(case: Case, r: Relaxation) -> Case:
    """The case changed as a relaxation says (its `setting` and `value`, or its steps); CaseError if invalid."""
    if r.steps:
        for step in r.steps:
            case = apply_relaxation(case, step)
        return case
    key, value = r.setting, r.value
    rules = case.rules.model_dump()
    data = case.model_dump()
    if key == "budgets":
        for d in data["domains"]:
            d["budget_eur"] += r.amounts.get(f"budget[{d['domain']}]", 0.0)
        for b in data["budgets"] or ():
            b["budget_eur"] += r.amounts.get(f"budget[{b['domain']},{b['year']}]", 0.0)
        return Case.model_validate(data)
    if key is None:
        return case
    if key.startswith("budgets."):
        parts = key.split(".")[1:]
        year = int(parts[1]) if len(parts) == 2 else None
        change = BudgetChange(domain=parts[0], year=year, amount_eur=value)
        return apply_scenario(case, Scenario(name="relax", budgets=(change,)))
    if key == "jobs_target":
        data["jobs_target"] = value
    elif key.startswith("barriers."):
        barrier = key.split(".")[1]
        for b in data["barriers"]:
            if b["barrier"] == barrier:
                b["priority"] = bool(value)
    elif key.startswith("rules.min_group_share."):
        group = key.rsplit(".", 1)[1]
        if value is None:
            rules["min_group_share"].pop(group, None)
        else:
            rules["min_group_share"][group] = value
    elif key.startswith("rules.start_in."):
        action = key.rsplit(".", 1)[1]
        if value is None:
            rules["start_in"].pop(action, None)
        else:
            rules["start_in"][action] = int(value)
    elif key in ("rules.locked_in", "rules.locked_out"):
        field = key.split(".")[1]
        rules[field] = [a for a in rules[field] if a != value]
    else:
        rules[key.split(".", 1)[1]] = value
    data["rules"] = rules
    return Case.model_validate(data)


MAX_CONFLICTS = 5
# Which rule of a conflict to set aside first when looking for the next conflict (overlap and requires are
# facts of the actions, never set aside).
_DROP_ORDER = {"locks": 0, "start_in": 0, "target": 1, "max_actions": 2, "equity": 3, "coverage": 4,
               "participation": 5, "budget": 6}

_RULE_ORDER = {"target": 0, "coverage": 1, "participation": 2, "equity": 3, "max_actions": 4, "locks": 5,
               "start_in": 5, "budget": 6, "overlap": 7, "requires": 8}


def _order(group: Group):
    name, subject = group
    return (_RULE_ORDER.get(name, 9), tuple(map(str, subject)))
