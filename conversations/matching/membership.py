"""Memberships (person -> manager on their chain, person -> conflict group) and the pairs
that share one, found by a vectorised join instead of comparing all pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

BoolMatrix = NDArray[np.bool_]
Index = NDArray[np.intp]

# A node linking more than this share of all pairs (everyone under one manager) is cheaper
# to mark with one dense pass than by listing its pairs.
_DENSE_SHARE = 1 / 64


@dataclass(frozen=True)
class Membership:
    """A 0/1 people x nodes matrix in coordinate form: person `row[k]` belongs to `node[k]`."""

    row: Index
    node: Index

    def restrict(self, rows: Index, n_people: int) -> Membership:
        """Only the given people, renumbered to their position in `rows`."""
        position = np.full(n_people, -1, dtype=np.intp)
        position[rows] = np.arange(len(rows))
        moved = position[self.row]
        keep = moved >= 0
        return Membership(moved[keep], self.node[keep])


def share_any(a: Membership, b: Membership, shape: tuple[int, int]) -> BoolMatrix:
    """True where person i of `a` and person j of `b` belong to a common node."""
    mask = np.zeros(shape, dtype=bool)
    if len(a.node) == 0 or len(b.node) == 0:
        return mask
    n_nodes = int(max(a.node.max(), b.node.max())) + 1
    in_a = np.bincount(a.node, minlength=n_nodes)
    in_b = np.bincount(b.node, minlength=n_nodes)
    heavy = in_a * in_b > _DENSE_SHARE * mask.size
    for node in np.flatnonzero(heavy):
        rows_with = np.zeros(shape[0], dtype=bool)
        cols_with = np.zeros(shape[1], dtype=bool)
        rows_with[a.row[a.node == node]] = True
        cols_with[b.row[b.node == node]] = True
        mask |= np.logical_and.outer(rows_with, cols_with)

    # Join on node: every light entry of `a` pairs with each member of its node in `b`.
    light = ~heavy[a.node]
    a_row, a_node = a.row[light], a.node[light]
    b_by_node = b.row[np.argsort(b.node, kind="stable")]
    b_start = np.cumsum(in_b) - in_b
    repeats = in_b[a_node]
    first_of_run = np.repeat(np.cumsum(repeats) - repeats, repeats)
    partner = np.repeat(b_start[a_node], repeats) + np.arange(int(repeats.sum())) - first_of_run
    mask[np.repeat(a_row, repeats), b_by_node[partner]] = True
    return mask
