"""The regions met while a compiled solution is evaluated, and what each one fixes.

A point's *region* is the set of pieces whose conditions hold there. It fixes how many
equilibria the point has and which formula gives each outcome's probability and each player's
payoff in each of them, so :class:`RegionTables` works these out once per region, as small
tables indexed by a region code, instead of once per point:

* the number of distinct equilibria (pieces whose strategies are the same constants count
  once);
* for a quantity whose formulas are all constants (an outcome's probability in pure
  equilibria, most often), its lowest and highest value: a point's extremes are then one
  table look-up each;
* for any other quantity, the table rows of the formulas of the region's pieces: a point's
  extremes are the minimum and maximum of a few values gathered from the chunk's table.

Regions are numbered in order of first appearance as chunks arrive; the few points of a chunk
whose region is new are found with one comparison, so a sweep of millions of points meets the
handful of regions of a game once each.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["QuantityRows", "RegionTables", "piece_signatures"]

LOOKUP_PIECES = 20
"""Up to this many pieces, a point's signature indexes a table of every possible region (at
most 2**20 entries); above it, each chunk's signatures are sorted to find the new ones."""


@dataclass(frozen=True)
class QuantityRows:
    """One quantity (an outcome's probability or a player's payoff): ``kind`` (``"outcome"``
    or ``"payoff"``), its name, and per piece the row of the table holding its formula."""

    kind: str
    key: str
    rows: tuple[int, ...]


