"""Formulation build time and verification time (no solver)."""

from __future__ import annotations

import pytest
from conftest import case

from portfolio.formulation import build
from portfolio.verify import evaluate

NAMES = ["flanders", "mknapcb1-1", "gen50", "gen500", "hard"]


@pytest.mark.parametrize("name", NAMES)
def test_build(benchmark, name):
    subject = case(name)
    benchmark.group = "build"
    form = benchmark(build, subject)
    benchmark.extra_info.update(actions=len(subject.actions), columns=len(form.columns), rows=len(form.rows))


@pytest.mark.parametrize("name", NAMES)
def test_verify(benchmark, name):
    subject = case(name)
    selected = [a.action for a in subject.actions[::2]]  # any portfolio: verify checks every rule regardless
    benchmark.group = "verify"
    ev = benchmark(evaluate, subject, selected)
    benchmark.extra_info.update(actions=len(subject.actions), checks=len(ev.checks))
