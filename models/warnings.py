"""Warnings: things in a valid case (or its solution) a planner should look at, which do not stop a solve.

An error (models.errors.Issue) means the case cannot be used; a warning means it can, but probably not as
meant: a yearly budget that can never take effect, an action that can never be chosen, numbers a solver
will struggle with, an equity share that costs jobs. Each names where (`file:row:column`, as errors do),
what and why with the numbers, and how to fix it. `portfolio validate --strict` and `solve --strict` treat
them as errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.errors import Issue
from models.phrase import Phrase, phrase

# A phrase written in the reader's language: portfolio.core.phrases.say with a language, or Labels.say.
Say = Callable[[Phrase], str]

WarningCode = Literal[
    "year_budgets_exceed_total",
    "action_over_budget",
    "action_over_budget_together",
    "action_requires_locked_out",
    "action_requires_later_start",
    "action_overlaps_locked_in",
    "action_requires_overlap",
    "action_exceeds_max_actions",
    "coefficient_range",
    "too_many_decimals",
    "equity_share_costs_jobs",
    "equity_share_costs_eur",
    "probable_overlap",
]

# What each code means, in one line (stable: scripts may filter on the code).
CODES: dict[str, str] = {
    "year_budgets_exceed_total": "a domain's budgets per year add up to more than its total budget",
    "action_over_budget": "an action costs a domain more than that domain's whole budget (total or in a year)",
    "action_over_budget_together": "an action, with the actions it requires and the locked-in ones, exceeds a budget",
    "action_requires_locked_out": "an action requires, directly or through others, a locked-out action",
    "action_requires_later_start": "phased: an action requires one that cannot start by its own last start",
    "action_overlaps_locked_in": "an action shares its overlap group with a locked-in action",
    "action_requires_overlap": "an action needs two actions of one overlap group (through requires or locks)",
    "action_exceeds_max_actions": "an action, with what it requires and the locked-in actions, exceeds max_actions",
    "coefficient_range": "costs or jobs span more than the solvers can hold apart reliably",
    "too_many_decimals": "amounts with more than 6 decimals, which the integer backend (cpsat) must round",
    "equity_share_costs_jobs": "a group's minimum share lowers the most jobs the plan can reach",
    "equity_share_costs_eur": "a group's minimum share raises the cost of reaching the jobs target",
    "probable_overlap": "two working groups probably proposed the same action",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CaseWarning(_Frozen):
    """One warning about a valid case or its solution, located like an input problem."""

    code: WarningCode = Field(description="stable id of the kind of warning (models.warnings.CODES)")
    file: str = Field(description="the case file it is about, e.g. domains.csv or case.yaml")
    row: int | None = Field(None, description="line in the file (header = line 1; a record's index + 2); "
                                              "null for a setting or a whole file")
    column: str | None = Field(None, description="column name, or the dotted key of a setting")
    message: str = Field(description="what and why, with the numbers")
    hint: str = Field(description="how to fix it")
    words: Phrase | None = Field(None, exclude=True, description="the message as a phrase, whose English is "
                                 "`message`; null: `message` in every language")
    hint_words: Phrase | None = Field(None, exclude=True, description="the hint as a phrase, likewise")

    def said(self, say: Say | None = None) -> tuple[str, str]:
        """(message, hint) written by `say` in its language; the English texts when `say` is None or the
        warning has no phrase."""
        if say is None:
            return self.message, self.hint
        return (self.message if self.words is None else say(self.words),
                self.hint if self.hint_words is None else say(self.hint_words))

    def as_issue(self, say: Say | None = None) -> Issue:
        """The same finding as an input problem (for --strict, which refuses the case), said by `say`."""
        message, hint = self.said(say)
        return Issue(self.file, self.row, self.column, f"{message} ({hint})")

    def text(self, say: Say | None = None) -> str:
        """`file:row:column: warning: message (hint)` said by `say` (`waarschuwing:` in Dutch), parts that do
        not apply left out, like Issue; None: English."""
        if say is None:
            return str(self)
        message, hint = self.said(say)
        line = say(phrase("warn.line", message=message, hint=hint))
        return str(Issue(self.file, self.row, self.column, line))

    def __str__(self) -> str:
        """`file:row:column: warning: message (hint)`, parts that do not apply left out, like Issue."""
        return str(Issue(self.file, self.row, self.column, f"warning: {self.message} ({self.hint})"))


class Overlap(_Frozen):
    """Two actions of different lead domains that probably are one measure proposed twice."""

    a: str = Field(description="the action earlier in actions.csv")
    b: str = Field(description="the other action")
    a_name: str
    b_name: str
    a_row: int = Field(description="line of `a` in actions.csv")
    b_row: int = Field(description="line of `b` in actions.csv")
    a_domain: str = Field(description="lead domain of `a`")
    b_domain: str = Field(description="lead domain of `b`")
    shared_barriers: tuple[str, ...] = Field(description="barriers both address, in the order of barriers.csv")
    shared_groups: tuple[str, ...] = Field(description="groups both reach (reach.csv), in the order of groups.csv")
    same_barriers: bool = Field(description="both address exactly the same barriers")
    same_groups: bool = Field(description="both reach exactly the same groups")
    name_similarity: float = Field(description="difflib ratio of the normalised names (0-1)")
    names_alike: bool = Field(description="name_similarity is at least the search's threshold")
    strength: float = Field(description="name similarity plus the shares (Jaccard) of barriers and of groups "
                                        "the two have in common (0-3); within pairs with alike names, then "
                                        "within the others, the list is sorted on it")
    evidence: str = Field(description="the evidence in plain words")
    evidence_words: Phrase | None = Field(None, exclude=True, description="the evidence as a phrase")
    hint: str = Field("", exclude=True, description="how to settle it (the warning's hint)")
    hint_words: Phrase | None = Field(None, exclude=True, description="the hint as a phrase")

    def warning(self) -> CaseWarning:
        """The overlap as a warning on the later action's line of actions.csv."""
        return CaseWarning(code="probable_overlap", file="actions.csv", row=self.b_row, column="action",
                           message=self.evidence, hint=self.hint, words=self.evidence_words,
                           hint_words=self.hint_words)


class CheckResult(_Frozen):
    """What `portfolio check` reports: the case's warnings and the probable overlaps between proposals."""

    case: str = Field(description="the case's name")
    warnings: tuple[CaseWarning, ...] = ()
    overlaps: tuple[Overlap, ...] = ()
