"""Rule 3, requires: an action is chosen only together with the actions it requires."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, phrase
from portfolio.core.outcome import Outcome
from portfolio.formulation.jobs import started_by
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, also, named


class Requires(Rule):
    name = "requires"
    summary = "an action is chosen only with every action it requires"

    def applies(self, data: CaseData) -> bool:
        return any(a.requires for a in data.case.actions)

    def add(self, form: Formulation, data: CaseData) -> None:
        x = form.action_columns
        for a in data.case.actions:
            for b in a.requires:
                if data.phased:
                    self._add_phased(form, data, a.action, b)
                    continue
                form.add_row(self.row_name("requires", (a.action, b)), {x[a.action]: 1, x[b]: -1}, upper=0,
                             rule=self.name, subject=(a.action, b))

    def _years(self, data: CaseData, a: str, b: str) -> list[tuple[int, tuple]]:
        """Spec 4.1, b starts no later than a: for every year t, b has started by t if a has. Only the years
        where a may start need a row (before them a has not started; after the last, the row of the last year
        says it), and the years up to then where b's started-by sum changes. Each year with its subject: the
        last year's row, which compares the selections, keeps the name of v1."""
        first_a = data.windows[a][0]
        last = max(data.windows[a][-1], data.windows[b][-1])
        years = sorted({t for t in (*data.windows[a], *data.windows[b]) if first_a <= t <= last})
        return [(t, (a, b) if t == last else (a, b, t)) for t in years]

    def _add_phased(self, form: Formulation, data: CaseData, a: str, b: str) -> None:
        for t, subject in self._years(data, a, b):
            coefs = dict(started_by(form, data, a, t))
            for j, v in started_by(form, data, b, t).items():
                coefs[j] = coefs.get(j, 0.0) - v
            form.add_row(self.row_name("requires", subject), coefs, upper=0, rule=self.name, subject=subject)

    def check(self, data: CaseData, result: Outcome):
        chosen = result.chosen
        for a in data.case.actions:
            for b in a.requires:
                if not data.phased:
                    yield self.rule_check(self.row_name("requires", (a.action, b)), (a.action, b),
                                          int(a.action in chosen) - int(b in chosen), "<=", 0)
                    continue
                starts = result.starts
                for t, subject in self._years(data, a.action, b):
                    value = int(starts.get(a.action, t + 1) <= t) - int(starts.get(b, t + 1) <= t)
                    yield self.rule_check(self.row_name("requires", subject), subject, value, "<=", 0)

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        return all(b in chosen for a in data.case.actions if a.action in chosen for b in a.requires)

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        a, b = map(str, subject[:2])
        who = dict(action=named(data, "action", a), required=named(data, "action", b))
        if not data.phased:
            return phrase("rule.requires", **who)
        if len(subject) > 2:
            text = phrase("rule.requires.phased_by", year=str(subject[2]), **who)
        else:
            text = phrase("rule.requires.phased", **who)
        first_b = earliest_starts(data)[b]
        year = int(subject[2]) if len(subject) > 2 else latest_start(data, a)
        if first_b is None or first_b <= year:
            return text
        return also(text, [phrase("rule.requires.too_late", required=b, first=first_b, action=a, year=year)])

    def conflicts(self, data: CaseData):
        rules = data.case.rules
        blocked = set(rules.locked_out)
        for a in sorted(set(rules.locked_in)):
            for b in data.case.action(a).requires:
                if b in blocked:
                    yield phrase("rule.requires.locked_out", row=self.row_name("requires", (a, b)),
                                 lock=f"locked_out[{b}]", action=a, required=b)
        if data.phased:
            yield from _late_requirements(data)


def latest_start(data: CaseData, action: str) -> int:
    """The last year `action` may start in a phased case: its year of rules.start_in, or its window's last."""
    return data.case.rules.start_in.get(action, data.windows[action][-1])


def earliest_starts(data: CaseData) -> dict[str, int | None]:
    """Phased case: the first year each action can start, its requirements (transitively, each started no
    later) and rules.start_in included; None when no year can satisfy them."""
    out: dict[str, int | None] = {}
    visiting: set[str] = set()

    def first(a: str) -> int | None:
        if a in out:
            return out[a]
        if a in visiting:  # a cycle of requirements: each may start with the others in the same year
            return data.windows[a][0]
        visiting.add(a)
        year: int | None = data.case.rules.start_in.get(a, data.windows[a][0])
        for b in data.case.action(a).requires:
            need = first(b)
            year = None if need is None or year is None else max(year, need)
        if year is not None and year > latest_start(data, a):
            year = None
        visiting.discard(a)
        out[a] = year
        return year

    for a in data.actions:
        first(a)
    return out


def _late_requirements(data: CaseData):
    """Actions that must start (locked in, rules.start_in) but require one that cannot start early enough."""
    rules = data.case.rules
    first = earliest_starts(data)
    must = dict.fromkeys([*rules.locked_in, *rules.start_in])
    for a in must:
        last = latest_start(data, a)
        when = "in" if a in rules.start_in or len(data.windows[a]) == 1 else "by"
        why = "rules.start_in" if a in rules.start_in else "locked_in"
        for b in data.case.action(a).requires:
            said = dict(row=f"requires[{a},{b}]", why=why, action=a, year=last, required=b)
            if first[b] is None:
                yield phrase(f"rule.requires.never_{when}", **said)
            elif first[b] > last:
                yield phrase(f"rule.requires.late_{when}", first=first[b], **said)
