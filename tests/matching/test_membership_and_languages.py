"""The two vectorised shortcuts with a cheap and an expensive path each: shared memberships
(join for small nodes, dense pass for big ones) and shared languages (bit masks, or a table
lookup beyond 64 languages)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.matching import MatchRules, match_cohort
from conversations.matching.membership import Membership, share_any

from .builders import mentee, mentor, pairs


def naive_share(a: list[set[int]], b: list[set[int]]) -> np.ndarray:
    return np.array([[bool(x & y) for y in b] for x in a], dtype=bool).reshape(len(a), len(b))


def membership(nodes_per_person: list[set[int]]) -> Membership:
    rows = [i for i, nodes in enumerate(nodes_per_person) for _ in nodes]
    nodes = [n for person in nodes_per_person for n in person]
    return Membership(np.array(rows, dtype=np.intp), np.array(nodes, dtype=np.intp))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sets(st.integers(0, 30), max_size=4), max_size=40),
    st.lists(st.sets(st.integers(0, 30), max_size=4), max_size=40),
    st.sets(st.integers(0, 39), max_size=30),
)
def test_share_any_matches_set_intersection(
    a: list[set[int]], b: list[set[int]], everyone_in_node_0: set[int]
) -> None:
    # A node that many people share forces the dense path; the rest use the join.
    a = [nodes | {0} if i in everyone_in_node_0 else nodes for i, nodes in enumerate(a)]
    got = share_any(membership(a), membership(b), (len(a), len(b)))
    assert np.array_equal(got, naive_share(a, b))


def test_restrict_renumbers_to_the_block() -> None:
    people = membership([{1}, {2}, {1, 3}])
    block = people.restrict(np.array([2, 0], dtype=np.intp), 3)
    assert sorted(zip(block.row.tolist(), block.node.tolist(), strict=True)) == [
        (0, 1), (0, 3), (1, 1)
    ]


def test_more_than_64_languages_fall_back_to_the_table() -> None:
    many = {f"l{i}" for i in range(70)}
    people = [
        mentee("e", languages={"l69"}),
        mentor("speaks", languages={"l69", "l0"}),
        mentor("other", languages=many - {"l69"}, topics={"ai", "x"}),
    ]
    assert pairs(match_cohort(people, rules=MatchRules(w_timezone=0))) == {("speaks", "e")}
