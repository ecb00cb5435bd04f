"""Which rules' conditions hold, found one key at a time instead of one rule at a time.

Calling every rule's compiled test costs about 0.2 us a rule up to a thousand rules, and four
to five times that at ten thousand: ten thousand different closures are more than the CPU's
caches and branch predictors hold, so the cost per rule grows with the number of rules. The
index turns the question around. The Python work of one evaluation depends on the keys the
rules read, and only operations on machine words grow with the number of rules:

- Each rule's condition is rewritten as an `or` of *terms*, each term an `and` of tests on one
  key at a time (negations pushed down to the comparisons). Every term has a bit.
- For each key, the values it can take are cut into *regions*: for a key compared by size, the
  numbers the conditions name and the open intervals between them; for any other key, one
  region per value the conditions name and one for every other value. Within a region, every
  test on that key comes out the same, so each region stores one integer whose bits are the
  terms that pass on that key (a term that does not read the key always passes).
- Evaluating is one lookup per key (a dict lookup or a bisect) and an `&` of those integers.
  The bits left are the terms that hold; a rule holds when any of its terms does.
- Points are counted the same way (`Tally`): per option and number of points, the bits of
  the rules that give them, so a score is a few popcounts.

`advisor.rules.engine.decide` uses the index from `INDEX_FROM` rules on; the shipped 43 are
decided without it.

A rule whose condition would expand into more than `MOST_TERMS` terms keeps its compiled test,
as does a rule on a key whose values cannot be sorted or looked up; `holding` returns None
(and the caller tests every rule) for a value the regions cannot place, such as NaN.

A key has as many regions as its conditions name numbers, so storing every region's integer
would take memory growing with the square of the rules (about 70 MB at 10,000 random rules).
A key stores at most `KEPT_REGIONS` whole integers (3 MB in all at 10,000 rules); the regions
between two of them store only the bits that change, which a lookup applies. The shipped
rules never need that.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.answers.schema import OPTIONS
from advisor.rules.engine import Outcome, Rule, add_up, compile_condition, rank
from advisor.rules.spec import Condition

MOST_TERMS = 16
"""A rule whose condition expands into more terms than this is tested whole instead."""
KEPT_REGIONS = 64
"""The most regions of one key stored as whole integers (see the module docstring)."""

ORDERING = ("gt", "gte", "lt", "lte", "between")

Values = Mapping[str, Any]
Term = dict[str, list[tuple[Condition, bool]]]
"""The comparisons a term makes, by key; the bool says the comparison is negated."""


class _TooMany(Exception):
    """The condition expands into more than MOST_TERMS terms."""


def terms(cond: Condition, negated: bool = False) -> list[Term]:
    """The condition as an `or` of terms, each an `and` of (possibly negated) comparisons."""
    if cond.not_ is not None:
        return terms(cond.not_, not negated)
    children = cond.all_ if cond.all_ is not None else cond.any_
    if children is None:
        return [{str(cond.key): [(cond, negated)]}]
    expanded = [terms(child, negated) for child in children]
    if (cond.all_ is not None) != negated:  # all, or not any: every child holds
        return _product(expanded)
    union = [term for child in expanded for term in child]
    if len(union) > MOST_TERMS:
        raise _TooMany
    return union


def _terms_if_few(cond: Condition) -> list[Term] | None:
    """The condition's terms; None when there are more than MOST_TERMS."""
    try:
        return terms(cond)
    except _TooMany:
        return None


def _product(factors: list[list[Term]]) -> list[Term]:
    result: list[Term] = [{}]
    for factor in factors:
        if len(result) * len(factor) > MOST_TERMS:
            raise _TooMany
        result = [_merge(left, right) for left in result for right in factor]
    return result


def _merge(left: Term, right: Term) -> Term:
    merged = {key: list(tests) for key, tests in left.items()}
    for key, tests in right.items():
        merged.setdefault(key, []).extend(tests)
    return merged


def _targets(cond: Condition) -> list[Any]:
    target = cond.target
    return list(target) if cond.operator in ("in", "not_in", "between") else [target]


def _is_number(value: Any) -> bool:
    """A number the regions can place: an int or a float but NaN, the one value unequal to
    itself (`KeyTable.passing` writes the same test inline, on the hot path)."""
    return isinstance(value, int | float) and value == value


