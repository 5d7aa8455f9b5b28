"""French wording of numbers, dates and inclusive titles; French elisions in the search index."""

from datetime import date

import pytest

from fiches_engine.french import format_date, format_euro_range, format_euros, inclusive_forms
from fiches_engine.search_index import split_elisions


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


@pytest.mark.parametrize("html, expected", [
    ("<p>l'insertion</p>", "<p>l' insertion</p>"),
    ("<p>L’Europe et d'autres</p>", "<p>L’ Europe et d' autres</p>"),
    ("<a>esprit d&#39;analyse</a>", "<a>esprit d&#39; analyse</a>"),  # as the templates escape it
    ("<p>jusqu'ici, lorsqu'il</p>", "<p>jusqu' ici, lorsqu' il</p>"),
    ("<p>aujourd'hui, quelqu'un, l' espace</p>", "<p>aujourd'hui, quelqu'un, l' espace</p>"),  # not elisions
])
def test_elisions_are_split_for_the_search_index(html: str, expected: str) -> None:
    assert split_elisions(html) == expected
