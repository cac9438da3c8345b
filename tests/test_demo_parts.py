"""The national history's shares (`demo.parts`): whole regions, about equal, in id order."""
from caseworker.demo.parts import split


def test_shares_are_of_whole_regions_about_equal_and_in_id_order():
    persons = [(pid, region) for pid, region in enumerate(
        [1] * 50 + [2] * 30 + [3] * 25 + [4] * 10 + [5] * 5)]
    persons.reverse()
    shares = split(persons, 2)
    regions = [{region for _pid, region in share} for share in shares]
    assert regions[0].isdisjoint(regions[1])
    assert sorted(p for share in shares for p in share) == sorted(persons)
    assert abs(len(shares[0]) - len(shares[1])) <= 10
    assert all([p[0] for p in share] == sorted(p[0] for p in share) for share in shares)


def test_a_share_is_never_empty():
    assert split([(1, 7), (2, 7)], 2) == [[(1, 7), (2, 7)]]
