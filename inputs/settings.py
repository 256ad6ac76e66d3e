"""case.yaml: read with yaml.safe_load, validate, locate problems by key and line; and write it back."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from inputs.tables import SETTINGS_FILE, did_you_mean, explain
from models import CaseSettings, Issue
from models.case import Settings


def parse_settings(text: str, label: str = SETTINGS_FILE) -> tuple[CaseSettings | None, list[Issue], dict[str, int]]:
    """Parse case.yaml text. Returns the settings (None on error), the issues, and key -> line."""
    try:
        lines, repeated, not_text = key_lines(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        return None, [Issue(label, line, None, f"is not valid YAML: {problem}")], {}
    except RecursionError:
        return None, [Issue(label, None, None, "is nested too deeply (or an alias refers to itself); "
                                               "write the settings out plainly")], {}
    problems = [Issue(label, line, key, "appears twice; keep one") for key, line in repeated]
    problems += [Issue(label, line, None, f"key {key!r} is not text; write a key name") for key, line in not_text]
    if problems:
        return None, problems, lines
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Issue(label, 1, None, "must be a mapping of keys (name, objective, rules, ...)")], lines
    return validate_settings(data, label, lines)


def validate_settings(
    data: dict[str, Any], label: str, lines: dict[str, int]
) -> tuple[CaseSettings | None, list[Issue], dict[str, int]]:
    """Validate a nested settings mapping; issues name the dotted key and its line."""
    try:
        return CaseSettings.model_validate(data), [], lines
    except ValidationError as err:
        issues = []
        for e in err.errors():
            key = ".".join(str(p) for p in e["loc"] if p != "[key]")  # pydantic marks a bad dict key
            message = explain(e, missing="is missing; add this key")
            if e["type"] == "extra_forbidden":
                known = known_keys(e["loc"][:-1])
                message = f"unknown key{did_you_mean(str(e['loc'][-1]), known)}; known keys are {', '.join(known)}"
            elif e["type"] == "string_type" and e["loc"] and e["loc"][-1] == "[key]":
                message = f"key {e['input']!r} is not text; name it"
            issues.append(Issue(label, line_of(key, lines), key or None, message))
        return None, issues, lines


def line_of(key: str, lines: dict[str, int]) -> int | None:
    """Line of a dotted key, or of its nearest enclosing key that has one."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rsplit(".", 1)[0] if "." in key else ""
    return None


def known_keys(path: tuple) -> list[str]:
    """Keys allowed at a dotted path of case.yaml."""
    model: type[Settings] = CaseSettings
    for part in path:
        annotation = model.model_fields[str(part)].annotation
        candidates = [a for a in getattr(annotation, "__args__", (annotation,)) if isinstance(a, type)]
        model = next(a for a in candidates if issubclass(a, Settings))
    return list(model.model_fields)


STR_TAG = "tag:yaml.org,2002:str"


def key_lines(text: str) -> tuple[dict[str, int], list[tuple[str, int]], list[tuple[str, int]]]:
    """Dotted key -> line (1-based) of every mapping key in a YAML text; keys given twice; keys not text."""
    out: dict[str, int] = {}
    repeated: list[tuple[str, int]] = []
    not_text: list[tuple[str, int]] = []
    visited: set[int] = set()

    def walk(node: yaml.Node, prefix: str) -> None:
        if id(node) in visited:  # an alias to a node already seen: the values say the rest
            return
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
                if key_node.tag != STR_TAG:
                    not_text.append((str(key_node.value), key_node.start_mark.line + 1))
                if key in out:
                    repeated.append((key, key_node.start_mark.line + 1))
                out.setdefault(key, key_node.start_mark.line + 1)
                walk(value_node, key)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                key = f"{prefix}.{i}"
                out.setdefault(key, item.start_mark.line + 1)
                walk(item, key)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return out, repeated, not_text


def settings_dict(settings: CaseSettings) -> dict[str, Any]:
    """Settings as plain data (lists, not tuples), in the order case.yaml documents them."""
    data = settings.model_dump(mode="json")
    for key in ("locked_in", "locked_out"):
        data["rules"][key] = list(data["rules"][key])
    return data


def dump_settings(settings: CaseSettings) -> str:
    """case.yaml text for `settings`."""
    return yaml.safe_dump(settings_dict(settings), sort_keys=False, allow_unicode=True)


def flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested settings -> dotted (key, value) rows, as the `case` sheet of a workbook holds them."""
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and (value or key != "min_group_share"):
            rows.extend(flatten(value, dotted + "."))
        elif isinstance(value, dict):
            continue  # an empty min_group_share needs no row
        else:
            rows.append((dotted, value))
    return rows


GROUP_KEYED = "rules.min_group_share."  # the rest of such a key is a group id, which may hold dots


def unflatten(rows: list[tuple[str, Any]]) -> dict[str, Any]:
    """Dotted (key, value) rows -> nested mapping."""
    out: dict[str, Any] = {}
    for key, value in rows:
        if key.startswith(GROUP_KEYED):
            parts = [*GROUP_KEYED.rstrip(".").split("."), key[len(GROUP_KEYED):]]
        else:
            parts = key.split(".")
        node = out
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = value
    return out
