"""A sentence of the library kept as facts: a key into the catalogue of sentences and the fields that fill it.

Warnings, explanations, the rules' descriptions and the solver's messages are built as a `Phrase`, not as
text, so that a report or a terminal says them in the reader's language (portfolio.core.phrases.say) with
the numbers written as that language writes them. The English text the JSON outputs carry is the same
phrase said in English.

A field is a plain string (a name, an id, a file or a year: never translated), a `Num` (a number and what
it counts, so `EUR 2,400,000` becomes `€ 2.400.000`), another `Phrase`, or a `Joined` list of them.
"""

from __future__ import annotations

from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field

NumKind = Literal[
    "eur",  # money, every euro (cents when there are any): EUR 3,200,000 / € 3.200.000
    "eur_short",  # money, in millions when that is exact: EUR 2.40M / € 2,40 mln; else as eur
    "amount",  # a figure to read, two decimals at most: 20,000,000 or 0.5 / 20.000.000 of 0,5
    "plain",  # a value as a CSV cell holds it (3200000, 0.5): the same in every language
    "int",  # a whole count: 1,200 / 1.200
    "jobs",  # jobs to one decimal: 1,234.5 / 1.234,5
    "pct",  # a share as a percentage, `decimals` places: 12.5% / 12,5 %
    "seconds",  # a duration: 0.42 s / 0,42 s
    "fixed",  # a number to exactly `decimals` places with thousands separators
    "general",  # a number with `decimals` significant digits (Python's g): 1e-09 / 1e-09
    "sci",  # scientific notation with `decimals` places: 2.0e+10 / 2,0e+10
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Num(_Frozen):
    """A number inside a phrase and what it counts."""

    kind: NumKind
    value: float
    decimals: int | None = Field(None, description="places for pct and fixed, significant digits for general; "
                                                  "null: the kind's default")


class Joined(_Frozen):
    """Several parts said as one list: `a, b and c` (`a, b en c`), or separated by `; `, `, `, spaces or
    line breaks."""

    items: tuple[Value, ...]
    sep: Literal["and", "or", "comma", "semicolon", "space", "lines"] = "comma"


class Phrase(_Frozen):
    """A sentence of the catalogue (portfolio.core.phrases) and its fields."""

    key: str = Field(description="the sentence's key in the catalogue, e.g. warn.action_over_budget")
    fields: dict[str, Value] = Field(default_factory=dict)


Value = Union[Num, Phrase, Joined, str, int]

Joined.model_rebuild()
Phrase.model_rebuild()


def phrase(key: str, **fields) -> Phrase:
    """Phrase(key, fields): floats become Num("general") so nothing is said with Python's repr by accident."""
    return Phrase(key=key, fields={k: Num(kind="general", value=v) if isinstance(v, float) else v
                                   for k, v in fields.items()})


def eur(value: float) -> Num:
    return Num(kind="eur", value=value)


def eur_short(value: float) -> Num:
    return Num(kind="eur_short", value=value)


def amount(value: float) -> Num:
    return Num(kind="amount", value=value)


def plain(value: float) -> Num:
    return Num(kind="plain", value=value)


def count(value: int) -> Num:
    return Num(kind="int", value=value)


def jobs(value: float) -> Num:
    return Num(kind="jobs", value=value)


def pct(share: float, decimals: int = 1) -> Num:
    return Num(kind="pct", value=share, decimals=decimals)


def seconds(value: float) -> Num:
    return Num(kind="seconds", value=value)


def fixed(value: float, decimals: int) -> Num:
    return Num(kind="fixed", value=value, decimals=decimals)


def sci(value: float, decimals: int) -> Num:
    return Num(kind="sci", value=value, decimals=decimals)


def joined(items, sep: str = "comma") -> Joined:
    return Joined(items=tuple(items), sep=sep)