def piece_signatures(valid: np.ndarray) -> np.ndarray:
    """One value per point (column of ``valid``) that is equal exactly where the same pieces
    hold: an unsigned integer with bit ``i`` set where piece ``i`` holds (up to 64 pieces),
    else the packed bits as bytes.

    >>> piece_signatures(np.array([[True, False, True], [True, True, False]])).tolist()
    [3, 2, 1]
    """
    pieces, size = valid.shape
    if pieces > 64:
        packed = np.ascontiguousarray(np.packbits(valid, axis=0, bitorder="little").T)
        return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    kind = next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if pieces <= 8 * t().nbytes)
    flags = valid.view(np.uint8)
    # Each byte by Horner's rule in uint8 (two numpy calls a piece, no casts), then the bytes
    # shifted into place: twice as quick as shifting each piece's bit into a wide integer.
    octets = np.zeros(((pieces + 7) // 8, size), dtype=np.uint8)
    for index in reversed(range(pieces)):
        octet = octets[index // 8]
        if index % 8 != 7 and index != pieces - 1:
            np.add(octet, octet, out=octet)
        np.add(octet, flags[index], out=octet)
    if kind is np.uint8:
        return octets[0] if len(octets) else np.zeros(size, dtype=np.uint8)
    signatures = octets[0].astype(kind)
    shifted = np.empty(size, dtype=kind)
    for index in range(1, len(octets)):
        np.left_shift(octets[index], 8 * index, out=shifted, dtype=kind)
        signatures |= shifted
    return signatures


def _extremes(values: list[float]) -> tuple[float, float]:
    """The lowest and highest of some constants; NaN for none, or when one is NaN."""
    if not values or any(math.isnan(v) for v in values):
        return math.nan, math.nan
    return min(values), max(values)


def _members(signature: int | bytes, pieces: int) -> tuple[int, ...]:
    """The pieces whose bits are set in a signature (an integer, or packed bits as bytes)."""
    if isinstance(signature, bytes):
        bits = np.unpackbits(np.frombuffer(signature, dtype=np.uint8), bitorder="little")
        return tuple(int(i) for i in np.flatnonzero(bits[:pieces]))
    return tuple(i for i in range(pieces) if signature >> i & 1)


class RegionTables:
    """The regions met so far by one evaluation, and their tables (see the module docstring).

    One object serves every chunk of an evaluation, from any number of threads: looking up
    codes only reads, and meeting a new region takes a lock.

    Parameters
    ----------
    pieces:
        Number of pieces.
    quantities:
        The quantities and their rows.
    constants:
        Row -> value of the table's constant rows.
    same:
        Groups of pieces whose strategies are the same constants.
    undefined_row:
        A constant row holding NaN: what a region without pieces gathers.
    points:
        How many points the evaluation has: a table of every possible region (up to
        :data:`LOOKUP_PIECES` pieces) is made only when it is not larger than the points
        (or 4,096), so a call with a few points does not fill megabytes.
    """

    def __init__(
        self,
        pieces: int,
        quantities: Sequence[QuantityRows],
        constants: dict[int, float],
        same: Sequence[Sequence[int]],
        undefined_row: int,
        points: int = 0,
    ) -> None:
        self.pieces = pieces
        self.quantities = tuple(quantities)
        self.constants = constants
        self.same = tuple(tuple(group) for group in same)
        self.undefined_row = undefined_row
        self.constant = tuple(all(r in constants for r in q.rows) for q in self.quantities)
        self.members: list[tuple[int, ...]] = []  # per code: the pieces that hold
        self.signatures: dict[int | bytes, int] = {}  # signature -> code
        small = pieces <= LOOKUP_PIECES and 1 << pieces <= max(points, 1 << 12)
        self.lookup = np.full(1 << pieces, -1, dtype=np.intp) if small else None
        self.lock = threading.Lock()
        # Per code, as lists that grow with the regions met; the arrays are made from them.
        self._rows: list[list] = [[] for _ in self.quantities]
        self._tables: tuple = ()

    def codes(self, signatures: np.ndarray, out: np.ndarray) -> tuple:
        """Each point's region code into ``out``; returns the tables that cover them:
        ``(pieces that hold, distinct equilibria, per quantity)``, each indexed by code, where a
        quantity of constants has its ``(lowest, highest)`` values and any other the table rows
        of its formulas, ``(K, codes)`` (padded by repeating one)."""
        if self.lookup is not None:
            np.take(self.lookup, signatures, out=out)
            if out.min(initial=0) < 0:
                self._meet(signatures[out < 0])
                np.take(self.lookup, signatures, out=out)
            return self._tables
        distinct, inverse = np.unique(signatures, return_inverse=True)
        if any(s.item() not in self.signatures for s in distinct):
            self._meet(signatures)
        known = [self.signatures[s.item()] for s in distinct]
        np.take(np.array(known, dtype=np.intp), inverse.ravel(), out=out)
        return self._tables

    def _meet(self, signatures: np.ndarray) -> None:
        """Give codes to the new signatures among ``signatures``, first seen first."""
        distinct, first = np.unique(signatures, return_index=True)
        with self.lock:
            new = [s.item() for s in distinct[np.argsort(first)]]
            new = [s for s in new if s not in self.signatures]
            for signature in new:
                self.signatures[signature] = len(self.members)
                members = _members(signature, self.pieces)
                self.members.append(members)
                for rows, quantity in zip(self._rows, self.quantities, strict=True):
                    rows.append(sorted({quantity.rows[i] for i in members}))
                if self.lookup is not None:
                    self.lookup[signature] = self.signatures[signature]
            if new:
                self._tables = self._arrays()

    def _arrays(self) -> tuple:
        size = np.array([len(m) for m in self.members], dtype=np.intp)
        count = np.array([self.distinct(m) for m in self.members], dtype=np.int64)
        per_quantity = []
        for held, constant in zip(self._rows, self.constant, strict=True):
            if constant:
                extremes = [_extremes([self.constants[r] for r in rows]) for rows in held]
                low, high = np.array(extremes, dtype=float).reshape(-1, 2).T
                per_quantity.append((np.ascontiguousarray(low), np.ascontiguousarray(high)))
                continue
            width = max(len(rows) for rows in held) or 1
            # Padded by repeating a row (a minimum or maximum is unchanged by a repeat); a
            # region without pieces gathers NaN.
            table = np.full((width, len(held)), self.undefined_row, dtype=np.intp)
            for code, rows in enumerate(held):
                if rows:
                    table[:, code] = [rows[min(k, len(rows) - 1)] for k in range(width)]
            per_quantity.append(table)
        return size, count, tuple(per_quantity)

    def distinct(self, members: Sequence[int]) -> int:
        """Pieces counted as distinct equilibria when ``members`` hold (same constants once)."""
        repeats = sum(max(0, len(set(group) & set(members)) - 1) for group in self.same)
        return len(members) - repeats
