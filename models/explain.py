"""Why a case is infeasible, in a planner's words: the smallest set of rules that cannot hold together, and
what to relax, by how much, to make the case feasible. Each sentence is kept as a phrase too (models.phrase),
beside its English text and left out of the JSON, so a terminal or report says it in its reader's language."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from models.phrase import Joined, Phrase


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Conflict(_Frozen):
    """One rule instance of the conflict."""

    rule: str = Field(description="the rule of the case format, e.g. coverage")
    subject: str = Field(description="what the instance is about, e.g. mobiliteit or werk,2027")
    name: str = Field(description="the row's readable name, e.g. cover[mobiliteit]")
    message: str = Field(description="the instance in plain words, with its numbers")
    message_phrase: Phrase | None = Field(None, exclude=True,
                                          description="`message` as a phrase; not in the JSON")
    conflict: int = Field(1, description="which conflict it belongs to, when the case has several")


class Relaxation(_Frozen):
    """One change that resolves the conflict, computed by an exact solve."""

    rule: str
    subject: str
    change: str = Field(description="the change in plain words, with the amount")
    change_phrase: Phrase | None = Field(None, exclude=True,
                                         description="`change` as a phrase; not in the JSON")
    amount: float | None = Field(None, description="the least change: EUR for a budget, jobs for a target, "
                                                   "actions for a count; null for dropping a rule")
    setting: str | None = Field(None, description="what to change in the case, as a dotted key: "
                                                  "budgets.<domain>[.<year>], jobs_target, rules.<key>, "
                                                  "rules.min_group_share.<group>, rules.locked_in, "
                                                  "barriers.<barrier>.priority")
    value: float | bool | str | None = Field(None, description="the new value of `setting` (for a lock: the "
                                                               "action to unlock; null: drop the setting)")
    amounts: dict[str, float] = Field(default_factory=dict, description="with setting `budgets`: extra EUR per "
                                                                        "budget row, e.g. budget[werk,2027]")
    steps: list[Relaxation] = Field(default_factory=list, description="for rule `combined`: the changes to make "
                                                                     "together, one per conflict")
    makes_feasible: bool = Field(description="true when the case with this change (alone, or with its steps) "
                                             "has a portfolio")


class Explanation(_Frozen):
    """The JSON of `portfolio explain`."""

    status: str = Field(description="infeasible, or feasible when there is nothing to explain")
    conflicts: list[Conflict] = Field(default_factory=list)
    relaxations: list[Relaxation] = Field(default_factory=list)
    summary: str = Field("", description="the conflict in one paragraph")
    summary_phrase: Phrase | Joined | None = Field(None, exclude=True,
                                                   description="`summary` as a phrase; not in the JSON")
    minimal: bool = Field(True, description="false when a check ran out of time: the set may hold extra rules")
    checks: int = Field(0, description="feasibility solves made to find the set")
    starts: list[str] = Field(
        default_factory=list,
        description="phased case with a portfolio: why each action of the optimal plan starts when it does "
                    "and not earlier; left out of the JSON when empty")
    start_phrases: list[Phrase] = Field(default_factory=list, exclude=True,
                                        description="`starts` as phrases; not in the JSON")

    @model_serializer(mode="wrap")
    def _contract(self, handler: SerializerFunctionWrapHandler):
        data = handler(self)
        if not self.starts:
            data.pop("starts", None)
        return data
