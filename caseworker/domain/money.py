"""Money in whole tenge; MCI-denominated sizes use the MCI valid on the decision date."""
from __future__ import annotations

import calendar
import functools
import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def rate_on(rates: list[tuple[date, int]], day: date) -> int | None:
    """The value in force on `day` from (effective_from, value) pairs."""
    valid = [value for start, value in sorted(rates) if start <= day]
    return valid[-1] if valid else None


def for_household(amount_kzt: int | None, period: str | None, household: int | None
                  ) -> int | None:
    """A benefit paid per family member, for the whole household (the person alone when its
    size is not known); any other benefit as it is."""
    if amount_kzt is None or not (period or "").endswith("per_family_member"):
        return amount_kzt
    return amount_kzt * max(household or 1, 1)


def benefit_kzt(amount: Decimal | None, unit: str, mci: int | None) -> int | None:
    """Whole tenge of a benefit: an amount in MCI at the given MCI, or in tenge as it is;
    None for a share of the wage or no fixed sum (or an MCI not known)."""
    if amount is None:
        return None
    if unit == "tenge":
        return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if unit != "MCI" or mci is None:
        return None
    return int((Decimal(amount) * mci).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- commitments, subsidies by timesheet, funds left (issue 22) -----------------------------

# Measures whose money is a monthly wage subsidy paid by timesheet (catalogue `kind`).
SUBSIDISED_KINDS = ("subsidised_job", "public_works")
# What a payment of a measure of each kind is: the first is the usual one.
PAYMENT_KINDS_OF = {
    "grant": ("grant",), "credit": ("microcredit",), "subsidised_job": ("wage_subsidy",),
    "public_works": ("wage_subsidy",), "training": ("course_fee", "allowance"),
    "mobility": ("allowance",),
}
PAYMENT_KINDS = ("grant", "microcredit", "wage_subsidy", "course_fee", "allowance")
# The state's share of the wage by year of the contract where it falls year by year (Silver
# age: 70, 65 and 60 percent in years 1, 2 and 3), in percent; other measures: the catalogue's.
SHARE_BY_YEAR = {"silver_age": (70, 65, 60)}
MONTHLY_PERIODS = ("monthly", "monthly_minimum")


@dataclass(frozen=True)
class Benefit:
    """What a measure pays, as the version of the measure in force on a day says it (for a
    move: the amount of the region moved to)."""
    code: str
    kind: str
    amount: Decimal | None
    unit: str  # MCI | percent_of_wage | none
    period: str | None  # one_off | monthly | monthly_minimum | loan_maximum | course | ...
    max_months: int | None = None

    @property
    def subsidised(self) -> bool:
        return self.kind in SUBSIDISED_KINDS


def round_half_up(value: Fraction | Decimal | int) -> int:
    """Whole tenge, halves away from zero (never banker's rounding)."""
    exact = Fraction(value)
    whole = math.floor(abs(exact) + Fraction(1, 2))
    return whole if exact >= 0 else -whole


def is_whole_tenge(amount: Decimal | int | float | str) -> bool:
    try:
        exact = Decimal(str(amount))
    except ArithmeticError:
        return False
    return exact.is_finite() and exact == exact.to_integral_value()


def subsidy_share(benefit: Benefit, month_index: int = 0) -> Fraction:
    """The state's share of the wage in the contract's month `month_index` (0: the first):
    a percentage of the wage where the catalogue says so, else the whole wage up to the cap."""
    years = SHARE_BY_YEAR.get(benefit.code)
    if years:
        return Fraction(years[min(month_index // 12, len(years) - 1)], 100)
    if benefit.unit == "percent_of_wage" and benefit.amount is not None:
        return Fraction(Decimal(benefit.amount)) / 100
    return Fraction(1)


def subsidy_cap(benefit: Benefit, mci: int | None) -> int | None:
    """The most a month's subsidy may be, in tenge at that month's MCI (None: no cap)."""
    if benefit.unit != "MCI" or benefit.amount is None or mci is None:
        return None
    return round_half_up(Fraction(Decimal(benefit.amount)) * mci)


def month_subsidy(wage_kzt: int, share: Fraction, cap_kzt: int | None, days_worked: int,
                  working_days: int) -> int:
    """A month's subsidy: min(share x wage, cap) x days worked / working days of the month,
    rounded half-up to whole tenge (exact arithmetic: no float ever touches money)."""
    if working_days <= 0 or days_worked <= 0:
        return 0
    full = Fraction(wage_kzt) * share
    if cap_kzt is not None:
        full = min(full, Fraction(cap_kzt))
    return round_half_up(full * min(days_worked, working_days) / working_days)


@functools.lru_cache(maxsize=4096)  # a pure sum: a batch asks the same one many times
def commitment(benefit: Benefit, months: int | None, household: int | None,
               mci_on_decision_date: int | None, *, wage_kzt: int | None = None,
               requested_kzt: int | None = None, course_fee_kzt: int | None = None
               ) -> int | None:
    """A referral's whole amount in whole tenge, from the measure's version in force on the
    decision date and that day's MCI: a subsidised job's monthly rate x months (the cap, or
    share x wage where the contract's wage is known, month by month), the grant, the
    microcredit asked for (at most the measure's maximum), the course fee, the resettlement
    allowance per family member. None when it cannot be known (a percentage of a wage not yet
    agreed, a course without a fee, a measure that pays nothing)."""
    mci = mci_on_decision_date
    if benefit.subsidised:
        span = months if months is not None else benefit.max_months
        if span is None:
            return None
        if benefit.max_months is not None:
            span = min(span, benefit.max_months)
        cap = subsidy_cap(benefit, mci)
        total = 0
        for index in range(max(span, 0)):
            share = subsidy_share(benefit, index)
            if wage_kzt is not None:
                monthly = Fraction(wage_kzt) * share
                monthly = monthly if cap is None else min(monthly, Fraction(cap))
            elif cap is not None:
                monthly = Fraction(cap)
            else:
                return None  # a percentage of a wage not agreed yet
            total += round_half_up(monthly)
        return total
    if benefit.period == "course" or benefit.unit == "none":
        return course_fee_kzt if benefit.kind == "training" else None
    most = benefit_kzt(benefit.amount, benefit.unit, mci)
    if most is None:
        return None
    if benefit.period == "loan_maximum" and requested_kzt is not None:
        return min(requested_kzt, most)
    return for_household(most, benefit.period, household)


@dataclass(frozen=True)
class LetterAmount:
    """The amount a referral letter states, with its period: `monthly_up_to` (a subsidy up
    to its cap a month), `monthly_at_least` (public works: at least a month), `monthly_share`
    (a share of the wage a month: `percent`), `up_to` (a loan's maximum) or `total` (paid once;
    `members`: per family member, for that many)."""
    kind: str
    kzt: int | None = None
    percent: Decimal | None = None
    members: int | None = None


def letter_amount(benefit: Benefit, mci: int | None, committed_kzt: int | None,
                  household: int | None) -> LetterAmount | None:
    """What the letter says the measure pays: a monthly rate at the MCI of the decision date
    for what is paid by the month, else the referral's amount (None: nothing to state)."""
    if benefit.period in MONTHLY_PERIODS:
        if benefit.unit == "percent_of_wage" and benefit.amount is not None:
            return LetterAmount("monthly_share", percent=Decimal(benefit.amount).normalize())
        kzt = benefit_kzt(benefit.amount, benefit.unit, mci)
        if kzt is None:
            return None
        return LetterAmount("monthly_at_least" if benefit.period == "monthly_minimum"
                            else "monthly_up_to", kzt)
    if committed_kzt is None:
        return None
    if benefit.period == "loan_maximum":
        return LetterAmount("up_to", committed_kzt)
    if (benefit.period or "").endswith("per_family_member"):
        return LetterAmount("total", committed_kzt, members=max(household or 1, 1))
    return LetterAmount("total", committed_kzt)


def five_day_week(year: int, month: int) -> int:
    """Monday to Friday of a month: the working days where no calendar says otherwise."""
    days = calendar.monthrange(year, month)[1]
    return sum(1 for day in range(1, days + 1) if date(year, month, day).weekday() < 5)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_of(starts_on: date, ends_on: date) -> list[date]:
    """The first day of every calendar month a contract touches."""
    months, current = [], month_start(starts_on)
    while current <= ends_on:
        months.append(current)
        current = (current.replace(year=current.year + 1, month=1) if current.month == 12
                   else current.replace(month=current.month + 1))
    return months


def month_within(month: date, starts_on: date, ends_on: date) -> bool:
    """Whether any day of the month falls within the contract."""
    return month_start(month) <= ends_on and month_end(month) >= starts_on


def remaining_funds(allocated: int, committed_open: int, paid_closed: int) -> int:
    """What an allocation has left: allocated - committed by open referrals - paid on closed
    ones (a closed referral frees what it did not pay)."""
    return allocated - committed_open - paid_closed
