"""The bad input of an import: each answered with a message naming its place, and nothing
written. Files: another encoding, semicolons and decimal commas, XLSX with merged cells or
formulas, no rows, over the limits; rows: an IIN with spaces, an IIN twice, a step before the
registration, a date of 0001-01-01, a measure that does not exist, another region's district."""
from __future__ import annotations

import io

from openpyxl import Workbook
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.imports import reading
from caseworker.models import ImportedRow, Interaction, Person, Referral
from tests.imports import world as w


def counts() -> tuple:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Person, Referral, Interaction, ImportedRow))


def problems(report) -> list[tuple]:
    return [(p.source, p.line, p.column, p.value, p.code) for p in report.problems]


def refused_alone(report, *expected) -> None:
    assert problems(report) == list(expected), problems(report)
    assert counts() == (0, 0, 0, 0)


def test_windows_1251_is_read_and_its_rows_imported(at):
    rows = [w.person_row(0, last_name="Иванова", first_name="Мария")]
    data = w.table("persons", rows).decode().encode("cp1251")
    sheets, _ = reading.read("persons.csv", data, reading.Limits(10**6, 10))
    assert sheets[0].encoding == "windows-1251"
    report = w.run({"persons.csv": data}, at["sup"])
    assert not report.problems and report.new == 1
    assert db.session.scalar(select(Person.last_name)) == "Иванова"


