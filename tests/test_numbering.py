from caseworker.domain.numbering import letter_number


def test_a_letter_number_is_the_region_the_year_and_six_digits_of_sequence():
    assert letter_number("430000000", 2026, 17) == "43-2026-000017"
    assert letter_number("750000000", 2027, 123456) == "75-2027-123456"
