"""What every model of the case format shares: immutability, no unknown keys, no invisible characters."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

# Control characters other than tab, newline and carriage return: invisible, and not storable in .xlsx.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def no_control_characters(value: Any) -> Any:
    """`value` unchanged; ValueError if a string in it holds an invisible control character."""
    if isinstance(value, str) and (bad := CONTROL_CHARACTERS.search(value)):
        raise ValueError(f"contains the invisible control character U+{ord(bad.group()):04X}; remove it")
    if isinstance(value, dict):
        for item in value.values():
            no_control_characters(item)
    return value


class Settings(BaseModel):
    """Base of the case.yaml sections: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        return no_control_characters(value)
