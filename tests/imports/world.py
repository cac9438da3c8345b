"""A small history to import: persons of a Kyzylorda district, their referrals to public works
with dated steps, outcomes and contacts, written as the CSV files of the templates."""
from __future__ import annotations

import csv
import io
from datetime import date

from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.imports import columns, operations, work
from tests import factories as f

KYZYLORDA = "430000000"


def iin(serial: int, born=date(1990, 5, 17), sex="M") -> str:
    while True:
        found = make(born, sex, serial)
        if found:
            return found
        serial += 1000


def table(kind: str, rows: list[dict], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns.names(kind), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


LETTERS = "абвгдежзклмнопрстуфя"  # no и or і: a name search reads them as nothing


def name(number: int) -> str:
    """A last name of its own for each number (no two persons look like duplicates)."""
    return "Сері" + LETTERS[number // 400 % 20] + LETTERS[number // 20 % 20] + \
        LETTERS[number % 20] + "ова"


def person_row(number: int, **extra) -> dict:
    return {"iin": iin(100 + number), "registered_on": "2025-02-03",
            "last_name": name(number), "first_name": "Айгүл", "consent_date": "2025-02-03",
            "consent_basis": "written", **extra}


def history(count: int, provider_id: int, prefix: str = "") -> dict[str, bytes]:
    """`count` persons, each with a referral to public works (referred, started, with its
    letter), an outcome and a contact."""
    persons, referrals, steps, outcomes, contacts = [], [], [], [], []
    for n in range(count):
        p = person_row(n)
        persons.append(p)
        ref = f"{prefix}R{n}"
        referrals.append({"external_id": ref, "iin": p["iin"], "measure_code": "public_works",
                          "on": f"2025-03-{1 + n % 20:02d}", "provider_id": provider_id})
        steps += [{"external_id": f"{ref}-1", "referral_external_id": ref, "to": "referred",
                   "on": f"2025-03-{2 + n % 20:02d}"},
                  {"external_id": f"{ref}-2", "referral_external_id": ref, "to": "started",
                   "on": f"2025-03-{5 + n % 20:02d}"}]
        outcomes.append({"external_id": f"{ref}-O", "referral_external_id": ref,
                         "kind": "temporary_job", "start_on": "2025-05-01",
                         "employer": "ТОО «Сыр»", "wage_kzt": "95000"})
        contacts.append({"external_id": f"{prefix}C{n}", "iin": p["iin"],
                         "at": "2025-02-10 10:30", "channel": "visit", "topic": "job_search",
                         "note": "Пришла на приём"})
    return {"persons.csv": table("persons", persons), "referrals.csv": table("referrals", referrals),
            "steps.csv": table("steps", steps), "outcomes.csv": table("outcomes", outcomes),
            "contacts.csv": table("contacts", contacts)}


def world() -> dict:
    kz = f.districts_of(KYZYLORDA)
    users = f.staff(kz[0], sup="supervisor", cw="caseworker", off="regional_officer")
    users["sup2"] = f.user("sup2", "supervisor", kz[1])
    provider = f.provider(kz[0].region_id)
    return {**users, "district": kz[0], "other": kz[1], "provider": provider}


def run(files: dict[str, bytes], user, check_only: bool = False,
        batched: bool = True) -> operations.Report:
    sheets, problems = work.read_all(list(files.items()))
    report = operations.run(sheets, problems, user, check_only=check_only, batched=batched)
    if report.written:
        db.session.commit()
    return report
