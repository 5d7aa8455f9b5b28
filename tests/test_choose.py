"""Helping a reader choose: the comparison of two or three métiers (/comparer/), the selection kept
in the browser (/ma-selection/ and « Garder »), and the explorer's « Comparer », in chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import add_axe

TWO = "comparer/?metiers=charge-de-mission,charge-de-missions-locales"
THREE = TWO + ",chef-de-projet-charge-de-mission"


def message(page) -> str:
    return page.locator("#comparer-message").inner_text()


def axe_violations(page, axe: Path) -> list[str]:
    add_axe(page, axe)
    return page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")


def test_each_metier_has_its_comparison_file(built_site: Path) -> None:
    data = json.loads((built_site / "comparer" / "charge-de-missions-locales.json").read_text(encoding="utf-8"))
    assert data["titre"] == "Chargé·e de missions locales" and data["formation"] == "Bac +3"
    assert ["gestion-de-projet", "gestion de projet"] in data["competences"]
    assert data["salaire"]["montant"] == "2 917 €" and data["salaire"]["dessin"].startswith("<svg")
    assert data["offres"] == 1  # open on the day the fixture is built
    page = (built_site / "metiers" / "charge-de-mission" / "index.html").read_text(encoding="utf-8")
    assert 'id="fiche-garder" hidden data-genre="metiers" data-slug="charge-de-mission"' in page


def test_a_metier_page_leads_to_its_comparison(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "metiers/charge-de-mission/")
    page.get_by_role("link", name="Comparer", exact=True).click()
    page.wait_for_url("**/comparer/?metiers=charge-de-mission")
    page.wait_for_function("() => /deuxième métier/.test(document.getElementById('comparer-message').textContent)")
    page.close()


def test_two_metiers_side_by_side_with_what_they_share_first(browser, site_url: str, axe: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + TWO)
    page.wait_for_selector("table.comparer__table")
    assert page.locator("thead th").all_inner_texts()[0].startswith("Chargé·e de mission")
    assert page.locator("thead th a").all_inner_texts() == ["Chargé·e de mission", "Chargé·e de missions locales"]
    rows = page.locator("tbody th").all_inner_texts()
    assert rows == ["Salaire", "Formation", "Secteurs", "Compétences", "Qualités", "Ce qui attire", "Employeurs",
                    "Conditions de travail", "Offres ouvertes", "Témoignages"]
    skills = page.locator("tbody tr:nth-child(4) td").nth(1).locator("li")
    first = skills.all_inner_texts()
    # the compétences both have come first, marked, then its own
    assert [t.split("en commun")[0].strip() for t in first[:3]] == [
        "gestion de projet", "coordination d'acteurs", "animation de réseaux de partenaires"]
    assert all("en commun" in t for t in first[:3]) and "en commun" not in first[3]
    salary = page.locator("tbody tr:nth-child(1) td")
    assert salary.nth(0).inner_text().strip() == "Non précisé"
    assert "2 917 €" in salary.nth(1).inner_text() and salary.nth(1).locator("svg").count() == 1
    assert "fois le Smic de 2022" in salary.nth(1).inner_text()
    offers = page.locator("tbody tr:nth-child(9) td").nth(1).locator("a")
    assert offers.inner_text() == "1 offre ouverte" and offers.get_attribute("href").endswith(
        "metiers/charge-de-missions-locales/#offres")
    assert axe_violations(page, axe) == []
    page.close()


def test_three_metiers_on_a_phone_read_without_sideways_scrolling(browser, site_url: str, axe: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + THREE)
    page.wait_for_selector("table.comparer__table")
    assert page.locator("thead th a").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # one criterion at a time, each métier named before its value
    assert page.evaluate("getComputedStyle(document.querySelector('.comparer__table tbody td')).display") == "block"
    assert page.evaluate("getComputedStyle(document.querySelector('.comparer__table tbody td'), '::before').content") == \
        '"Chargé·e de mission"'
    assert "commun aux trois" in page.locator("tbody").inner_text()
    assert axe_violations(page, axe) == []
    context.close()


def test_the_comparison_prints(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + TWO)
    page.wait_for_selector("table.comparer__table")
    page.emulate_media(media="print")
    assert page.locator("table.comparer__table").is_visible()
    assert page.locator(".comparer__retirer").first.is_hidden() and page.locator(".md-header").is_hidden()
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.close()


@pytest.mark.parametrize("address, expected", [
    ("comparer/", "Choisissez deux ou trois métiers"),
    ("comparer/?metiers=charge-de-mission", "Il faut un deuxième métier pour comparer « Chargé·e de mission »"),
    ("comparer/?metiers=charge-de-mission,metier-inconnu", "Ce métier n'existe pas ou plus sur le site : « metier-inconnu »"),
    ("comparer/?metiers=%3Cimg%20src%3Dx%3E,charge-de-mission", "« <img src=x> »"),
    (THREE + ",charge-de-mission-services-sociaux", "les trois premiers de l'adresse sont montrés"),
])
def test_a_bad_address_gets_a_message_and_a_way_on(browser, site_url: str, address: str, expected: str) -> None:
    page = browser.new_page()
    page.goto(site_url + address)
    page.wait_for_function("t => document.getElementById('comparer-message').textContent.includes(t)", arg=expected)
    assert page.locator("img[src=x]").count() == 0  # a slug is text, never markup
    if "trois premiers" in expected:
        assert page.locator("thead th a").count() == 3 and page.locator("#comparer-ajout").is_hidden()
    else:
        assert page.locator("#comparer-ajout").is_visible()  # a way on: add a métier
        assert page.get_by_role("link", name="les métiers", exact=True).is_visible()
    page.close()


def test_adding_and_removing_metiers_makes_addresses_the_back_button_follows(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "comparer/?metiers=charge-de-mission")
    page.wait_for_function("() => /deuxième métier/.test(document.getElementById('comparer-message').textContent)")
    page.locator("#comparer-metier").fill("Chargé·e de missions locales")
    page.locator("#comparer-ajout button").click()
    page.wait_for_selector("table.comparer__table")
    assert page.url.endswith("?metiers=charge-de-mission%2Ccharge-de-missions-locales")
    page.get_by_role("button", name="Retirer Chargé·e de mission de la comparaison").click()
    page.wait_for_function("() => !document.querySelector('table.comparer__table')")
    assert page.url.endswith("?metiers=charge-de-missions-locales")
    page.go_back()
    page.wait_for_selector("table.comparer__table")
    assert page.locator("thead th a").count() == 2
    page.close()


def test_the_explorer_compares_the_results_ticked(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "metiers/?secteur=action-sociale")
    page.wait_for_selector("#explorateur-trouves:not([hidden])")
    page.get_by_label("Comparer Chargé·e de mission", exact=True).check()
    assert page.locator("#explorateur-comparer").inner_text().strip() == "Cochez un deuxième métier pour comparer."
    page.get_by_label("Comparer Chargé·e de mission dans les services sociaux").check()
    page.get_by_role("link", name="Comparer les 2 métiers cochés").click()
    page.wait_for_selector("table.comparer__table")
    assert page.locator("thead th a").all_inner_texts() == [
        "Chargé·e de mission", "Chargé·e de mission dans les services sociaux"]
    page.close()


def test_a_selection_survives_a_reload_and_travels_by_its_link(browser, site_url: str, axe: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    for path in ("metiers/charge-de-mission/", "metiers/charge-de-missions-locales/",
                 "offres/la-tresse-coordination-communication/"):
        page.goto(site_url + path)
        keep = page.locator("#fiche-garder button")
        keep.click()
        assert keep.get_attribute("aria-pressed") == "true" and keep.inner_text() == "Gardé ✓"
    page.goto(site_url + "ma-selection/")
    page.reload()
    assert page.locator("#selection-metiers a").all_inner_texts() == ["Chargé·e de mission", "Chargé·e de missions locales"]
    offer = page.locator("#selection-offres li")
    assert "Offre clôturée" in offer.inner_text()  # its deadline has passed: kept, but not shown as open
    assert "nulle part" in page.locator(".fiche-detail").first.inner_text()  # the page says where it is kept
    compare = page.get_by_role("link", name="Comparer ces métiers")
    assert compare.get_attribute("href").endswith("comparer/?metiers=charge-de-mission,charge-de-missions-locales")
    assert axe_violations(page, axe) == []
    shared = page.locator("#selection-lien").input_value()
    assert shared.endswith("ma-selection/?metiers=charge-de-mission%2Ccharge-de-missions-locales"
                           "&offres=la-tresse-coordination-communication")
    page.get_by_role("button", name="Retirer Chargé·e de mission de ma sélection").click()
    page.reload()
    assert page.locator("#selection-metiers a").all_inner_texts() == ["Chargé·e de missions locales"]
    context.close()
    # another device: nothing kept there, the link rebuilds the selection
    other = browser.new_context()
    page = other.new_page()
    page.goto(shared)
    page.wait_for_function("() => /Sélection reçue/.test(document.getElementById('selection-message').textContent)")
    assert page.locator("#selection-metiers a").all_inner_texts() == ["Chargé·e de mission", "Chargé·e de missions locales"]
    assert page.locator("#selection-offres a").all_inner_texts() == [
        "Chargé·e de mission coordination et communication pour La Tresse"]
    page.get_by_role("button", name="La garder dans ce navigateur").click()
    page.goto(site_url + "ma-selection/")
    assert page.locator("#selection-metiers a").count() == 2 and page.locator("#selection-offres a").count() == 1
    other.close()


def test_the_home_page_helps_choose(browser, site_url: str, built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    # the figures read as a sentence, not a list of big numbers
    assert "Le site compte aujourd'hui" in home and 'class="fiche-chiffres"' not in home
    assert home.index('id="accueil-q"') < home.index('id="entrees"') < home.index('id="dernieres-offres"')
    assert "<blockquote>" in home  # a testimonial's own words
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url)
    for name in ("Par métier", "Par ce qui vous attire", "Par les offres"):
        assert page.get_by_role("link", name=name).is_visible()
    # the search works without waiting for anything: it opens the métiers, filtered
    page.locator("#accueil-q").fill("sociaux")
    page.locator("#accueil-q").press("Enter")
    page.wait_for_selector("#explorateur-trouves:not([hidden])")
    assert page.locator(".fiche-cartes > li:visible h2").all_inner_texts() == [
        "Chargé·e de mission dans les services sociaux"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
