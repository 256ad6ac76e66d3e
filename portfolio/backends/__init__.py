"""Solver backends, one module each, loaded through the one registry (models.solver.BACKENDS)."""

from __future__ import annotations

from portfolio.backends.base import (
    Backend,
    BackendUnavailable,
    Capabilities,
    RawResult,
    RawStatus,
    SolverRun,
    Termination,
)
from portfolio.backends.registry import ENTRIES, NAMES, backend_class


def get_backend(name: str) -> Backend:
    """The backend called `name` (not `auto`; see portfolio.backends.auto)."""
    entry = ENTRIES.get(name)
    try:
        cls = backend_class(name)
    except ImportError as err:
        raise BackendUnavailable(f"backend {name!r} cannot be loaded: {err}; pip install {entry.package}") from None
    if not cls.is_available():
        raise BackendUnavailable(f"backend {name!r} is not installed; pip install {entry.package}")
    return cls()


def available() -> list[str]:
    """Names of the backends that can run here, in registry order."""
    out = []
    for name in NAMES:
        try:
            if backend_class(name).is_available():
                out.append(name)
        except ImportError:
            continue
    return out


__all__ = [
    "NAMES",
    "Backend",
    "BackendUnavailable",
    "Capabilities",
    "RawResult",
    "RawStatus",
    "SolverRun",
    "Termination",
    "available",
    "backend_class",
    "get_backend",
]
