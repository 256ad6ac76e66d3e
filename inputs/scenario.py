"""Scenario YAML files: read, validate and locate every problem as `file:line: key: message`."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from inputs.overlay import apply_scenario, scenario_problems
from inputs.settings import YamlTooLarge, line_of, load_yaml, node_lines
from inputs.tables import did_you_mean, explain
from inputs.textfile import read_text_file
from models import Case, CaseError, Issue
from models.scenario import Scenario, ScenarioFile


def read_scenarios(path: str | os.PathLike) -> ScenarioFile:
    """The scenarios of one YAML file: a mapping with `scenarios:` (a list) and an optional `base:`, or a
    single scenario (a mapping with `name:`). Raises CaseError with every problem, located by line and key."""
    path = Path(path)
    label = str(path)
    text = read_text_file(path, "give a scenario YAML file")
    try:
        data, root = load_yaml(text)
        lines, repeated, _not_text = node_lines(root)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise CaseError([Issue(label, mark.line + 1 if mark else None, None, f"is not valid YAML: {problem}")]) from None
    except YamlTooLarge as err:
        raise CaseError([Issue(label, None, None, str(err))]) from None
    except RecursionError:
        raise CaseError([Issue(label, None, None, "is nested too deeply (or an alias refers to itself); "
                                                  "write the scenarios out plainly")]) from None
    if repeated:
        raise CaseError([Issue(label, line, key, "appears twice; keep one") for key, line in repeated])
    if not isinstance(data, dict):
        raise CaseError([Issue(label, 1, None, "must be a mapping: `scenarios:` with a list, or one scenario "
                                               "with `name:`")])
    single = "scenarios" not in data
    if single:  # one scenario at the top: its keys sit where `scenarios.0.` keys would
        base = data.pop("base", None)
        data = {"scenarios": [data], **({"base": base} if base is not None else {})}
        lines = {**{f"scenarios.0.{k}": v for k, v in lines.items()}, **lines}
    try:
        return ScenarioFile.model_validate(data)
    except ValidationError as err:
        raise CaseError(_issues(err.errors(), label, lines, single)) from None


def _issues(errors: list[dict], label: str, lines: dict[str, int], single: bool) -> list[Issue]:
    """One located issue per real problem: an unknown key with what was meant and the known keys; no echo
    of it as an empty list (pydantic counts only the valid items), nor a missing `name` when `scenarios` was
    meant."""
    issues = []
    meant_scenarios = False
    for e in errors:
        if e["type"] == "too_short" and len(e.get("input") or ()) >= e["ctx"]["min_length"]:
            continue
        e = {**e, "loc": tuple(p for p in e["loc"] if not _union_tag(p))}
        key = ".".join(str(p) for p in e["loc"] if p != "[key]")
        message = explain(e, missing="is missing; add this key")
        if e["type"] == "extra_forbidden":
            word = str(e["loc"][-1])
            known = _known(e["loc"][:-1]) + (["base", "scenarios"] if single and len(e["loc"]) == 3 else [])
            hint = did_you_mean(word, known)
            meant_scenarios = meant_scenarios or "'scenarios'" in hint
            message = f"unknown key{hint}; known keys are {', '.join(known)}"
        shown = key.removeprefix("scenarios.0.") if single else key
        issues.append(Issue(label, line_of(key, lines), shown or None, message))
    if meant_scenarios:
        issues = [i for i in issues if not (i.column == "name" and i.message.startswith("is missing"))]
    return issues


def _union_tag(part) -> bool:
    """A part of an error's location that names no key of the file: a union's tag such as `[every action]`
    (models.scenario.Delay)."""
    return isinstance(part, str) and part.startswith("[") and part.endswith("]") and part != "[key]"


def _known(path: tuple) -> list[str]:
    model = ScenarioFile
    for part in path:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[str(part)].annotation
        args = getattr(annotation, "__args__", (annotation,))
        inner = [a for a in args if isinstance(a, type) and hasattr(a, "model_fields")]
        inner += [x for a in args for x in getattr(a, "__args__", ()) if isinstance(x, type) and hasattr(x, "model_fields")]
        if not inner:
            return []
        model = inner[0]
    return list(model.model_fields)


def scenario_cases(file: ScenarioFile, case: Case, label: str) -> list[tuple[Scenario, Case]]:
    """Each scenario applied to `case`. Raises CaseError with every problem of every scenario at once."""
    text_lines = _lines_of(label)
    issues: list[Issue] = []
    out = []
    for i, scenario in enumerate(file.scenarios):
        prefix = f"scenarios.{i}"
        problems = scenario_problems(case, scenario)
        for key, message in problems:
            issues.append(Issue(label, line_of(f"{prefix}.{key}", text_lines), key, f"scenario {scenario.name!r}: {message}"))
        if problems:
            continue
        try:
            out.append((scenario, apply_scenario(case, scenario)))
        except CaseError as err:
            for issue in err.issues:
                issues.append(Issue(label, line_of(f"{prefix}.name", text_lines), None,
                                    f"scenario {scenario.name!r} makes the case invalid: {issue}"))
    if issues:
        raise CaseError(issues)
    return out


def _lines_of(label: str) -> dict[str, int]:
    try:
        data, root = load_yaml(Path(label).read_text(encoding="utf-8"))
        lines, _, _ = node_lines(root)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, YamlTooLarge, RecursionError):
        return {}
    if isinstance(data, dict) and "scenarios" not in data:
        lines = {**{f"scenarios.0.{k}": v for k, v in lines.items()}, **lines}
    return lines
