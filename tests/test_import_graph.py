"""No import cycle among the project's modules: every dependency of portfolio/, models/, inputs/ and
cli.py has one direction, whatever order the modules are imported in."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portfolio", "models", "inputs")


def module_name(path: Path) -> str:
    """The dotted name of a project file (`portfolio/rules/__init__.py` -> `portfolio.rules`)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """Every module of the project by its dotted name."""
    paths = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))] + [ROOT / "cli.py"]
    return {module_name(p): p for p in paths}


def ancestors(name: str) -> list[str]:
    """The packages that contain a module, outermost first (`a.b.c` -> `a`, `a.b`)."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules that importing `name` runs, imports inside functions and TYPE_CHECKING blocks
    included (a dependency is one even when it is deferred).

    `from a.b import c` imports the module `a.b.c` when there is one, else it reads `c` from `a.b`'s
    `__init__`; importing `a.b.c` also runs the `__init__` of `a` and `a.b`, except the packages `name` itself
    lies in, which are already running when it does (a package's `__init__` importing its own submodules is no
    cycle; a submodule that reads a name from its package's `__init__` is an edge back to it)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                # `from a.b import c` with c a module imports a.b.c (a.b runs as its package); else it reads a.b
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    edges: set[str] = set()
    own = set(ancestors(name))
    for target in targets:
        edges |= {m for m in ancestors(target) if m in known and m not in own}
        edges |= {target} & known
    edges.discard(name)
    return edges


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported(name, path, set(modules)) for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), each as a path that
    returns to its first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [cycle_in(sorted(c)[0], c, edges) for c in components]


def cycle_in(start: str, component: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest path from `start` back to itself inside one strongly connected component."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for v in frontier:
            for w in sorted(edges[v] & component):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if v != start else [start, start]
                if w not in previous:
                    previous[w] = v
                    following.append(w)
        frontier = following
    raise AssertionError(f"{start} is in no cycle")


def test_the_walk_sees_the_modules_and_their_imports():
    edges = graph()
    assert {"cli", "portfolio", "portfolio.rules.budget", "models.case", "inputs"} <= set(edges)
    assert "models.case" in edges["inputs.folder"] or "models" in edges["inputs.folder"]
    assert "portfolio.solve" in edges["portfolio"]


def test_a_cycle_is_found_and_shown():
    edges = {"a": {"a.b"}, "a.b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "a.b", "c", "a"]]


def test_no_import_cycle():
    found = cycles(graph())
    assert found == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)
