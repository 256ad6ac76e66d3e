"""Backend classes by name, from the one registry (models.solver.BACKENDS); each module is imported on first use,
so a missing solver breaks nothing else. The base class finds its confirming solver here too."""

from __future__ import annotations

import importlib

from models.solver import AUTO, BACKEND_NAMES, BACKENDS

NAMES = BACKEND_NAMES
ENTRIES = {b.name: b for b in BACKENDS}


def backend_class(name: str) -> type:
    """The class (a portfolio.backends.Backend) of backend `name`. Raises KeyError for an unknown name,
    ImportError when its solver cannot be imported."""
    if name not in ENTRIES:
        raise KeyError(f"unknown backend {name!r}; choose one of {AUTO}, {', '.join(NAMES)}")
    module, cls = ENTRIES[name].target.split(":")
    return getattr(importlib.import_module(module), cls)
