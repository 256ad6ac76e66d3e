"""Probable overlap between working groups' proposals: phase 2 of the concept note aligns them without overlap.

Two actions are a probable overlap when all of these hold:

- their lead domains differ (one working group proposing two variants is not the question here);
- they share at least one barrier and at least one target group (groups from their reach.csv rows);
- their normalised names are alike (difflib ratio of at least MIN_SIMILARITY), or they address exactly the
  same barriers and reach exactly the same groups;
- the case does not already say how they relate: they are in no common overlap group, no synergies.csv row
  joins them (either order, any group), and neither requires the other (directly or through others).

Names are normalised before comparing: accents and case dropped, every run of other characters than letters
and digits made one space ("Geïntegreerd traject (2.500)" -> "geintegreerd traject 2 500").

The pairs are sorted by the strength of their evidence: first those with alike names, then those that only
share every barrier and group (with few barriers and groups, different measures for one audience do that
too); within each, by strength: name similarity plus the Jaccard shares of barriers and of groups the two
have in common (0-3), strongest first.

Cost. The test is over all pairs of actions (O(n^2)), done in blocks of rows with numpy: barriers, groups,
lead domains and overlap groups as 0/1 matrices, so one product per block gives the shared counts. The ratio
is difflib's, computed by cydifflib (difflib's algorithm compiled: the same matching blocks, so the same
ratio, at 0.03-0.1 ms a pair for names of 40-80 characters where difflib takes 0.1-0.5 ms); it runs on every
pair found (its similarity is part of the evidence) and otherwise only on pairs that pass three bounds, each
of which no pair with a ratio of at least the threshold can fail, so the result is exactly difflib's:

1. lengths: ratio <= 2 min(la, lb) / (la + lb);
2. characters: ratio <= 2 x (characters in common, as multisets) / (la + lb) (difflib's quick_ratio);
3. longest common subsequence: difflib's matching blocks are a common subsequence, so
   ratio <= 2 LCS / (la + lb); LCS is computed bit-parallel (Hyyrö 2004) on Python integers.

On a generated case of 5,000 actions (6 domains, 15 barriers, 10 groups, names of 3-9 words from the
bundled case's vocabulary; 921,000 pairs share a barrier and a group across domains, and 1,334 come out)
the whole search takes 0.8-1.0 s on this 2-core machine (tests/test_overlaps.py measures it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import cydifflib
import numpy as np

from models import Case
from models.casedata import CaseData
from models.checks import FIRST_DATA_LINE
from models.phrase import Phrase, Value, joined, pct, phrase
from models.warnings import Overlap
from portfolio.core.phrases import english

# Names at least this alike (difflib ratio of the normalised names) count as alike. "Taalcoaching op de
# werkvloer" and "Taalcoaches op de werkvloer" are 0.91 alike; in the bundled case the two contact-person
# variants of onderwijs and welzijn (A28, A29, one overlap group) are 0.83; the least alike pairs of one
# overlap group there (the two sizes of a measure) 0.71; different measures that share a few words stay
# below 0.75 (e.g. 0.73 for two training routes for newcomers).
MIN_SIMILARITY = 0.8

_BLOCK = 512  # rows of the pair matrix handled at once (memory: a few MB per matrix at 5,000 actions)
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(name: str) -> str:
    """Lower case, no accents, runs of anything but letters and digits as one space, trimmed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NOT_WORD.sub(" ", plain).strip()


def similarity(a: str, b: str) -> float:
    """difflib ratio of two normalised names; 0 when either is empty (nothing to compare)."""
    return cydifflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def _masks(s: str) -> dict[str, int]:
    """Bit k of masks[ch] is set where s[k] == ch."""
    out: dict[str, int] = {}
    for k, ch in enumerate(s):
        out[ch] = out.get(ch, 0) | (1 << k)
    return out


def lcs_length(a: str, b_masks: dict[str, int], b_length: int) -> int:
    """Length of a longest common subsequence of `a` and b (given as `_masks(b)`), bit-parallel (Hyyrö 2004)."""
    full = (1 << b_length) - 1
    v = full
    for ch in a:
        u = v & b_masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return b_length - v.bit_count()


