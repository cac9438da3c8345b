import pytest

from caseworker.domain.passwords import problems


@pytest.mark.parametrize("password, expected", [
    ("short", ["too_short"]), ("qwerty123456", ["common"]), ("password123!", ["common"]),
    ("steppe-wind-2026", []), ("my-aigul.nur-secret", ["contains_login"]),
])
def test_password_rules(password, expected):
    assert problems(password, "Aigul.Nur") == expected
