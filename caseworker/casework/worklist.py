"""What needs doing today: the work queue of the home page and the counts beside the menu.

Each item is a count of what the user may act on, with the list it opens: referrals awaiting
approval, transfers to decide, follow-up checks due, persons with an overdue action, persons
waiting for a provider's answer, timesheets with no payment yet; and the items a feature above
registers (`register`: the regional officer's, from the indicators). All are read in one
statement; the menu's badges reuse the
counts for a minute (kept in the session), the home page always reads them afresh."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import g, session, url_for
from flask_login import current_user
from sqlalchemy import Select, exists, func, select

from caseworker import clock, policy
from caseworker.casework.queries import flags
from caseworker.extensions import db
from caseworker.models import (
    Contract, DeregistrationProposal, Payment, Person, Referral, Timesheet, TransferRequest, User)
from caseworker.referrals import outcomes
from caseworker.referrals.queries import awaiting_approval
from caseworker.translating import lazy_gettext as _l

FRESH_SECONDS = 60  # how long the menu's badges may lag behind


@dataclass(frozen=True)
class Item:
    key: str
    label: object  # a lazy string
    endpoint: str
    args: tuple = ()
    user_args: Callable[[User], dict] | None = None  # arguments that depend on the user

    def url(self, user: User) -> str:
        more = self.user_args(user) if self.user_args else {}
        return url_for(self.endpoint, **dict(self.args), **more)


ITEMS = (
    Item("approvals", _l("Referrals awaiting your approval"), "referrals.inbox"),
    Item("transfers", _l("Transfers to decide"), "people.transfers"),
    Item("follow_ups", _l("Follow-up checks due"), "referrals.follow_ups"),
    Item("overdue", _l("Persons with an overdue action"), "casework.caseload",
         (("flag", "overdue"),)),
    Item("waiting", _l("Persons waiting for a provider's answer"), "casework.caseload",
         (("flag", "waiting"),)),
    Item("unpaid", _l("Timesheets with no payment yet"), "payments.referrals"),
    Item("deregistrations", _l("Deregistrations to decide (suitable work refused twice)"),
         "offers.proposals"),
)
Source = Callable[[User, date], dict[str, Select]]
_REGISTERED: list[tuple[tuple[Item, ...], Source]] = []


def register(items: tuple[Item, ...], source: Source) -> None:
    """Items of a feature above casework: `source(user, today)` gives the lists behind those
    the user may act on, counted in the same statement as the rest. Registered once: every
    app made in the same process registers again, and nothing is added twice."""
    if any(known.key == item.key for registered, _source in _REGISTERED
           for known in registered for item in items):
        return
    _REGISTERED.append((items, source))


TEAM_ITEMS = {"overdue": "casework.review", "waiting": "casework.review"}


def _count(stmt: Select):
    return select(func.count()).select_from(stmt.order_by(None).subquery()).scalar_subquery()


def _persons(user: User, condition) -> Select:
    """Active persons of the user's caseload (a caseworker) or district (one who reviews it)."""
    stmt = select(Person.id).where(Person.status == "active", condition)
    if policy.can(user, "caseload.own"):
        stmt = stmt.where(Person.caseworker_id == user.id)
    return policy.scope_persons(stmt, user)


def _queries(user: User, today: date) -> dict[str, Select]:
    """The lists behind the items this user may act on."""
    wanted: dict[str, Select] = {}
    if policy.can(user, "referral.approve"):
        wanted["approvals"] = awaiting_approval(user)
    if policy.can(user, "transfer.approve"):
        wanted["transfers"] = select(TransferRequest.id).where(
            TransferRequest.status == "pending",
            TransferRequest.from_district_id == user.district_id)
    if policy.can(user, "deregistration.decide"):
        wanted["deregistrations"] = select(DeregistrationProposal.id).where(
            DeregistrationProposal.state == "pending",
            DeregistrationProposal.district_id == user.district_id)
    if policy.can(user, "referral.create"):
        wanted["follow_ups"] = outcomes.due(user, today)
    if policy.can(user, "caseload.own") or policy.can(user, "caseload.review"):
        conditions = flags(today)
        wanted["overdue"] = _persons(user, conditions["overdue"])
        wanted["waiting"] = _persons(user, conditions["waiting"])
    if policy.can(user, "timesheet.record"):
        wanted["unpaid"] = _unpaid(user)
    for _items, source in _REGISTERED:
        wanted.update(source(user, today))
    return wanted


def _unpaid(user: User) -> Select:
    """Timesheets that give a subsidy and whose month has no payment yet, in the user's scope
    of money."""
    paid = exists().where(Payment.referral_id == Contract.referral_id,
                          Payment.month == Timesheet.month)
    return policy.scope_money(
        select(Timesheet.id).join(Contract, Contract.id == Timesheet.contract_id)
        .join(Referral, Referral.id == Contract.referral_id)
        .join(Person, Person.id == Referral.person_id)
        .where(Timesheet.subsidy_kzt > 0, ~paid), user)


def counts(user: User, today: date) -> dict[str, int]:
    """Item key -> count, for the items this user may act on (one statement)."""
    wanted = _queries(user, today)
    if not wanted:
        return {}
    row = db.session.execute(select(*(_count(q).label(k) for k, q in wanted.items()))).one()
    return {key: int(n) for key, n in zip(wanted, row)}


def items(user: User, found: dict[str, int]) -> list[tuple[Item, int, str]]:
    """(item, count, the url of its list) in the queue's order, for the items counted."""
    reviews = not policy.can(user, "caseload.own")
    listed = []
    for item in ITEMS + tuple(i for items, _source in _REGISTERED for i in items):
        if item.key not in found:
            continue
        url = (url_for(TEAM_ITEMS[item.key]) if reviews and item.key in TEAM_ITEMS
               else item.url(user))
        listed.append((item, found[item.key], url))
    return listed


def fresh(user: User) -> dict[str, int]:
    """The counts read now (the home page), kept for the menu."""
    found = counts(user, clock.today())
    session["worklist"] = {"at": time.time(), "counts": found}
    return found


def forget() -> None:
    """The counts kept for the menu are out of date (something counted changed): the next
    page reads them again."""
    session.pop("worklist", None)
    g.pop("worklist", None)


def for_menu(user: User) -> dict[str, int]:
    """The counts the menu shows: those of the last minute, else read now (once a request)."""
    if "worklist" in g:
        return g.worklist
    kept = session.get("worklist")
    if kept and time.time() - kept.get("at", 0) < FRESH_SECONDS:
        g.worklist = kept["counts"]
    else:
        g.worklist = fresh(user)
    return g.worklist


def template_globals() -> dict:
    """`worklist()` in every template: the menu's counts of the user signed in."""
    def worklist() -> dict[str, int]:
        if not current_user.is_authenticated:
            return {}
        return for_menu(current_user)
    return {"worklist": worklist}
