"""The library's sentences in Dutch and English, and `say`, which writes a Phrase (models.phrase) in one.

Each area keeps its sentences in its own module of this package, a dict key -> (nl, en) with the same
{fields} on both sides: `warn` (portfolio/warnings.py, the overlaps), `explain` (portfolio/explain.py),
`rules` (the rules' descriptions and obvious conflicts), `solver` (what a solve says about itself). The
English side is the text the JSON outputs carry, so changing it changes what scripts may read.

Numbers are written once, in English, by the kind of figure they are (models.phrase.NumKind); the Dutch
form swaps the separators (1,234.5 -> 1.234,5) and writes euros and millions the Dutch way
(EUR 2.40M -> € 2,40 mln).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from models.phrase import Joined, Num, Phrase, Value
from portfolio.core.phrases import explain, rules, solver, warn

LANGS = ("nl", "en")

CATALOGUE: dict[str, tuple[str, str]] = {}
for _part in (warn, explain, rules, solver):
    _clash = CATALOGUE.keys() & _part.SENTENCES.keys()
    if _clash:
        raise ValueError(f"sentence keys defined twice: {sorted(_clash)}")
    CATALOGUE.update(_part.SENTENCES)

# words of lists and joins: (nl, en)
_JOIN = {"and": (" en ", " and "), "or": (" of ", " or ")}
_SEP = {"comma": ", ", "semicolon": "; ", "space": " ", "lines": "\n"}


def say(value: Value, lang: str = "en", catalogue: Mapping[str, tuple[str, str]] = CATALOGUE) -> str:
    """`value` (a Phrase, a number, a list, or plain text) written in `lang`."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    if isinstance(value, Phrase):
        try:
            text = catalogue[value.key][LANGS.index(lang)]
        except KeyError:
            raise KeyError(f"no sentence {value.key!r} in the catalogue") from None
        return text.format(**{k: say(v, lang, catalogue) for k, v in value.fields.items()})
    if isinstance(value, Num):
        return number(value, lang)
    if isinstance(value, Joined):
        parts = [say(v, lang, catalogue) for v in value.items]
        if value.sep in _JOIN:
            word = _JOIN[value.sep][LANGS.index(lang)]
            return word.join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + word + parts[-1]
        return _SEP[value.sep].join(parts)
    return str(value)


def english(value: Value) -> str:
    """The English text of a phrase: what the JSON outputs and the library's str() carry."""
    return say(value, "en")


# --------------------------------------------------------------------------- numbers


def _english_number(n: Num) -> str:
    v = n.value
    if n.kind == "eur_short" and abs(v) >= 1e6 and round(v / 1e4) * 1e4 == v:
        return f"EUR {v / 1e6:,.2f}M"
    if n.kind in ("eur", "eur_short"):
        return f"EUR {v:,.0f}" if v == round(v) else f"EUR {v:,.2f}"
    if n.kind == "amount":
        return f"{v:.3g}" if abs(v) < 0.01 else f"{v:,.2f}".rstrip("0").rstrip(".")
    if n.kind == "plain":
        return f"{v:.6f}".rstrip("0").rstrip(".")
    if n.kind == "int":
        return f"{round(v):,d}"
    if n.kind == "jobs":
        return f"{v:,.1f}"
    if n.kind == "pct":
        return f"{v * 100:,.{1 if n.decimals is None else n.decimals}f}%"
    if n.kind == "seconds":
        return f"{v:,.2f} s"
    if n.kind == "fixed":
        return f"{v:,.{n.decimals or 0}f}"
    if n.kind == "sci":
        return f"{v:.{n.decimals or 0}e}"
    return f"{v:.{6 if n.decimals is None else n.decimals}g}"  # general


def _dutch_digits(text: str) -> str:
    """1,234.5 -> 1.234,5 in every number of `text`."""
    return re.sub(r"\d[\d,]*(?:\.\d+)?", lambda m: m.group(0).replace(",", "\0").replace(".", ",")
                  .replace("\0", "."), text)


def number(n: Num, lang: str = "en") -> str:
    """A number of a phrase as `lang` writes it."""
    text = _english_number(n)
    if lang == "en":
        return text
    if n.kind == "plain":
        return text  # a value to type into a file stays as the file format reads it
    if n.kind == "sci" or n.kind == "general" and "e" in text:
        return text.replace(".", ",")
    text = _dutch_digits(text)
    if n.kind in ("eur", "eur_short"):
        text = text.replace("EUR ", "€ ")
        if text.endswith("M"):
            text = text[:-1] + " mln"
    elif n.kind == "pct":
        text = text[:-1] + " %"
    return text