def test_a_semicolon_file_with_decimal_commas(at):
    files = w.history(1, at["provider"].id)
    files = {name: data.decode().replace(",", ";").encode() for name, data in files.items()}
    files["referrals.csv"] = files["referrals.csv"].decode().replace(
        "\n", ";\n").encode()  # the amount column's cells left empty: the measure's own
    files["outcomes.csv"] = files["outcomes.csv"].replace(b"95000", b"95 000,00")
    files["referrals.csv"] = w.table("referrals", [
        {"external_id": "R0", "iin": w.iin(100), "measure_code": "public_works",
         "on": "01.03.2025", "provider_id": at["provider"].id, "amount_kzt": "12,5"}], ";")
    report = w.run(files, at["sup"])
    assert [(p.source, p.column, p.value, p.code) for p in report.problems][:1] == [
        ("referrals.csv", "amount_kzt", "12,5", "import_not_whole")]
    assert counts() == (0, 0, 0, 0)
    files["referrals.csv"] = files["referrals.csv"].replace(b"12,5", b"")
    report = w.run(files, at["sup"])
    assert not report.problems, problems(report)
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def xlsx(build) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "persons"
    row = w.person_row(0)
    sheet.append(list(row))
    sheet.append(list(row.values()))
    build(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_is_imported_sheet_by_sheet(at):
    report = w.run({"history.xlsx": xlsx(lambda sheet: None)}, at["sup"])
    assert not report.problems and report.new == 1


def test_an_xlsx_with_merged_cells(at):
    report = w.run({"history.xlsx": xlsx(lambda sheet: sheet.merge_cells("D2:E2"))}, at["sup"])
    refused_alone(report, ("history.xlsx", 0, None, None, "import_merged_cells"))


def test_an_xlsx_with_a_formula(at):
    def formula(sheet):
        sheet["F2"] = '=CONCATENATE("Ай","гүл")'
    report = w.run({"history.xlsx": xlsx(formula)}, at["sup"])
    refused_alone(report, ("history.xlsx [persons]", 2, "consent_basis",
                           '=CONCATENATE("Ай","гүл")', "import_formula"))


def test_a_file_of_no_rows_and_a_file_of_nothing(at):
    refused_alone(w.run({"persons.csv": w.table("persons", [])}, at["sup"]),
                  ("persons.csv", 0, None, None, "import_empty"))
    refused_alone(w.run({"persons.csv": b""}, at["sup"]),
                  ("persons.csv", 0, None, None, "import_empty"))


def test_an_unknown_header_and_unknown_columns(at):
    refused_alone(w.run({"a.csv": b"x,y\n1,2\n"}, at["sup"]),
                  ("a.csv", 1, None, "x, y", "import_unknown_kind"))
    data = w.table("persons", [w.person_row(0)]).replace(b"iin,", b"iin,shoe_size,", 1)
    report = w.run({"persons.csv": data}, at["sup"])
    assert problems(report) == [("persons.csv", 1, None, None, "import_unknown_columns")]
    assert "shoe_size" in w.operations.message_of(report.problems[0])


def test_over_the_size_limit(app, at):
    app.config["IMPORT_MAX_MB"] = 0
    try:
        report = w.run({"persons.csv": w.table("persons", [w.person_row(0)])}, at["sup"])
    finally:
        app.config["IMPORT_MAX_MB"] = 300
    refused_alone(report, ("persons.csv", 0, None, None, "import_too_large"))
    assert "0 MB" in w.operations.message_of(report.problems[0])


def test_files_of_1_1_million_rows_are_accepted_and_one_more_is_not():
    limits = reading.Limits(300 * 2**20, 1_100_000)
    header = b"external_id,iin,at,channel,topic\n"
    body = b"x,1,2,visit,other\n" * 1_100_000
    sheets, refused = reading.read("contacts.csv", header + body, limits)
    assert not refused and len(sheets[0].rows) == 1_100_000
    sheets, refused = reading.read("contacts.csv", header + body + b"y,1,2,visit,other\n",
                                   limits)
    assert not sheets and refused[0].code == "import_too_many_rows"


def test_an_iin_with_spaces_or_dashes_is_read_as_the_forms_read_it(at):
    first, second, third = w.person_row(0), w.person_row(1), w.person_row(2)
    spaced = first["iin"][:4] + " " + first["iin"][4:8] + "\u00a0" + first["iin"][8:]
    dashed = second["iin"][:6] + "-" + second["iin"][6:]
    wrong = third["iin"][:6] + " " + third["iin"][6:11] + str((int(third["iin"][11]) + 1) % 10)
    report = w.run({"persons.csv": w.table("persons", [
        first | {"iin": spaced}, second | {"iin": dashed}, third | {"iin": wrong}])}, at["sup"])
    refused_alone(report, ("persons.csv", 4, "iin", wrong.replace(" ", ""), "invalid_iin"))
    report = w.run({"persons.csv": w.table("persons", [
        first | {"iin": spaced}, second | {"iin": dashed}])}, at["sup"])
    assert not report.problems and report.new == 2
    assert set(db.session.scalars(select(Person.iin))) == {first["iin"], second["iin"]}


def test_an_iin_twice_in_the_file(at):
    first, second = w.person_row(0), w.person_row(1)
    report = w.run({"persons.csv": w.table("persons", [first, second, first])}, at["sup"])
    refused_alone(report, ("persons.csv", 4, "iin", first["iin"], "import_duplicate_iin"))
    assert "line 2" in w.operations.message_of(report.problems[0])


def test_a_step_before_the_registration(at):
    files = w.history(1, at["provider"].id)
    files["referrals.csv"] = files["referrals.csv"].replace(b"2025-03-01", b"2025-01-15")
    files["steps.csv"] = files["steps.csv"].replace(b"2025-03-02", b"2025-01-16")
    files["contacts.csv"] = files["contacts.csv"].replace(b"2025-02-10", b"2025-01-20")
    report = w.run(files, at["sup"])
    codes = {(p.source, p.code) for p in report.problems}
    assert ("referrals.csv", "referral_before_registration") in codes
    assert ("contacts.csv", "contact_before_registration") in codes
    assert counts() == (0, 0, 0, 0)


def test_a_step_before_the_step_it_follows(at):
    files = w.history(1, at["provider"].id)
    files["steps.csv"] = files["steps.csv"].replace(b"2025-03-05", b"2025-02-20")
    report = w.run(files, at["sup"])
    # the history is taken in the order of its dates: "started" comes before its referral
    assert [(p.source, p.line, p.column, p.code) for p in report.problems][:1] == [
        ("steps.csv", 3, "on", "before_referral")]
    assert counts() == (0, 0, 0, 0)


def test_a_date_of_0001_01_01(at):
    report = w.run({"persons.csv": w.table("persons", [
        w.person_row(0, registered_on="0001-01-01")])}, at["sup"])
    refused_alone(report, ("persons.csv", 2, "registered_on", "0001-01-01",
                           "import_date_too_early"))
    assert "2015" in w.operations.message_of(report.problems[0])


def test_a_measure_that_does_not_exist(at):
    files = w.history(1, at["provider"].id)
    files["referrals.csv"] = files["referrals.csv"].replace(b"public_works", b"no_such_measure")
    report = w.run(files, at["sup"])
    assert problems(report)[0] == ("referrals.csv", 2, None, None, "measure_not_found")
    assert counts() == (0, 0, 0, 0)


def test_a_district_of_another_region_and_another_district(at):
    from tests import factories as f
    shymkent = f.districts_of("790000000")[0]
    report = w.run({"persons.csv": w.table("persons", [
        w.person_row(0, district_id=shymkent.kato),
        w.person_row(1, district_id=at["other"].id),
        w.person_row(2, district_id="999999999")])}, at["sup"])
    refused_alone(report,
                  ("persons.csv", 2, "district_id", shymkent.kato, "import_other_region"),
                  ("persons.csv", 3, "district_id", str(at["other"].id),
                   "import_other_district"),
                  ("persons.csv", 4, "district_id", "999999999", "import_district"))


def test_every_bad_row_is_reported_not_only_the_first(at):
    rows = [w.person_row(n) for n in range(5)]
    rows[1]["consent_basis"] = "handshake"
    rows[3]["registered_on"] = "31.02.2025"
    report = w.run({"persons.csv": w.table("persons", rows)}, at["sup"])
    assert [(p.line, p.column) for p in report.problems] == [
        (5, "registered_on"), (3, "consent_basis")]
    assert report.done == report.rows == 5
    assert counts() == (0, 0, 0, 0)
