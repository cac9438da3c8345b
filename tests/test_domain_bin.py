"""The BIN: its structure and its check digit (the IIN's)."""
import pytest

from caseworker.domain.bin import InvalidBIN, complete, parse
from caseworker.domain.iin import check_digit


def test_a_resident_head_office_parses():
    value = complete("14044000123")
    info = parse(value)
    assert (info.year2, info.month, info.entity_type, info.attribute) == (
        14, 4, "resident", "head_office")


def test_spaces_and_dashes_are_ignored():
    value = complete("20115100017")
    assert parse(f"{value[:6]} {value[6:]}").bin == value
    assert parse(f"{value[:4]}-{value[4:]}").entity_type == "non_resident"


@pytest.mark.parametrize("first, code", [
    ("14004000123", "month"), ("14134000123", "month"),
    ("14043000123", "entity_type"), ("14047000123", "entity_type"),
    ("14044500123", "attribute"), ("14044900123", "attribute"),
])
def test_the_structure_is_checked_before_the_check_digit(first, code):
    # even with the right check digit, the digits' meaning must hold
    k = check_digit(first)
    with pytest.raises(InvalidBIN) as caught:
        parse(first + str(k if k is not None else 0))
    assert caught.value.code == code


def test_a_wrong_check_digit_is_refused():
    value = complete("10096100005")
    wrong = value[:11] + str((int(value[11]) + 1) % 10)
    with pytest.raises(InvalidBIN) as caught:
        parse(wrong)
    assert caught.value.code == "check_digit"


@pytest.mark.parametrize("value, code", [("1404400012", "length"), ("1404400012345", "length"),
                                         ("14044000l234", "digits"), ("１４０４４０００１２３４", "digits")])
def test_length_and_digits(value, code):
    with pytest.raises(InvalidBIN) as caught:
        parse(value)
    assert caught.value.code == code


def test_eleven_digits_without_a_check_digit_are_never_issued():
    never = next(f"0101400{n:04d}" for n in range(10000) if check_digit(f"0101400{n:04d}") is None)
    assert complete(never) is None
    with pytest.raises(InvalidBIN) as caught:
        parse(never + "0")
    assert caught.value.code == "never_issued"


def test_every_type_and_attribute():
    for t in "456":
        for a in "0123":
            first = next(f"2203{t}{a}{n:05d}" for n in range(100)
                         if check_digit(f"2203{t}{a}{n:05d}") is not None)
            assert parse(complete(first)).month == 3
