"""What became of each working group's proposals: in the plan, or why not, and the probable overlaps with
other groups' proposals."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.warnings import Overlap


class ProposalFate(BaseModel):
    """One proposed action and its fate in the plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: str = Field(description="action id")
    name: str = Field(description="display name")
    chosen: bool = Field(description="the action is in the plan")
    reason: str | None = Field(None, description="why it is not in the plan: a reason code of "
                                                 "portfolio.reports.reasons (null when chosen or none holds)")
    reason_detail: dict | None = Field(None, description="the reason's figures (a reports.reasons.Reason)")
    start_year: int | None = Field(None, description="phased case: the year the chosen action starts")


class GroupFeedback(BaseModel):
    """A working group's page: every proposal with its fate, and its probable overlaps with other groups."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: str = Field(description="the working group (proposed_by)")
    proposals: tuple[ProposalFate, ...] = Field(description="every action the group proposed, in case order")
    overlaps: tuple[Overlap, ...] = Field(description="probable overlaps of its proposals with other groups'")

    @property
    def chosen(self) -> int:
        """How many of the group's proposals are in the plan."""
        return sum(p.chosen for p in self.proposals)