def probable_overlaps(case: Case, data: CaseData | None = None, *,
                      min_similarity: float = MIN_SIMILARITY) -> list[Overlap]:
    """Pairs of actions that are probably one measure proposed by two working groups (module docstring)."""
    data = data or CaseData.of(case)
    search = _Search(data, min_similarity)
    found = [search.overlap(i, j, same) for i, j, same in search.pairs()]
    found = [o for o in found if o is not None]
    order = {a: i for i, a in enumerate(data.actions)}
    return sorted(found, key=lambda o: (not o.names_alike, -o.strength, order[o.a], order[o.b]))


class _Search:
    """The precomputed sets and matrices of one search."""

    def __init__(self, data: CaseData, min_similarity: float) -> None:
        case = data.case
        self.data, self.t = data, min_similarity
        self.acts = case.actions
        n = len(self.acts)
        self.barriers = [frozenset(a.barriers) for a in self.acts]
        self.groups = [frozenset(data.jobs_by_action[a.action]) for a in self.acts]
        self.names = [normalise(a.name) for a in self.acts]
        self.lengths = np.array([len(s) for s in self.names], dtype=np.int64)
        self.bar = _indicator(self.barriers, [b.barrier for b in case.barriers])
        self.grp = _indicator(self.groups, [g.group for g in case.groups])
        self.n_bar, self.n_grp = self.bar.sum(1), self.grp.sum(1)
        codes = {d: k for k, d in enumerate(data.led_by)}
        self.lead = np.array([codes[a.lead_domain] for a in self.acts])
        labels = {g: k for k, g in enumerate(data.overlap)}
        self.overlap_group = np.array([labels.get(a.overlap_group, -1) for a in self.acts])
        alphabet = {ch: k for k, ch in enumerate(sorted({ch for s in self.names for ch in s}))}
        self.chars = np.zeros((n, max(1, len(alphabet))), dtype=np.int32)
        for i, s in enumerate(self.names):
            for ch in s:
                self.chars[i, alphabet[ch]] += 1
        self._masks: dict[int, dict[str, int]] = {}
        self.synergy = {frozenset((a, b)) for a, b, _g in data.synergy}
        self.requires = {a.action: a.requires for a in self.acts}
        self._needs: dict[str, set[str]] = {}

    def pairs(self) -> Iterator[tuple[int, int, bool]]:
        """(i, j, same sets) with i < j: different lead domains, a shared barrier and group, no common overlap
        group, and either the same barriers and groups or names that pass the three bounds of difflib."""
        n = len(self.acts)
        for s in range(0, n, _BLOCK):
            e = min(n, s + _BLOCK)  # rows s..e against columns s..n: the upper triangle, j > i below
            sb = self.bar[s:e] @ self.bar[s:].T
            sg = self.grp[s:e] @ self.grp[s:].T
            og = self.overlap_group[s:e, None]
            ok = ((sb > 0) & (sg > 0) & (self.lead[s:e, None] != self.lead[None, s:])
                  & np.triu(np.ones((e - s, n - s), dtype=bool), 1)
                  & ~((og == self.overlap_group[None, s:]) & (og >= 0)))
            ii, jj = np.nonzero(ok)
            alike = ((sb[ii, jj] == self.n_bar[ii + s]) & (sb[ii, jj] == self.n_bar[jj + s])
                     & (sg[ii, jj] == self.n_grp[ii + s]) & (sg[ii, jj] == self.n_grp[jj + s]))
            ii += s
            jj += s
            for i, j in zip(ii[alike].tolist(), jj[alike].tolist()):
                yield i, j, True
            yield from ((i, j, False) for i, j in self._name_candidates(ii[~alike], jj[~alike]))

    def _name_candidates(self, ii: np.ndarray, jj: np.ndarray) -> Iterator[tuple[int, int]]:
        """The pairs whose names pass the length, character and LCS bounds (never one difflib would accept)."""
        la, lb = self.lengths[ii], self.lengths[jj]
        total = la + lb
        keep = 2 * np.minimum(la, lb) >= self.t * total
        ii, jj, total = ii[keep], jj[keep], total[keep]
        common = np.minimum(self.chars[ii], self.chars[jj]).sum(1)
        keep = 2 * common >= self.t * total
        for i, j in zip(ii[keep].tolist(), jj[keep].tolist()):
            short, long_ = (i, j) if len(self.names[i]) <= len(self.names[j]) else (j, i)
            if long_ not in self._masks:
                self._masks[long_] = _masks(self.names[long_])
            lcs = lcs_length(self.names[short], self._masks[long_], len(self.names[long_]))
            if 2 * lcs >= self.t * (len(self.names[i]) + len(self.names[j])):
                yield i, j

    def _needs_of(self, a: str) -> set[str]:
        """Every action `a` requires, directly or through others."""
        if a not in self._needs:
            seen: set[str] = set()
            stack = list(self.requires[a])
            while stack:
                x = stack.pop()
                if x not in seen:
                    seen.add(x)
                    stack.extend(self.requires[x])
            self._needs[a] = seen
        return self._needs[a]

    def overlap(self, i: int, j: int, same: bool) -> Overlap | None:
        """The Overlap of a candidate pair, or None when the case already relates the two or names differ."""
        a, b = self.acts[i], self.acts[j]
        if frozenset((a.action, b.action)) in self.synergy:
            return None
        if b.action in self._needs_of(a.action) or a.action in self._needs_of(b.action):
            return None
        sim = similarity(self.names[i], self.names[j])
        if not same and sim < self.t:
            return None
        bars, grps = self.barriers[i] & self.barriers[j], self.groups[i] & self.groups[j]
        strength = sim + len(bars) / len(self.barriers[i] | self.barriers[j]) + len(grps) / len(self.groups[i] | self.groups[j])
        case = self.data.case
        shared_b = tuple(x.barrier for x in case.barriers if x.barrier in bars)
        shared_g = tuple(x.group for x in case.groups if x.group in grps)
        evidence = phrase(
            "warn.overlap", a=a.action, a_name=a.name, a_domain=a.lead_domain, b=b.action, b_name=b.name,
            b_domain=b.lead_domain, alike=pct(sim, 0),
            barriers=_shared("barriers", a.action, b.action, shared_b, self.barriers[i], self.barriers[j],
                             case.barriers, "barrier"),
            groups=_shared("groups", a.action, b.action, shared_g, self.groups[i], self.groups[j],
                           case.groups, "group"))
        hint = phrase("warn.overlap.hint", a=a.action, b=b.action)
        return Overlap(
            a=a.action, b=b.action, a_name=a.name, b_name=b.name, a_row=i + FIRST_DATA_LINE, b_row=j + FIRST_DATA_LINE,
            a_domain=a.lead_domain, b_domain=b.lead_domain, shared_barriers=shared_b, shared_groups=shared_g,
            same_barriers=self.barriers[i] == self.barriers[j], same_groups=self.groups[i] == self.groups[j],
            name_similarity=round(sim, 4), names_alike=sim >= self.t, strength=round(strength, 4),
            evidence=english(evidence), evidence_words=evidence, hint=english(hint), hint_words=hint,
        )


def _indicator(sets: list[frozenset[str]], ids: list[str]) -> np.ndarray:
    """0/1 matrix, one row per set and one column per id (float32: products count exactly up to 2^24)."""
    col = {x: k for k, x in enumerate(ids)}
    out = np.zeros((len(sets), max(1, len(ids))), dtype=np.float32)
    for i, s in enumerate(sets):
        for x in s:
            out[i, col[x]] = 1
    return out


def _shared(what: str, a: str, b: str, shared: tuple[str, ...], of_a: frozenset[str], of_b: frozenset[str],
            rows, kind: str) -> Value:
    """`both reach exactly nieuwkomers` or `both address zorgtaken; only A01 also mobiliteit` (`what`:
    barriers or groups)."""
    if of_a == of_b:
        return phrase(f"warn.overlap.{what}.same", shared=joined(shared))
    parts: list[Phrase] = [phrase(f"warn.overlap.{what}", shared=joined(shared))]
    for who, mine in ((a, of_a - of_b), (b, of_b - of_a)):
        if mine:
            others = joined([getattr(r, kind) for r in rows if getattr(r, kind) in mine])
            parts.append(phrase("warn.overlap.only", action=who, others=others))
    return joined(parts, "semicolon")
