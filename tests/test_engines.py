"""The engines give what the timeline gives: Allen predicates generated from the relation
table, and (through DuckDB) every filter, mode and grouping compared with the in-memory query.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline.engines.allen import bound_values, evaluate, relation_predicate
from geotimeline.query import Mode
from geotimeline.time.relations import FAMILIES, RELATIONS, Extent, _families, extent_relations
from tests.strategies import extents, nearby_whens

#: Every relation and family a query may name.
RELATION_NAMES = (*RELATIONS, *FAMILIES)
#: Extents of real dates, near each other, and small tightened ones with coinciding ends.
ANY_EXTENT = extents() | nearby_whens().map(Extent.of)


def _expected(first: Extent, second: Extent, names: frozenset[str], mode: str) -> bool:
    possible = extent_relations(first, second)
    return bool(possible & names) if mode == "possible" else possible <= names


@given(
    first=ANY_EXTENT,
    second=ANY_EXTENT,
    name=st.sampled_from(RELATION_NAMES),
    mode=st.sampled_from(["possible", "certain"]),
)
def test_generated_predicates_agree_with_the_relations(
    first: Extent, second: Extent, name: str, mode: Mode
) -> None:
    names = _families(name)
    expected = _expected(first, second, names, mode)
    columns = bound_values("a_", first) | bound_values("b_", second)
    # Against a fixed date (a query), between two tables (a join), and with both fixed.
    assert evaluate(relation_predicate("a_", second, names, mode), columns) == expected
    assert evaluate(relation_predicate("a_", "b_", names, mode), columns) == expected
    assert evaluate(relation_predicate(first, second, names, mode), {}) == expected


@pytest.mark.parametrize("name", RELATIONS)
def test_each_relation_is_at_most_twelve_inequalities_a_shape(name: str) -> None:
    from geotimeline.engines.allen import _orderings

    for first_is_point in (False, True):
        for second_is_point in (False, True):
            orderings = _orderings(name, first_is_point, second_is_point)
            assert orderings is None or len(orderings) <= 12
