"""A letter's code as a person types it back."""
import pytest

from caseworker.domain.letter_codes import ALPHABET, LENGTH, normalise


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
