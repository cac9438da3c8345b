"""The cells of an imported file as plain values (caseworker.domain.imports)."""
from datetime import date, datetime

import pytest

from caseworker.domain import imports as cells

TODAY = date(2026, 12, 7)


def test_utf8_with_or_without_its_mark_and_windows_1251_are_told_apart():
    text = "фамилия;Сыздықова\n"
    assert cells.decode(text.encode("utf-8")) == (text, "utf-8")
    assert cells.decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8")
    russian = "фамилия;Иванова\n"
    assert cells.decode(russian.encode("cp1251")) == (russian, "windows-1251")


def test_the_separator_is_the_headers_commonest():
    assert cells.delimiter("iin;last_name;first_name") == ";"
    assert cells.delimiter("iin,last_name") == ","
    assert cells.delimiter("iin\tlast_name") == "\t"


@pytest.mark.parametrize("text, expected", [
    ("2025-03-01", date(2025, 3, 1)), ("01.03.2025", date(2025, 3, 1)),
    (" 2015-01-01 ", date(2015, 1, 1))])
def test_dates_in_either_form(text, expected):
    assert cells.day(text, TODAY) == expected


@pytest.mark.parametrize("text, code", [
    ("0001-01-01", "date_too_early"), ("2014-12-31", "date_too_early"),
    ("2026-12-08", "date_future"), ("2025-02-30", "date"), ("1/3/2025", "date"),
    ("вчера", "date")])
def test_dates_that_are_slips(text, code):
    with pytest.raises(cells.CellProblem) as refused:
        cells.day(text, TODAY)
    assert refused.value.code == code


def test_a_moment_with_or_without_its_time():
    assert cells.moment("2025-03-01 14:05", TODAY) == datetime(2025, 3, 1, 14, 5)
    assert cells.moment("01.03.2025", TODAY) == datetime(2025, 3, 1, 9, 0)
    with pytest.raises(cells.CellProblem):
        cells.moment("0001-01-01 10:00", TODAY)


@pytest.mark.parametrize("text, expected", [
    ("120000", 120000), ("120 000", 120000), ("120000,00", 120000), ("120\u00a0000,0", 120000),
    ("95000.00", 95000), ("-3", -3)])
def test_whole_numbers_with_spaces_and_a_decimal_comma_of_zeros(text, expected):
    assert cells.whole(text) == expected


@pytest.mark.parametrize("text, code", [("12,5", "not_whole"), ("1.25", "not_whole"),
                                        ("двенадцать", "number"), ("1e5", "number")])
def test_numbers_that_are_not_whole(text, code):
    with pytest.raises(cells.CellProblem) as refused:
        cells.whole(text)
    assert refused.value.code == code


def test_an_iin_is_read_as_the_forms_read_it():
    assert cells.iin(" 900517301007 ") == "900517301007"
    assert cells.iin("9005 1730\u00a01007") == cells.iin("900517-301007") == "900517301007"
    assert cells.iin("90051730100x") == "90051730100x"  # judged by iin.parse, as on a form


def test_yes_no_and_lists():
    assert cells.yes_no("да") is True and cells.yes_no("0") is False
    with pytest.raises(cells.CellProblem):
        cells.yes_no("maybe")
    assert cells.items("youth, disability|rural") == ["youth", "disability", "rural"]


def test_a_day_ahead_is_read_only_where_asked():
    from datetime import date

    import pytest

    from caseworker.domain import imports as rules
    today = date(2025, 5, 5)
    with pytest.raises(rules.CellProblem):
        rules.day("2025-06-01", today)
    assert rules.day("01.06.2025", today, ahead=True) == date(2025, 6, 1)
