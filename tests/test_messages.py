"""Messages a planner acts on: each names the place (file:line or sheet), the fix, and what was meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs.scenario import read_scenarios
from models import CaseError

# --------------------------------------------------------------------------- scenario YAML


def _issues(path: Path) -> list[str]:
    with pytest.raises(CaseError) as err:
        read_scenarios(path)
    return [str(i) for i in err.value.issues]


@pytest.mark.parametrize(
    "text, line, key, meant",
    [
        ("scenarios:\n  - name: cut\n    budgest:\n      - domain: werk\n        factor: 0.9\n", 3,
         "scenarios.0.budgest", "budgets"),
        ("name: cut\nbudgest:\n  - domain: werk\n    factor: 0.9\n", 2, "budgest", "budgets"),
        ("scenarios:\n  - name: cut\n    budgets:\n      - domian: werk\n        factor: 0.9\n", 4,
         "scenarios.0.budgets.0.domian", "domain"),
        ("scenarioz:\n  - name: cut\n", 1, "scenarioz", "scenarios"),
    ],
)
def test_an_unknown_scenario_key_is_one_message_with_the_known_keys(tmp_path, text, line, key, meant):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    issues = _issues(path)
    assert len(issues) == 1, issues
    assert issues[0].startswith(f"{path}:{line}:{key}: unknown key (did you mean '{meant}'?); known keys are "), issues
    assert meant in issues[0].split("known keys are ")[1]
