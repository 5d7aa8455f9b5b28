"""French wording of numbers, dates and inclusive titles."""

from datetime import date

import pytest

from fiches_engine.french import format_date, format_euro_range, format_euros, inclusive_forms


@pytest.mark.parametrize("value, text", [(2917, "2 917 €"), (6500, "6 500 €"), (950, "950 €"),
                                         (1234567, "1 234 567 €"), (12.5, "12,50 €")])
def test_euros(value, text):
    assert format_euros(value) == text


def test_euro_range():
    assert format_euro_range(2000, 2500) == "2 000 à 2 500 €"
    assert format_euro_range(2917, 2917) == "2 917 €"


@pytest.mark.parametrize("d, text", [(date(2024, 2, 29), "29 février 2024"), (date(2024, 3, 1), "1er mars 2024"),
                                     (date(2015, 12, 7), "7 décembre 2015"), (date(2022, 8, 15), "15 août 2022")])
def test_dates(d, text):
    assert format_date(d) == text


@pytest.mark.parametrize("title, forms", [
    ("Chargé·e de missions locales", ["Chargé de missions locales", "Chargée de missions locales"]),
    ("Chef·fe de projet / chargé·e de mission", ["Chef de projet / chargé de mission",
                                               "Cheffe de projet / chargée de mission"]),
    ("Les élu·e·s", ["Les élus", "Les élues"]),
    ("agent.e de développement", ["agent de développement", "agente de développement"]),
    ("Chargé de mission", []),
    ("Version 1.2", []),
])
def test_inclusive_forms(title, forms):
    assert inclusive_forms(title) == forms
