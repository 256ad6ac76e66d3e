"""Ctrl-C during `explain` (and during the explanation `solve` gives of an infeasible case): the first check
the solver stops ends the explanation, as Stopped (exit 130), instead of running the remaining checks as if
the stopped one were merely undecided."""

from __future__ import annotations

import dataclasses

import pytest

import portfolio.explain
from conftest import TEMPLATE
from inputs import load_case
from portfolio.core.interrupt import Stopped
from portfolio.explain import explain
from portfolio.instances.generate import derive


class _StoppedByCtrlC:
    """A backend whose every answer is labelled interrupted, as Backend.solve labels one after Ctrl-C."""

    def __init__(self, backend):
        self.backend = backend
        self.solves = 0

    def solve(self, form, settings):
        self.solves += 1
        raw = self.backend.solve(form, settings)
        return dataclasses.replace(raw, report=raw.report.model_copy(update={"interrupted": True}))


def test_a_check_stopped_by_ctrl_c_stops_the_explanation(monkeypatch):
    case = derive(load_case(TEMPLATE), rules={"max_actions": 0})
    assert explain(case).status == "infeasible"
    made = []

    def backend(name):
        made.append(_StoppedByCtrlC(portfolio.backends.get_backend(name)))
        return made[-1]

    monkeypatch.setattr(portfolio.explain, "get_backend", backend)
    with pytest.raises(Stopped, match="explanation"):
        explain(case)
    assert [b.solves for b in made] == [1]
