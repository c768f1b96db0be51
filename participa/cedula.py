"""Ecuadorian cédula de identidad: 10 digits, province code, módulo-10 check digit."""

VALID_PROVINCES = set(range(1, 25)) | {30}
_COEFFICIENTS = (2, 1, 2, 1, 2, 1, 2, 1, 2)


def normalise(raw: str) -> str:
    """Drop the spaces and dashes people type inside a cédula."""
    return "".join(ch for ch in raw if ch not in " -")


def is_valid_cedula(raw: str) -> bool:
    number = normalise(raw)
    if len(number) != 10 or not number.isdigit():
        return False
    if int(number[:2]) not in VALID_PROVINCES:
        return False
    if int(number[2]) >= 6:  # 6 and 9 are public and legal entities, not people
        return False
    return check_digit(number[:9]) == int(number[9])


def check_digit(first_nine: str) -> int:
    """The módulo-10 check digit of the first nine digits."""
    total = 0
    for digit, coefficient in zip(first_nine, _COEFFICIENTS):
        product = int(digit) * coefficient
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10