@dataclass
class KeyTable:
    """One key's regions and, per region, the terms that pass on that key."""

    key: str
    points: list[float] | None
    """For a key compared by size: the numbers named, sorted. Region 2i+1 is points[i],
    region 2i the open interval below it, region 2m the interval above the last."""
    named: dict[Any, int] | None
    """For any other key: each value named, with its region; every other value is region 0."""
    kept: list[int]
    """The passing terms, as bits, of every `every`-th region (all of them when `every` is 1)."""
    every: int
    changes: list[tuple[int, ...]]
    """Per region, the bits that differ from the region before (empty when `every` is 1)."""
    empty: frozenset[int]
    """Regions no float falls in (met only by an int between two adjacent floats)."""
    width: int
    """How many bytes the bits take."""

    def passing(self, value: Any) -> int | None:
        """The terms that pass on this key when it has this value, as bits; None when the
        value cannot be placed (unhashable, not a number, NaN, or in an empty region)."""
        points = self.points
        if points is None:
            try:
                region = self.named.get(value, 0)  # type: ignore[union-attr]
            except TypeError:  # unhashable
                return None
        elif isinstance(value, int | float) and value == value:  # _is_number, inline
            index = bisect_left(points, value)
            region = 2 * index + 1 if index < len(points) and points[index] == value else 2 * index
            if self.empty and region in self.empty:
                return None
        else:
            return None
        every = self.every
        if every == 1:
            return self.kept[region]
        start = region - region % every
        bits = self.kept[start // every]
        if region == start:
            return bits
        buffer = bytearray(bits.to_bytes(self.width, "little"))
        for later in range(start + 1, region + 1):
            for bit in self.changes[later]:
                buffer[bit >> 3] ^= 1 << (bit & 7)
        return int.from_bytes(buffer, "little")


@dataclass
class Tally:
    """Scores counted from bits instead of added rule by rule: for each option and number of
    points, the rules that give it, so a score is points times how many of them fired.

    Only rules in no group and with no veto are counted this way (the others are looked at one
    by one, in order), and only when every rule's points are whole numbers: whole numbers add
    up exactly in any order, as floats do not, so the scores are the same to the last bit as
    adding them up in rule order."""

    one_by_one: int
    """The rules in a group or with a veto, as the index's bits."""
    counted: tuple[tuple[str, int, int], ...]
    """(option, points, the other rules that give the option those points, as bits)."""


@dataclass
class RuleIndex:
    """The rules' conditions as per-key bit tables (see the module docstring).

    Rules get bits in an order of their own, those with the most terms first (`order` maps a
    bit back to the rule's position). A term's bit is its rule's bit plus the offset of its
    slot: slot 0 holds every rule's first term, slot 1 the second terms of the rules that have
    one (the first ones, in this order), and so on; folding the slots together with `|` leaves
    one bit per rule."""

    order: tuple[int, ...]
    """For each bit, the position (in evaluation order) of its rule."""
    slots: tuple[tuple[int, int], ...]
    """(offset, width) of each slot after the first."""
    every_term: int
    tables: tuple[KeyTable, ...]
    whole: tuple[tuple[int, Callable[[Values], bool]], ...]
    """The rules tested whole, each with its bit."""
    tally: Tally | None = None
    """How the points are counted (None: added rule by rule, in order)."""

    def holding(self, values: Values) -> int | None:
        """The rules whose condition holds, as bits; None when a value falls outside what the
        tables can place (the caller then tests every rule)."""
        passing = self.every_term
        for table in self.tables:
            bits = table.passing(values[table.key])
            if bits is None:
                return None
            passing &= bits
        if self.slots:
            folded = passing & ((1 << len(self.order)) - 1)
            for offset, width in self.slots:
                folded |= (passing >> offset) & ((1 << width) - 1)
            passing = folded
        for bit, test in self.whole:
            if test(values):
                passing |= 1 << bit
        return passing

    def decide(self, rules: Sequence[Rule], values: Values) -> Outcome:
        """`advisor.rules.engine.decide` for the indexed rules: the same outcome as testing
        them and adding up their points one by one, in order."""
        holding = self.holding(values)
        if holding is None:
            holding = self.bits([rule.test(values) for rule in rules])
        totals: dict[str, float] = dict.fromkeys(OPTIONS, 0.0)
        counted = 0
        one_by_one = holding
        tally = self.tally
        if tally is not None:
            counted = holding & ~tally.one_by_one
            one_by_one = holding & tally.one_by_one
            for option, worth, givers in tally.counted:
                totals[option] += worth * (counted & givers).bit_count()
        positions = self.positions(one_by_one)
        _, shadowed, vetoes = add_up([rules[position] for position in positions], totals)
        picked = ([position for position in positions if rules[position].id not in shadowed]
                  if shadowed else positions)
        ranking = rank(totals, vetoes, values)

        def listing() -> list[Rule]:
            return [rules[position] for position in sorted(self.positions(counted) + picked)]

        return Outcome(shadowed, totals, vetoes, ranking[0], ranking, listing)

    def positions(self, bits: int) -> list[int]:
        """The positions, in evaluation order, of the rules with these bits."""
        order = self.order
        return sorted(order[bit] for bit in set_bits(bits))

    def bits(self, flags: Sequence[bool]) -> int:
        """The rules flagged (flags in evaluation order), as bits."""
        return bits_of(flags[position] for position in self.order)


def bits_of(flags: Iterable[bool]) -> int:
    """An integer whose bit i is set when the i-th flag is true."""
    return int("".join("1" if flag else "0" for flag in flags)[::-1] or "0", 2)


def set_bits(number: int) -> list[int]:
    """The positions of the bits set in a non-negative integer, lowest first."""
    digits = format(number, "b")[::-1]
    found = []
    position = digits.find("1")
    while position >= 0:
        found.append(position)
        position = digits.find("1", position + 1)
    return found


def build_index(rules: Sequence[Rule]) -> RuleIndex:
    """The index of rules in evaluation order."""
    expanded: dict[int, list[Term]] = {}
    for position, rule in enumerate(rules):
        found = _terms_if_few(rule.spec.when)
        if found is not None:
            expanded[position] = found
    by_key = _comparisons_by_key(term for found in expanded.values() for term in found)
    unplaceable = {key for key, comparisons in by_key.items() if not _placeable(comparisons)}
    for position, found in list(expanded.items()):
        if any(key in term for term in found for key in unplaceable):
            del expanded[position]
    order = tuple(sorted(range(len(rules)), key=lambda position: (
        -len(expanded.get(position, ())), position)))
    placed: dict[int, Term] = {}
    slots = []
    offset = 0
    for slot in range(max((len(found) for found in expanded.values()), default=0)):
        width = sum(1 for found in expanded.values() if len(found) > slot)
        for bit, position in enumerate(order[:width]):
            placed[offset + bit] = expanded[position][slot]
        if slot:
            slots.append((offset, width))
        offset += len(rules) if slot == 0 else width
    every_term = bits_of(number in placed for number in range(max(offset, len(rules))))
    reading: dict[str, list[tuple[int, list[tuple[Condition, bool]]]]] = {}
    for number, term in placed.items():
        for key, comparisons in term.items():
            reading.setdefault(key, []).append((number, comparisons))
    tables = tuple(_table(key, reading[key], every_term) for key in sorted(reading))
    whole = tuple((bit, rules[position].test) for bit, position in enumerate(order)
                  if position not in expanded)
    index = RuleIndex(order, tuple(slots), every_term, tables, whole)
    index.tally = _tally(rules, index)
    return index


def _tally(rules: Sequence[Rule], index: RuleIndex) -> Tally | None:
    """The rules' points as a tally; None when some rule's points are not whole numbers."""
    if not all(float(points).is_integer() for rule in rules for _, points in rule.effects):
        return None
    alone = [rule.group is not None or bool(rule.veto) for rule in rules]
    givers: dict[tuple[str, int], list[bool]] = {}
    for position, rule in enumerate(rules):
        for option, points in rule.effects:
            flags = givers.setdefault((option, int(points)), [False] * len(rules))
            flags[position] = not alone[position]
    counted = tuple((option, points, index.bits(flags)) for (option, points), flags in givers.items())
    return Tally(index.bits(alone), counted)


def _comparisons_by_key(all_terms: Iterable[Term]) -> dict[str, list[Condition]]:
    found: dict[str, list[Condition]] = {}
    for term in all_terms:
        for key, comparisons in term.items():
            found.setdefault(key, []).extend(cond for cond, _ in comparisons)
    return found


def _placeable(comparisons: list[Condition]) -> bool:
    """Whether a key's values can be cut into regions: numbers for a key compared by size,
    hashable values otherwise."""
    targets = [target for cond in comparisons for target in _targets(cond)]
    if any(cond.operator in ORDERING for cond in comparisons):
        return all(_is_number(target) for target in targets)
    try:
        set(targets)
    except TypeError:
        return False
    return True


class _Other:
    """Stands for every value a key's comparisons do not name: equal to none of them."""

    def __repr__(self) -> str:
        return "<any other value>"


def _table(key: str, reading: list[tuple[int, list[tuple[Condition, bool]]]],
           every_term: int) -> KeyTable:
    """The table of one key, from the terms that read it (each term's bit and comparisons)."""
    points, named, samples = _regions([cond for _, found in reading for cond, _ in found])
    regions = len(samples)
    toggles: dict[int, list[int]] = {}
    free = every_term
    for number, found in reading:
        free &= ~(1 << number)
        tests = [(compile_condition(cond), negated) for cond, negated in found]
        held = False
        for start in _run_starts(found, points, named, regions):
            sample = _sample(samples, start)
            holds = all(test({key: sample}) != negated for test, negated in tests)
            if holds != held:
                toggles.setdefault(start, []).append(number)
                held = holds
    width = (every_term.bit_length() + 7) // 8
    every = -(-regions // KEPT_REGIONS)
    kept = []
    buffer = bytearray(width)
    for region in range(regions):
        for bit in toggles.get(region, ()):
            buffer[bit >> 3] ^= 1 << (bit & 7)
        if region % every == 0:
            kept.append(free | int.from_bytes(buffer, "little"))
    changes = [] if every == 1 else [tuple(toggles.get(region, ())) for region in range(regions)]
    empty = frozenset(region for region, sample in enumerate(samples) if sample is _NONE)
    return KeyTable(key, points, named, kept, every, changes, empty, width)


_NONE = object()
"""The sample of a region no float falls in."""


def _regions(comparisons: list[Condition]) -> tuple[list[float] | None, dict[Any, int] | None,
                                                   list[Any]]:
    """A key's regions: the sorted numbers (a key compared by size) or the named values with
    their regions (any other key), and a value inside each region."""
    if any(cond.operator in ORDERING for cond in comparisons):
        points = sorted({target for cond in comparisons for target in _targets(cond)})
        return points, None, _samples(points)
    named: dict[Any, int] = {}
    for cond in comparisons:
        for target in _targets(cond):
            named.setdefault(target, len(named) + 1)
    return None, named, [_Other(), *named]


def _samples(points: list[float]) -> list[Any]:
    """A value inside each region of a sorted list of numbers (_NONE for an empty interval)."""
    samples: list[Any] = [-math.inf]
    for index, point in enumerate(points):
        samples.append(point)
        if index + 1 < len(points):
            above = math.nextafter(point, math.inf)  # the smallest float above the point
            samples.append(above if above < points[index + 1] else _NONE)
    samples.append(math.inf)
    return samples


def _run_starts(found: list[tuple[Condition, bool]], points: list[float] | None,
                named: dict[Any, int] | None, regions: int) -> list[int]:
    """The regions where a term's result may change, in order: each region of a value the term
    names, and the region just after it. For a number key, the regions between the term's own
    thresholds give one result; for any other key, every value the term does not name gives
    the result of region 0, "any other value"."""
    starts = {0}
    for cond, _ in found:
        for target in _targets(cond):
            if points is not None:
                region = 2 * bisect_left(points, target) + 1
            else:
                assert named is not None
                region = named[target]
            starts.update((region, region + 1))
    return sorted(start for start in starts if start < regions)


def _sample(samples: list[Any], start: int) -> Any:
    """A value in the run of regions that starts at `start`. An empty interval has none, so
    the point above it stands in: it is in the same run whenever the run is longer than the
    interval, and the interval's own result is never read (a value there is not placed: see
    `KeyTable.empty`)."""
    sample = samples[start]
    return samples[start + 1] if sample is _NONE else sample
