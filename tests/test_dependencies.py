"""Every dependency has a tested range, and constraints.txt pins a version inside each range."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REQUIREMENTS = [Requirement(r) for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]]


def pins() -> dict[str, Version]:
    """constraints.txt as name -> pinned version (comments and blank lines skipped)."""
    found = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert match, f"constraints.txt:{number}: {line!r} is not a NAME==VERSION pin"
        found[canonicalize_name(match[1])] = Version(match[2])
    return found


def test_every_dependency_has_a_lower_and_an_upper_bound():
    for req in REQUIREMENTS:
        operators = {spec.operator for spec in req.specifier}
        assert operators & {">=", ">", "~=", "=="}, f"{req} has no lower bound"
        assert operators & {"<", "<=", "~=", "=="}, f"{req} has no upper bound"


def test_the_constraints_pin_every_dependency_inside_its_range():
    pinned = pins()
    for req in REQUIREMENTS:
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not pinned in constraints.txt (run make lock)"
        assert req.specifier.contains(pinned[name], prereleases=True), \
            f"constraints.txt pins {req.name}=={pinned[name]}, outside pyproject.toml's {req.specifier}"


def test_pulp_stays_below_4_which_no_longer_ships_cbc():
    pulp = next(r for r in REQUIREMENTS if canonicalize_name(r.name) == "pulp")
    assert not pulp.specifier.contains("4.0.0")
    assert pulp.specifier.contains(str(pins()["pulp"]))
