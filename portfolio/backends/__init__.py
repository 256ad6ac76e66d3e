"""Solver backends, one module each, behind one registry."""

from __future__ import annotations

import importlib

from portfolio.backends.base import Backend, BackendUnavailable, RawResult, RawStatus

# name -> (module, class); modules are imported on first use so a missing solver never breaks the package.
_REGISTRY = {
    "highs": ("portfolio.backends.highs", "HighsBackend"),
    "cbc": ("portfolio.backends.cbc", "CbcBackend"),
    "scip": ("portfolio.backends.scip", "ScipBackend"),
    "cpsat": ("portfolio.backends.cpsat", "CpSatBackend"),
}
NAMES = tuple(_REGISTRY)


def backend_class(name: str) -> type[Backend]:
    if name not in _REGISTRY:
        raise KeyError(f"unknown backend {name!r}; choose one of auto, {', '.join(NAMES)}")
    module, cls = _REGISTRY[name]
    return getattr(importlib.import_module(module), cls)


def get_backend(name: str) -> Backend:
    """The backend called `name` (not `auto`; see portfolio.backends.auto)."""
    try:
        cls = backend_class(name)
    except ImportError as err:
        raise BackendUnavailable(f"backend {name!r} cannot be loaded: {err}") from None
    if not cls.is_available():
        raise BackendUnavailable(f"backend {name!r} is not installed; pip install {cls.extra}")
    return cls()


def available() -> list[str]:
    """Names of the backends that can run here."""
    out = []
    for name in NAMES:
        try:
            if backend_class(name).is_available():
                out.append(name)
        except ImportError:
            continue
    return out


__all__ = ["NAMES", "Backend", "BackendUnavailable", "RawResult", "RawStatus", "available", "backend_class", "get_backend"]
