"""A letter's code as a person types it back."""
import pytest
from hypothesis import given, strategies as st

from caseworker.domain.letter_codes import ALPHABET, LENGTH, normalise, readings


@pytest.mark.parametrize("typed", [
    "K95SG53EW6", "k95sg53ew6", "K95S G53E W6", "K95-SG5-3EW6", " k95.sg53.ew6 ",
    "К95SG53ЕW6",  # К and Е from a Cyrillic keyboard
])
def test_a_code_typed_in_any_of_the_usual_ways_is_the_code(typed):
    assert normalise(typed) == "K95SG53EW6"


def test_what_is_not_a_code_stays_unlike_any_code():
    assert normalise("") == ""
    assert normalise("<script>") == "SCRIPT"
    assert normalise("Ж" * 100) == "Ж" * 2 * LENGTH  # kept, bounded, and matches no code
    assert set("ЖЁ") & set(ALPHABET) == set()


# The Russian layout's letter on each Latin key, and the Kazakh layout's letter on each digit.
KEYS = dict(zip("QWERTYUIOPASDFGHJKLZXCVBNM234589", "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬӘІҢҒҮҰ"))


def test_a_code_keyed_on_a_cyrillic_layout_is_read_as_its_keys():
    assert readings("47Й2АТ7Е47") == ["47Й2AT7E47", "47Q2FN7T47"]
    assert readings("ӘІҢҒ-ҮҰ") == ["ӘІҢҒҮҰ", "234589"]  # the Kazakh layout's number row


@given(st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH))
def test_every_code_is_among_the_readings_of_itself_and_of_its_keys(code):
    assert readings(code)[0] == code
    keyed = "".join(KEYS.get(ch, ch) for ch in code)
    assert code in readings(keyed) and code in readings(keyed.lower())


def test_nothing_typed_has_no_reading():
    assert readings("") == [] and readings(" - ") == []
