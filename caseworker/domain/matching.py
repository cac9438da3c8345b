"""How well a person and a vacancy fit: one score from the same facts, whichever side asks.

A person's list of vacancies and a vacancy's list of candidates both call `fit(seeker, job)`,
so the two rankings agree by construction: the score of a pair is the same both ways. Each
part of the score is a `Reason` (passed / failed / unknown, with the values its sentence
needs), explained the way eligibility outcomes are (offers.explain).

The parts and their points (at most 110):
- occupation: a desired occupation in the vacancy's unit group 40, its minor group 30, its
  sub-major group 20, its major group 10 (ISCO-08 groups nest by the code's digits);
- place: the same locality (a settlement of the same district) 25, the same district 20, the
  same region 10; no coordinates are kept, so nothing finer;
- education at least the level asked 10; experience at least the months asked 10; the wage at
  least the one the person asks 10; every language asked spoken 5;
- the vacancy set aside (quota) for a group the person belongs to 10.
A requirement the vacancy does not set passes; one the person's file does not answer is
unknown and gives nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EDUCATION_ORDER = ("none", "basic", "secondary", "vocational", "higher")
OCCUPATION_POINTS = {4: 40, 3: 30, 2: 20, 1: 10}  # digits shared -> points
OCCUPATION_LEVELS = {4: "unit", 3: "minor", 2: "sub_major", 1: "major"}
PLACE_POINTS = {"locality": 25, "district": 20, "region": 10}
POINTS = {"education": 10, "experience": 10, "wage": 10, "languages": 5, "quota": 10}
# A person's target group -> the vacancy quota group it falls under (domain.vacancies'
# QUOTA_GROUPS: persons with disabilities, on probation, released from prison, orphans and
# young people left without parental care).
QUOTA_OF_GROUP = {"disability": "disability", "probation": "probation",
                  "released_from_prison": "released_from_prison", "orphan": "orphan_youth"}
MAX_SCORE = (max(OCCUPATION_POINTS.values()) + max(PLACE_POINTS.values())
             + sum(POINTS.values()))


@dataclass(frozen=True)
class Place:
    """Where a person lives or a job is: no coordinates are kept, so the settlement's name
    (`locality`) within a district is the finest a score can tell."""
    region_id: int
    district_id: int
    locality: str | None = None

    def level_near(self, other: Place) -> str:
        """How near `other` is: the same locality, district or region, or elsewhere."""
        if self.district_id == other.district_id:
            same = self.locality and _fold(self.locality) == _fold(other.locality)
            return "locality" if same else "district"
        return "region" if self.region_id == other.region_id else "elsewhere"


@dataclass(frozen=True)
class Seeker:
    occupation_codes: tuple[str, ...]
    place: Place
    education_level: str | None = None
    experience_months: int | None = None
    expected_wage: int | None = None
    languages: tuple[str, ...] = ()
    groups: frozenset[str] = frozenset()  # target groups, ticked and derived


@dataclass(frozen=True)
class Job:
    occupation_code: str
    place: Place
    education_level: str | None = None
    experience_months: int | None = None
    wage: int = 0
    languages: tuple[str, ...] = ()
    quota_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    rule: str
    status: str  # passed / failed / unknown
    points: int = 0
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fit:
    score: int
    reasons: tuple[Reason, ...]


def shared_digits(a: str, b: str) -> int:
    """How many leading digits two classifier codes share (0 to 4): the deepest common
    group."""
    n = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        n += 1
    return n


def _occupation(seeker: Seeker, job: Job) -> Reason:
    if not seeker.occupation_codes:
        return Reason("occupation", "unknown", values={"code": job.occupation_code})
    best, code = max((shared_digits(c, job.occupation_code), c)
                     for c in seeker.occupation_codes)
    if best == 0:
        return Reason("occupation", "failed", values={"code": job.occupation_code})
    return Reason("occupation", "passed", OCCUPATION_POINTS[best],
                  {"code": job.occupation_code, "desired": code,
                   "level": OCCUPATION_LEVELS[best], "group": job.occupation_code[:best]})


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _place(seeker: Seeker, job: Job) -> Reason:
    level = seeker.place.level_near(job.place)
    if level == "elsewhere":
        return Reason("place", "failed", values={"level": level})
    values = {"level": level} | ({"locality": job.place.locality} if level == "locality" else {})
    return Reason("place", "passed", PLACE_POINTS[level], values)


def _at_least(rule: str, have, need) -> Reason:
    values = {"have": have, "need": need}
    if need in (None, 0):
        return Reason(rule, "passed", POINTS[rule], {"need": None})
    if have is None or (rule == "education" and {have, need} - set(EDUCATION_ORDER)):
        return Reason(rule, "unknown", values=values)
    if rule == "education":
        ok = EDUCATION_ORDER.index(have) >= EDUCATION_ORDER.index(need)
    else:
        ok = have >= need
    return Reason(rule, "passed" if ok else "failed", POINTS[rule] if ok else 0, values)


def _wage(seeker: Seeker, job: Job) -> Reason:
    values = {"wage": job.wage, "expected": seeker.expected_wage}
    if seeker.expected_wage is None:
        return Reason("wage", "unknown", values=values)
    ok = job.wage >= seeker.expected_wage
    return Reason("wage", "passed" if ok else "failed", POINTS["wage"] if ok else 0, values)


def _languages(seeker: Seeker, job: Job) -> Reason:
    missing = [code for code in job.languages if code not in seeker.languages]
    if not job.languages:
        return Reason("languages", "passed", POINTS["languages"], {"need": []})
    if not seeker.languages:
        return Reason("languages", "unknown", values={"need": list(job.languages)})
    return Reason("languages", "failed" if missing else "passed",
                  0 if missing else POINTS["languages"],
                  {"need": list(job.languages), "missing": missing})


def _quota(seeker: Seeker, job: Job) -> Reason | None:
    """Only a vacancy with a quota has this part."""
    if not job.quota_groups:
        return None
    mine = {QUOTA_OF_GROUP[g] for g in seeker.groups if g in QUOTA_OF_GROUP}
    shared = sorted(mine & set(job.quota_groups))
    return Reason("quota", "passed" if shared else "failed",
                  POINTS["quota"] if shared else 0,
                  {"groups": shared or list(job.quota_groups)})


def fit(seeker: Seeker, job: Job) -> Fit:
    """The score of the pair and its reasons, in the order a page shows them."""
    reasons = [
        _occupation(seeker, job), _place(seeker, job),
        _at_least("education", seeker.education_level, job.education_level),
        _at_least("experience", seeker.experience_months, job.experience_months),
        _wage(seeker, job), _languages(seeker, job), _quota(seeker, job)]
    kept = tuple(r for r in reasons if r is not None)
    return Fit(sum(r.points for r in kept), kept)


def ranked(pairs, key=lambda item: item[0]) -> list:
    """(item, Fit) pairs best first; equal scores by the item's key (an id), so a page and
    the API list the same order every time."""
    return sorted(pairs, key=lambda pair: (-pair[1].score, key(pair)))


def group_range(code: str, digits: int) -> tuple[str, str]:
    """The codes under `code`'s group of `digits` digits, as a half-open range of text
    [low, high): what an index range over occupation codes reads ("52" -> "52" .. "53")."""
    prefix = code[:digits]
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
