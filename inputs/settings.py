"""case.yaml: read with yaml.safe_load, validate, locate problems by key and line; and write it back."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from inputs.tables import SETTINGS_FILE, did_you_mean, explain
from models import CaseSettings, Issue
from models.case import Settings, notation_problem

# A YAML alias repeats a value without writing it out again; nested aliases ("billion laughs") make a
# few lines stand for billions of values. A case.yaml needs far fewer nodes than this, aliases expanded.
MAX_YAML_NODES = 100_000
SHARE_KEYS = ("baseline.target_rate", "solver.mip_gap")  # and rules.min_group_share.<group>


class YamlTooLarge(ValueError):
    """A YAML text whose aliases expand to more than MAX_YAML_NODES values (or refer to themselves)."""


@dataclass(frozen=True)
class Scalar:
    """A plain YAML value as written, and what YAML made of it."""

    text: str
    tag: str  # tag:yaml.org,2002:bool, :int, :float, :str, :null
    line: int


def load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """safe_load `text`, refusing alias bombs first; the data and the composed node tree.

    Raises yaml.YAMLError for invalid YAML, YamlTooLarge for too many values or a self-referring alias.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        _check_size(root)
    return yaml.safe_load(text), root


def _check_size(root: yaml.Node) -> None:
    """Count the values `root` stands for, aliases expanded, without expanding them (each node once)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    busy: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            busy.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_YAML_NODES:
                raise YamlTooLarge(
                    f"expands to more than {MAX_YAML_NODES:,} values through its aliases (*name); "
                    "write the settings out plainly"
                )
            continue
        if key in sizes:
            continue
        if key in busy:
            raise YamlTooLarge("has an alias (*name) that refers to itself; write the settings out plainly")
        busy.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def parse_settings(text: str, label: str = SETTINGS_FILE) -> tuple[CaseSettings | None, list[Issue], dict[str, int]]:
    """Parse case.yaml text. Returns the settings (None on error), the issues, and key -> line."""
    try:
        data, root = load_yaml(text)
        lines, repeated, not_text = node_lines(root)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        return None, [Issue(label, line, None, f"is not valid YAML: {problem}")], {}
    except YamlTooLarge as err:
        return None, [Issue(label, None, None, str(err))], {}
    except RecursionError:
        return None, [Issue(label, None, None, "is nested too deeply (or an alias refers to itself); "
                                               "write the settings out plainly")], {}
    problems = [Issue(label, line, key, "appears twice; keep one") for key, line in repeated]
    problems += [Issue(label, line, None, f"key {key!r} is not text; write a key name{_quote_hint(key)}")
                 for key, line in not_text]
    if problems:
        return None, problems, lines
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Issue(label, 1, None, "must be a mapping of keys (name, objective, rules, ...)")], lines
    return validate_settings(data, label, lines, scalars(root))


def validate_settings(
    data: dict[str, Any], label: str, lines: dict[str, int], written: dict[str, Scalar] | None = None
) -> tuple[CaseSettings | None, list[Issue], dict[str, int]]:
    """Validate a nested settings mapping; issues name the dotted key and its line.

    `written` (from YAML) holds each value as written, for what YAML reads differently from a
    planner: `NO` as false, `010` as 8, `300.000` as 300.
    """
    written = written or {}
    issues = [Issue(label, s.line, key, message) for key, s in written.items() if (message := _misread(key, s))]
    misread = {i.column for i in issues}
    try:
        settings = CaseSettings.model_validate(_without(data, misread, written))
    except ValidationError as err:
        for e in err.errors():
            key = ".".join(str(p) for p in e["loc"] if p != "[key]")  # pydantic marks a bad dict key
            if key in misread:
                continue  # already said, with what YAML made of it
            message = explain(e, missing="is missing; add this key")
            if e["type"] == "extra_forbidden":
                known = known_keys(e["loc"][:-1])
                message = f"unknown key{did_you_mean(str(e['loc'][-1]), known)}; known keys are {', '.join(known)}"
            elif e["type"] == "string_type" and e["loc"] and e["loc"][-1] == "[key]":
                message = f"key {e['input']!r} is not text; name it{_quote_hint(e['input'])}"
            elif e["type"] == "string_type" and key in written:
                message += _quote_hint(written[key].text)
            issues.append(Issue(label, line_of(key, lines), key or None, message))
        return None, issues, lines
    return (None if issues else settings), issues, lines


def _without(data: dict[str, Any], keys: set[str], written: dict[str, Scalar]) -> dict[str, Any]:
    """`data` with the misread values taken out (list items kept as written), so that nothing is judged by them."""
    if not keys:
        return data
    data = copy.deepcopy(data)
    for key in keys:
        parts = key_parts(key)
        node: Any = data
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        last = parts[-1]
        if isinstance(node, dict):
            node.pop(last, None)
        elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
            node[int(last)] = written[key].text
    return data


def _quote_hint(text: Any) -> str:
    """`; quote it: '2026'` for a value YAML does not read as text."""
    raw = text if isinstance(text, str) else "null" if text is None else str(text).lower() if isinstance(text, bool) else str(text)
    return f"; quote it: '{raw}'"


def _misread(key: str, s: Scalar) -> str | None:
    """What YAML made of a plain value that a planner means otherwise, with the fix; None when it is fine."""
    kind = _expected(key)
    if s.tag == "tag:yaml.org,2002:bool" and s.text.lower() not in ("true", "false"):
        value = str(yaml.safe_load(s.text)).lower()
        if kind == "text":
            return f"YAML reads {s.text} as {value}, not as text; quote it: '{s.text}'"
        if kind == "number":
            return f"YAML reads {s.text} as {value} (a yes/no value), not a number; write a number"
        return None
    if s.tag == "tag:yaml.org,2002:int" and not re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", s.text):
        value = yaml.safe_load(s.text)
        if kind == "text":
            return f"YAML reads {s.text} as the number {value}, not as text; quote it: '{s.text}'"
        if kind in ("number", "share"):
            return (f"YAML reads {s.text} as {value} ({_base(s.text)}); write the number in plain digits "
                    f"({value}, or {s.text.lstrip('0+') or '0'} if that is what you mean)")
        return None
    if s.tag == "tag:yaml.org,2002:float" and kind == "number":
        return notation_problem(s.text, "amount")
    return None


def _base(text: str) -> str:
    t = text.lstrip("+-").lower()
    if ":" in t:
        return "minutes:seconds, base 60"
    if t.startswith("0x"):
        return "hexadecimal"
    if t.startswith("0b"):
        return "binary"
    if "_" in t:
        return "with '_' between digits"
    return "octal, because of the leading 0"


def _expected(key: str) -> str | None:
    """'text', 'number' or 'share' for a dotted settings key (list items as `rules.locked_in.0`); None if unknown."""
    if key.startswith(GROUP_KEYED) or key in SHARE_KEYS:
        return "share"
    if key.startswith(START_KEYED):
        return "number"
    head, _, last = key.rpartition(".")
    if head in ("rules.locked_in", "rules.locked_out") and last.isdigit():
        return "text"
    found = setting_field(key)
    if found is None:
        return None
    types = _types(found[1].annotation)
    if any(t in (int, float) for t in types):
        return "number"
    if str in types:
        return "text"
    return None


def setting_field(key: str) -> tuple[str, FieldInfo] | None:
    """The field a dotted case.yaml key sets, with its name (`min_group_share` for a group's share)."""
    model: type[BaseModel] = CaseSettings
    parts = key.split(".")
    for depth, part in enumerate(parts):
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        nested = [a for a in get_args(annotation) or (annotation,) if isinstance(a, type) and issubclass(a, BaseModel)]
        if nested and depth < len(parts) - 1:
            model = nested[0]
        elif depth == len(parts) - 1 or part in ("min_group_share", "start_in"):
            return part, field
        else:
            return None
    return None


def _types(annotation: Any) -> list[Any]:
    """The types an annotation allows, Annotated and Optional unwrapped (Literal stays as str)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _types(get_args(annotation)[0])
    if origin is Union or type(annotation).__name__ == "UnionType":
        return [t for a in get_args(annotation) for t in _types(a)]
    if getattr(origin, "__name__", "") == "Literal" or str(origin) == "typing.Literal":
        return [str]
    return [annotation]


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
    """Dotted key -> line (1-based) of every mapping key in a YAML text; keys given twice; keys not text.

    Raises YamlTooLarge for an alias bomb, yaml.YAMLError for invalid YAML.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        _check_size(root)
    return node_lines(root)


def scalars(root: yaml.Node | None) -> dict[str, Scalar]:
    """Dotted key -> the plain (unquoted) scalar written there, for every plain value that is not a string."""
    out: dict[str, Scalar] = {}
    seen: set[int] = set()

    def walk(node: yaml.Node, prefix: str) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                walk(value_node, f"{prefix}.{key_node.value}" if prefix else str(key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{prefix}.{i}")
        elif isinstance(node, yaml.ScalarNode) and node.style is None and node.tag != STR_TAG and prefix:
            out[prefix] = Scalar(node.value, node.tag, node.start_mark.line + 1)

    if root is not None:
        walk(root, "")
    return out


def node_lines(root: yaml.Node | None) -> tuple[dict[str, int], list[tuple[str, int]], list[tuple[str, int]]]:
    """key_lines of a composed YAML tree."""
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

    if root is not None:
        walk(root, "")
    return out, repeated, not_text


def settings_dict(settings: CaseSettings, phased: bool = False) -> dict[str, Any]:
    """Settings as plain data (lists, not tuples), in the order case.yaml documents them. The phasing keys
    (`target_year`, `rules.start_in`) are there for a `phased` case, or when set; a case without run years is
    written exactly as before phasing existed."""
    data = settings.model_dump(mode="json")
    for key in ("locked_in", "locked_out"):
        data["rules"][key] = list(data["rules"][key])
    if not phased:
        if data["target_year"] is None:
            del data["target_year"]
        if not data["rules"]["start_in"]:
            del data["rules"]["start_in"]
    return data


def dump_settings(settings: CaseSettings, phased: bool = False) -> str:
    """case.yaml text for `settings` (of a `phased` case: with its phasing keys, see settings_dict)."""
    return yaml.safe_dump(settings_dict(settings, phased), sort_keys=False, allow_unicode=True)


def flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested settings -> dotted (key, value) rows, as the `case` sheet of a workbook holds them."""
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and (value or key not in ("min_group_share", "start_in")):
            rows.extend(flatten(value, dotted + "."))
        elif isinstance(value, dict) and key == "start_in":
            rows.append((dotted, None))  # a row to fill in: its note says how to write one row per action
        elif isinstance(value, dict):
            continue  # an empty min_group_share needs no row
        else:
            rows.append((dotted, value))
    return rows


GROUP_KEYED = "rules.min_group_share."  # the rest of such a key is a group id, which may hold dots
START_KEYED = "rules.start_in."  # the rest of such a key is an action id, which may hold dots


def key_parts(key: str) -> list[str]:
    """The names along a dotted key; the group or action id after its section's prefix is one name, dots and
    all."""
    for prefix in (GROUP_KEYED, START_KEYED):
        if key.startswith(prefix):
            return [*prefix.rstrip(".").split("."), key[len(prefix):]]
    return key.split(".")


def unflatten(rows: list[tuple[str, Any]]) -> dict[str, Any]:
    """Dotted (key, value) rows -> nested mapping."""
    out: dict[str, Any] = {}
    for key, value in rows:
        parts = key_parts(key)
        node = out
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = value
    return out
