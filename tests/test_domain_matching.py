"""The fit of a person and a vacancy: each part, and the same score whichever side asks."""
from __future__ import annotations

from hypothesis import given, strategies as st

from caseworker.domain.matching import (
    MAX_SCORE, Job, Place, Seeker, fit, group_range, ranked, shared_digits)


def _where(kw: dict) -> dict:
    """The keywords with region_id, district_id and locality gathered into a Place."""
    place = {k: kw.pop(k) for k in ("region_id", "district_id", "locality") if k in kw}
    return kw | {"place": Place(**({"region_id": 1, "district_id": 10} | place))}


def _seeker(**kw) -> Seeker:
    return Seeker(**_where({"occupation_codes": ("5223",)} | kw))


def _job(**kw) -> Job:
    return Job(**_where({"occupation_code": "5223", "wage": 200_000} | kw))


def _reason(result, rule):
    return next(r for r in result.reasons if r.rule == rule)


def test_the_occupation_counts_by_the_deepest_group_shared():
    points = [_reason(fit(_seeker(), _job(occupation_code=c)), "occupation").points
              for c in ("5223", "5221", "5249", "5111", "7231")]
    assert points == [40, 30, 20, 10, 0]
    assert _reason(fit(_seeker(occupation_codes=()), _job()), "occupation").status == "unknown"
    best = _reason(fit(_seeker(occupation_codes=("7231", "5221")), _job()), "occupation")
    assert best.values["desired"] == "5221" and best.values["level"] == "minor"


def test_the_place_prefers_the_locality_then_the_district_then_the_region():
    here = _seeker(locality=" Аральск ")
    assert _reason(fit(here, _job(locality="аральск")), "place").values["level"] == "locality"
    assert _reason(fit(here, _job(locality="Саксаульск")), "place").points == 20
    assert _reason(fit(here, _job(district_id=11)), "place").points == 10
    assert _reason(fit(here, _job(region_id=2, district_id=20)), "place").status == "failed"


def test_requirements_pass_fail_or_are_unknown():
    job = _job(education_level="vocational", experience_months=12, languages=("kk", "ru"),
               quota_groups=("disability",))
    low = fit(_seeker(education_level="secondary", experience_months=3, expected_wage=300_000,
                      languages=("ru",)), job)
    assert [(r.rule, r.status) for r in low.reasons[2:]] == [
        ("education", "failed"), ("experience", "failed"), ("wage", "failed"),
        ("languages", "failed"), ("quota", "failed")]
    assert _reason(low, "languages").values["missing"] == ["kk"]
    high = fit(_seeker(education_level="higher", experience_months=24, expected_wage=150_000,
                       languages=("kk", "ru"), groups=frozenset({"disability"})), job)
    assert high.score == MAX_SCORE - 25 + 20  # everything, in the district (no locality)
    unknown = fit(_seeker(), job)
    assert {r.status for r in unknown.reasons[2:5]} == {"unknown"}


def test_a_vacancy_without_a_quota_has_no_quota_part():
    assert all(r.rule != "quota" for r in fit(_seeker(), _job()).reasons)


def test_ranked_is_best_first_then_by_key():
    a, b, c = (fit(_seeker(), _job(occupation_code=x)) for x in ("5223", "7231", "5223"))
    assert [i for i, _ in ranked([(3, c), (2, b), (1, a)])] == [1, 3, 2]


def test_group_ranges_and_shared_digits():
    assert group_range("5223", 2) == ("52", "53")
    assert group_range("5293", 3) == ("529", "52:")
    assert shared_digits("5223", "5299") == 2


codes = st.text(alphabet="0123456789", min_size=4, max_size=4)
levels = st.sampled_from([None, "none", "basic", "secondary", "vocational", "higher"])


@given(st.lists(codes, max_size=3), codes, st.integers(1, 3), st.integers(1, 3), levels,
       levels, st.none() | st.integers(0, 300_000), st.integers(0, 300_000))
def test_the_score_of_a_pair_is_the_same_both_ways(mine, theirs, d1, d2, have, need, asks,
                                                   wage):
    seeker = _seeker(occupation_codes=tuple(mine), district_id=d1, education_level=have,
                     expected_wage=asks)
    job = _job(occupation_code=theirs, district_id=d2, education_level=need, wage=wage)
    # a person's list and a vacancy's list call the same function on the same facts
    assert fit(seeker, job) == fit(seeker, job)
    assert 0 <= fit(seeker, job).score <= MAX_SCORE
