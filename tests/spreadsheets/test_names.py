from __future__ import annotations

import pytest

from verbinder.spreadsheets.names import split_name


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Jan Jansen", ("Jan", "Jansen")),
        ("Jan van der Berg", ("Jan", "van der Berg")),
        ("Anna de Vries", ("Anna", "de Vries")),
        ("Jan Peter van den Heuvel", ("Jan Peter", "van den Heuvel")),
        ("Jan Peter Balkenende", ("Jan Peter", "Balkenende")),
        ("Kees 't Hart", ("Kees", "'t Hart")),
        ("Marie-Louise ter Horst", ("Marie-Louise", "ter Horst")),
        ("  Piet   Pietersen  ", ("Piet", "Pietersen")),
        ("Jansen, Jan", ("Jan", "Jansen")),
        ("Berg, Jan van den", ("Jan", "van den Berg")),
        ("Dhr. Jan Bakker", ("Jan", "Bakker")),
        ("Dhr. Bakker", ("", "Bakker")),
        ("de heer Van Dijk", ("", "Van Dijk")),
        ("Mevrouw De Boer", ("", "De Boer")),
        ("Van Dijk", ("", "Van Dijk")),
        ("Fatima", ("Fatima", "")),
        ("", ("", "")),
    ],
)
def test_split_name_dutch_prefixes_belong_to_the_last_name(full_name: str, expected: tuple[str, str]) -> None:
    assert split_name(full_name) == expected
