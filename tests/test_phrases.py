"""The library's sentences as facts (models.phrase) said in Dutch and English (portfolio.core.phrases)."""

from __future__ import annotations

import string

import pytest

from models.phrase import (Joined, Phrase, amount, count, eur, eur_short, fixed, jobs, joined, pct, phrase,
                           plain, sci)
from portfolio.core.phrases import CATALOGUE, LANGS, number, say

TEST = {
    "t.over": ("{action} kost {cost} in {year}, meer dan {budget}", "{action} costs {cost} in {year}, more than "
                                                                     "{budget}"),
    "t.list": ("te veel: {items}", "too much: {items}"),
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_each_sentence_has_the_same_fields_in_both_languages(key):
    nl, en = CATALOGUE[key]
    assert fields(nl) == fields(en), key
    assert nl.strip() and en.strip()


def test_the_catalogue_has_no_sentence_twice_in_english():
    """Two keys with one English text would be one sentence said twice; the scan of Dutch outputs relies on
    the English sides to find what was left untranslated."""
    seen: dict[str, str] = {}
    for key, (_nl, en) in CATALOGUE.items():
        assert en not in seen, (key, seen.get(en))
        seen[en] = key


def test_a_phrase_in_both_languages_with_its_numbers():
    p = phrase("t.over", action="A01", cost=eur(3_200_000), year=2027, budget=eur_short(2_400_000))
    assert say(p, "en", TEST) == "A01 costs EUR 3,200,000 in 2027, more than EUR 2.40M"
    assert say(p, "nl", TEST) == "A01 kost € 3.200.000 in 2027, meer dan € 2,40 mln"


@pytest.mark.parametrize("num, en, nl", [
    (eur(1250.5), "EUR 1,250.50", "€ 1.250,50"),
    (eur_short(2_395_000), "EUR 2,395,000", "€ 2.395.000"),
    (amount(20_000_000), "20,000,000", "20.000.000"),
    (amount(0.5), "0.5", "0,5"),
    (amount(0.00123), "0.00123", "0,00123"),
    (plain(3_200_000), "3200000", "3200000"),
    (plain(0.5), "0.5", "0.5"),
    (count(1200), "1,200", "1.200"),
    (jobs(1234.55), "1,234.5", "1.234,5"),
    (pct(0.125), "12.5%", "12,5 %"),
    (fixed(1234.5678, 2), "1,234.57", "1.234,57"),
    (sci(2e10, 1), "2.0e+10", "2,0e+10"),
    (sci(1e9, 0), "1e+09", "1e+09"),
])
def test_numbers_as_each_language_writes_them(num, en, nl):
    assert number(num, "en") == en
    assert number(num, "nl") == nl


def test_a_float_field_is_never_said_with_its_repr():
    p = phrase("t.list", items=0.1 + 0.2)
    assert say(p, "en", TEST) == "too much: 0.3"


def test_lists_join_with_the_language_s_words():
    three = joined(["a", "b", "c"], "and")
    assert say(three, "en") == "a, b and c"
    assert say(three, "nl") == "a, b en c"
    assert say(joined(["a", "b"], "or"), "nl") == "a of b"
    nested = phrase("t.list", items=joined([phrase("t.over", action="A", cost=eur(1), year=2026,
                                                          budget=eur(0))], "semicolon"))
    assert say(nested, "nl", TEST) == "te veel: A kost € 1 in 2026, meer dan € 0"
    assert say(joined(["Deze:", three], "lines"), "nl") == "Deze:\na, b en c"


def test_a_phrase_survives_json():
    p = phrase("t.list", items=Joined(items=(phrase("t.over", action="A", cost=eur(5), year=2026,
                                                        budget=jobs(2.5)), "x", 2027), sep="and"))
    back = Phrase.model_validate_json(p.model_dump_json())
    assert back == p
    assert say(back, "nl", TEST) == say(p, "nl", TEST)


def test_an_unknown_key_or_language_is_refused():
    with pytest.raises(KeyError, match="no sentence"):
        say(Phrase(key="nothing.here"))
    with pytest.raises(ValueError, match="unknown language"):
        say("x", "fr")
    assert set(LANGS) == {"nl", "en"}
