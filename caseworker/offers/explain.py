"""Sentences for the reasons of a fit and of a suitable-work verdict, in the user's language
(as measures.explain says the eligibility outcomes)."""
from __future__ import annotations

from caseworker import labels
from caseworker.translating import lazy_gettext as _l

LEVELS = {"unit": _l("the same occupation (unit group %(group)s)"),
          "minor": _l("the same minor group %(group)s"),
          "sub_major": _l("the same sub-major group %(group)s"),
          "major": _l("the same major group %(group)s")}
QUOTAS = {"disability": _l("persons with disabilities"), "probation": _l("persons on probation"),
          "released_from_prison": _l("persons released from prison"),
          "orphan_youth": _l("orphans and young people left without parental care")}
REFUSALS = {"wage": _l("The wage is too low"), "distance": _l("Too far to travel"),
            "schedule": _l("The hours or schedule do not suit"),
            "health": _l("Health does not allow it"),
            "occupation": _l("Not the person's occupation"),
            "family": _l("Family circumstances"), "found_work": _l("Found work elsewhere"),
            "other": _l("Another reason")}
STATES = {"offered": _l("Waiting for the answer"), "accepted": _l("Accepted"),
          "refused": _l("Refused"), "no_answer": _l("No answer")}
PROPOSALS = {"pending": _l("Waiting for the supervisor"), "confirmed": _l("Confirmed"),
             "rejected": _l("Rejected")}
TEXTS = {
    ("occupation", "passed"): _l("Desired occupation %(desired)s: %(where)s."),
    ("occupation", "failed"): _l("No desired occupation in the vacancy's major group."),
    ("occupation", "unknown"): _l("No desired occupation is recorded."),
    ("place", "locality"): _l("In the person's locality (%(locality)s)."),
    ("place", "district"): _l("In the person's district."),
    ("place", "region"): _l("In another district of the person's region."),
    ("place", "elsewhere"): _l("In another region."),
    ("education", "passed"): _l("Education meets the requirement."),
    ("education", "failed"): _l("Education below the level asked (%(need)s)."),
    ("education", "unknown"): _l("Education is not recorded."),
    ("experience", "passed"): _l("Experience meets the requirement."),
    ("experience", "failed"): _l("%(have)s months of experience, %(need)s asked."),
    ("experience", "unknown"): _l("Experience is not recorded."),
    ("wage", "passed"): _l("The wage (%(wage)s ₸) is at least the one asked."),
    ("wage", "failed"): _l("The wage (%(wage)s ₸) is below the %(expected)s ₸ asked."),
    ("wage", "unknown"): _l("The wage the person asks is not recorded."),
    ("languages", "passed"): _l("Speaks the languages asked."),
    ("languages", "failed"): _l("Does not speak: %(missing)s."),
    ("languages", "unknown"): _l("Languages are not recorded."),
    ("quota", "passed"): _l("A quota job for %(groups)s."),
    ("quota", "failed"): _l("A quota job for %(groups)s: the person is not of them."),
    ("occupation_or_education", "passed"): _l("Matches the person's occupation or education."),
    ("occupation_or_education", "failed"): _l("Neither the person's occupation nor education."),
    ("occupation_or_education", "unknown"): _l("Occupation and education are not recorded."),
    ("wage_last", "passed"): _l("The wage is not below the last wage (%(floor)s ₸)."),
    ("wage_last", "failed"): _l("The wage is below the last wage (%(floor)s ₸)."),
    ("wage_last", "unknown"): _l("The last wage is not recorded."),
    ("wage_minimum", "passed"): _l("The wage is not below the minimum (%(floor)s ₸)."),
    ("wage_minimum", "failed"): _l("The wage is below the minimum (%(floor)s ₸)."),
    ("wage_minimum", "unknown"): _l("No minimum wage is known for the day."),
    ("travel", "passed"): _l("Within reach: in the person's district."),
    ("travel", "failed"): _l("Out of reach: not in the person's district."),
    ("health", "passed"): _l("Health limits allow it."),
    ("health", "failed"): _l("%(hours)s hours a week: more than the %(limit)s the "
                             "person's disability group allows."),
}


def _values(rule: str, values: dict) -> dict:
    values = dict(values)
    if rule == "occupation" and "level" in values:
        values["where"] = str(LEVELS[values["level"]] % values)
    if "need" in values and rule == "education":
        values["need"] = labels.label(labels.EDUCATION, values["need"])
    if "missing" in values:
        values["missing"] = ", ".join(labels.label(labels.LANGUAGES, c)
                                      for c in values["missing"])
    if "groups" in values:
        values["groups"] = ", ".join(str(QUOTAS.get(c, c)) for c in values["groups"])
    for key in ("wage", "expected", "floor"):
        if isinstance(values.get(key), int):
            values[key] = f"{values[key]:,}".replace(",", " ")
    return values


def sentence(rule: str, status: str, values: dict) -> str:
    """One reason as a sentence (a fit's part or a suitable-work rule)."""
    key = (rule, values.get("level")) if rule == "place" else (rule, status)
    template = TEXTS.get(key)
    if template is None:
        return rule
    try:
        return str(template) % _values(rule, values)
    except (KeyError, TypeError, ValueError):
        return rule


def reasons(items) -> list[dict]:
    """Reasons (domain `Reason`s or the dicts an offer keeps) with their sentences."""
    out = []
    for r in items:
        r = r if isinstance(r, dict) else {"rule": r.rule, "status": r.status,
                                           "points": r.points, "values": r.values}
        out.append(r | {"text": sentence(r["rule"], r["status"], r.get("values", {}))})
    return out
