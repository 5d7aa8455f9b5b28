"""The salary scale under a métier's salary (fiches_engine.salary_scale): sourced reference
figures, the official monthly Smic, and a drawing that says what its sentence says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fiches_engine.model import Salaire
from fiches_engine.salary_scale import references, scale


def test_every_reference_figure_has_its_source() -> None:
    refs = references()
    assert refs.smic_url.startswith("https://") and refs.smic_source and refs.smic_name
    assert refs.medians and all(m.url.startswith("https://") and m.source and m.name for m in refs.medians.values())


@pytest.mark.parametrize("year, monthly", [(2020, 1539.42), (2023, 1709.28), (2024, 1766.92), (2025, 1801.80),
                                           (2026, 1823.03)])
def test_the_monthly_smic_is_the_official_one(year: int, monthly: float) -> None:
    # the amounts the decrees and Service-Public.fr give for 35 hours a week
    assert references().smic(year) == (year, monthly)


def test_a_year_without_figures_takes_the_nearest_and_says_which() -> None:
    refs = references()
    last = max(refs.smic_hourly)
    assert refs.smic(last + 5)[0] == last and refs.smic(1990)[0] == min(refs.smic_hourly)
    view = scale(Salaire(2500, 2500, annee=last + 5), 2000)
    assert f"le Smic de {last} (" in view["texte"]
    assert f"brut en {max(refs.medians)}, " in view["texte"]


def test_one_amount_against_the_smic_and_the_median() -> None:
    view = scale(Salaire(2917, 2917, "moyenne", "Enquête", 2024), 2026)
    assert str(view["texte"]) == (
        "2 917 € brut par mois : 1,7 fois le Smic de 2024 (1 766,92 € brut), "
        "au-dessus du salaire médian du privé (environ 2 880 € brut en 2023, 2 183 € net).")
    svg = str(view["svg"])
    # marks in the order of their amounts: Smic, then the median, then this métier
    smic = float(re.search(r'class="se-s" d="M([\d.]+) ', svg)[1])
    median = float(re.search(r'class="se-d" d="M([\d.]+) ', svg)[1])
    metier = float(re.search(r'class="se-m" cx="([\d.]+)"', svg)[1])
    assert smic < median < metier
    assert "2 917 €" in svg and "Smic 1 767 €" in svg and "médian ≈ 2 880 €" in svg


def test_a_range_is_a_bar_and_the_drawing_is_inert() -> None:
    view = scale(Salaire(1700, 4000), 2026)
    assert "de 0,9 à 2,2 fois le Smic de 2026" in view["texte"] and "autour du salaire médian" in view["texte"]
    svg = str(view["svg"])
    assert '<rect class="se-m"' in svg
    # no style attribute, no script, no link: the pages' policy allows none, and it is hidden from
    # screen readers, the sentence being its text equivalent
    assert not re.search(r"style=|<script|href|on\w+=", svg)
    assert 'aria-hidden="true"' in svg


def test_the_metier_page_draws_its_salary_and_a_page_without_salary_draws_nothing(built_site: Path) -> None:
    page = (built_site / "metiers" / "charge-de-missions-locales" / "index.html").read_text(encoding="utf-8")
    assert page.count('<figure class="salaire-echelle">') == 1
    # the fiche's figure is of 2022: the Smic and the median of 2022
    assert "1,8 fois le Smic de 2022 (1 603,12 € brut" in page and "2 760 € brut en 2022, 2 091 € net)" in page
    assert 'href="../../reperes-salaires/"' in page  # the sources of the marks, once for all métiers
    sources = (built_site / "reperes-salaires" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.insee.fr/fr/statistiques/7707884"' in sources and "1 766,92 €" in sources
    without = (built_site / "metiers" / "charge-de-mission" / "index.html").read_text(encoding="utf-8")
    assert "fiche-montant" not in without and "salaire-echelle" not in without
