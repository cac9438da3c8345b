"""Exports open in a spreadsheet program of the reader's language."""
import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from caseworker import exports

HEADER = ["Дата", "ФИО", "Исполнение, %", "Число"]
ROWS = [[date(2026, 11, 27), "Әбенова Айгүл", 90.7, 12], [date(2026, 1, 5), "=1+2", None, 0]]


def _csv(app, language: str) -> str:
    with app.test_request_context(headers={"Accept-Language": language}):
        response = exports.response("csv", "x.csv", HEADER, iter(ROWS), "x")
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        return "".join(response.response)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_csv_in_kazakh_or_russian_has_semicolons_and_decimal_commas(app, language):
    text = _csv(app, language)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == HEADER
    assert rows[1] == ["2026-11-27", "Әбенова Айгүл", "90,7", "12"]
    assert rows[2] == ["2026-01-05", "'=1+2", "", "0"]  # a formula is never evaluated


def test_a_csv_in_english_has_commas_and_decimal_points(app):
    rows = list(csv.reader(io.StringIO(_csv(app, "en").lstrip("\ufeff"))))
    assert rows[1] == ["2026-11-27", "Әбенова Айгүл", "90.7", "12"]


def test_an_xlsx_has_dates_numbers_a_bold_frozen_header_and_wide_enough_columns(app):
    with app.test_request_context():
        body = exports.response("xlsx", "x.xlsx", HEADER, iter(ROWS), "Көрсеткіштер: [2026]",
                                formats={3: "#,##0", 2: "0.00"}).get_data()
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.title == "Көрсеткіштер 2026"  # a sheet's name holds no brackets or colons
    assert sheet["C2"].number_format == "0.00" and sheet["D2"].number_format == "#,##0"
    assert [c.value for c in sheet[1]] == HEADER and sheet["A1"].font.bold
    assert sheet["A2"].value == datetime(2026, 11, 27) and sheet["A2"].number_format == "DD.MM.YYYY"
    assert sheet["C2"].value == 90.7 and sheet["D3"].value == 0 and sheet["B3"].value == "=1+2"
    assert sheet["B3"].data_type == "s"  # text, never evaluated
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("Әбенова Айгүл")
    assert sheet.column_dimensions["C"].width >= len("Исполнение, %")


def test_column_widths_fit_the_longest_sampled_value_up_to_a_limit():
    assert exports.column_widths(["a", "bb"], [[date(2026, 1, 1), "x" * 200]]) == [12, 60]
    assert exports.column_widths(["long title"], []) == [12]


def test_a_file_for_tools_is_the_same_in_every_language(app):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        response = exports.csv_response("audit.csv", ["id", "share"], iter([[1, 0.5]]),
                                        for_tools=True)
        assert "".join(response.response).lstrip("\ufeff") == "id,share\r\n1,0.5\r\n"
