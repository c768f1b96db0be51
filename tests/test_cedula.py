import pytest

from participa.cedula import check_digit, is_valid_cedula


@pytest.mark.parametrize("number", ["1710034065", "0926687856", "1713175071", "171003406-5"])
def test_real_format_cedulas_are_accepted(number):
    assert is_valid_cedula(number)


@pytest.mark.parametrize("number, why", [
    ("1710034066", "wrong check digit"),
    ("2510034065", "province 25 does not exist"),
    ("0010034065", "province 00 does not exist"),
    ("1790012345", "third digit 9 is a legal entity, not a person"),
    ("171003406", "nine digits"),
    ("17100340655", "eleven digits"),
    ("17100340a5", "a letter"),
    ("", "empty"),
])
def test_invalid_cedulas_are_refused(number, why):
    assert not is_valid_cedula(number), why


def test_province_30_for_ecuadorians_abroad_is_valid():
    first_nine = "301234567"
    assert is_valid_cedula(first_nine + str(check_digit(first_nine)))
