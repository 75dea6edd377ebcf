"""The batched filter gives what the rules would give pair by pair."""

from __future__ import annotations

import random

from merge_helpers import varied_listings

from eventscout.merge._blocking import candidate_pairs
from eventscout.merge._filter import matching_pairs
from eventscout.merge._listing import read_listings
from eventscout.merge._rules import is_match


def test_the_batched_filter_keeps_every_pair_the_rules_accept() -> None:
    listings = read_listings(varied_listings(random.Random(8), 220))
    first, second = candidate_pairs(listings)

    found = matching_pairs(listings, first, second)
    by_rules = [(score, i, j) for i, j in zip(first.tolist(), second.tolist(), strict=True)
                for score in [is_match(listings[i], listings[j])] if score is not None]

    assert found == by_rules
    assert len(by_rules) > 50
