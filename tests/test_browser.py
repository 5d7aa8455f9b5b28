"""The built site in Debian's chromium, driven by Playwright, served on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import add_axe

EXPECTED_TITLES = {
    "Chargé·e de mission",
    "Chargé·e de mission dans les services sociaux",
    "Chargé·e de missions locales",
    "Chef·fe de projet / chargé·e de mission",
}


def search(page, query: str, kind: str | None = None) -> list[str]:
    """Type a query in the header search box as a reader would; the titles of the results."""
    box = page.locator("input.md-search__input")
    box.click()
    if kind:
        page.locator(f".fiches-recherche__types input[value='{kind}']").check()
    box.fill("")
    box.press_sequentially(query, delay=30)  # key by key, as a reader types
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta').textContent;"
        " return /résultat/.test(m) && document.querySelector('.md-search__input').value === q; }", arg=query,
        timeout=15_000)
    page.wait_for_timeout(400)  # the last keystroke's query replaces the previous ones
    return [t.strip() for t in page.locator(".md-search-result__item > a h1").all_inner_texts()]


def test_search_finds_the_fiches_by_title_and_stays_on_the_site(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(site_url)
    titles = set(search(page, "chargée"))
    assert EXPECTED_TITLES <= titles, titles
    # following a result opens the fiche
    page.locator(".md-search-result__item > a", has_text="Chargé·e de missions locales").first.click()
    page.wait_for_url("**/metiers/charge-de-missions-locales/**")
    assert "2 917 €" in page.locator(".fiche-carte").inner_text()
    context.close()
    assert hosts == {urlsplit(site_url).netloc}, hosts


@pytest.mark.parametrize("query, expected", [
    ("projets", "Chef·fe de projet / chargé·e de mission"),  # plural finds singular
    ("missions", "Chargé·e de mission"),
    ("chargee", "Chargé·e de missions locales"),  # accent optional
    ("developpement", "Chargé·e de missions locales"),
    ("l'insertion", "Chargé·e de mission dans les services sociaux"),  # elision
    ("responsable de projet", "Chargé·e de mission"),  # an appellation, not the title
    ("associatives", "Aude, chargée de mission au service du numérique associatif"),
    ("cheffe", "Chef·fe de projet / chargé·e de mission"),  # inclusive title, feminine form
])
def test_french_search(browser, site_url: str, query: str, expected: str) -> None:
    page = browser.new_page()
    page.goto(site_url)
    assert expected in search(page, query)
    page.close()


def test_results_show_elisions_as_written(browser, site_url: str) -> None:
    # the index splits "d'un" into "d' un" (and "d&#39;action" from the templates); readers never see it
    page = browser.new_page()
    page.goto(site_url)
    texts = []
    for query in ("territoire", "action sociale", "l'insertion"):
        search(page, query)
        texts += page.locator(".md-search-result__item article").all_inner_texts()
    joined = "\n".join(texts)
    assert "d'un territoire" in joined and "projets d'action sociale" in joined
    assert not re.search(r"\b(l|d|qu)['’] ", joined, re.IGNORECASE), joined
    page.close()


def test_fast_typing_ends_on_the_results_of_the_last_query(browser, site_url: str) -> None:
    # one search at a time, the latest query searched when it ends: never a stale list at the end
    page = browser.new_page()
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("projets", delay=0)
    box.press("Control+A")
    box.press_sequentially("xqzw", delay=0)  # replaces "projets", key by key
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent === 'Aucun résultat'",
                           timeout=15_000)
    page.wait_for_timeout(500)
    assert page.locator(".md-search-result__meta").inner_text() == "Aucun résultat"
    assert page.locator(".md-search-result__item").count() == 0
    box.press("Control+A")
    box.press_sequentially("projets", delay=0)
    page.wait_for_function("() => /résultat/.test(document.querySelector('.md-search-result__meta').textContent)"
                           " && document.querySelectorAll('.md-search-result__item').length > 0", timeout=15_000)
    page.wait_for_timeout(500)
    titles = [t.strip() for t in page.locator(".md-search-result__item > a h1").all_inner_texts()]
    assert "Chef·fe de projet / chargé·e de mission" in titles
    page.close()


def test_search_results_say_their_kind_and_can_be_filtered(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url)
    titles = search(page, "chargée")
    kinds = page.locator(".md-search-result__item .fiches-recherche__type").all_inner_texts()
    assert {k.strip().lower() for k in kinds} == {"métier", "témoignage", "offre"}
    only = search(page, "chargée", kind="Témoignage")
    assert only and set(only) < set(titles) and all(t.startswith(("Aude", "Carolina")) for t in only)
    page.close()


def test_closed_offers_are_not_search_results(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url)
    assert search(page, "Tresse", kind="Offre") == []
    page.close()


def test_search_with_the_keyboard_only(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("projets", delay=30)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(400)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert target.startswith(site_url) and target != site_url
    page.close()


SHOWN = ".fiche-cartes > li:visible h2"  # the métiers shown: the page's list, or the explorer's results


def test_explorer_filters_by_sector_and_keeps_it_in_the_url(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "metiers/")
    page.wait_for_selector("#explorateur:not([hidden])")
    assert len(page.locator(SHOWN).all_inner_texts()) == 4
    page.select_option("#f-secteur", "action-sociale")
    page.wait_for_selector("#explorateur-trouves:not([hidden])")
    assert page.locator(SHOWN).all_inner_texts() == [
        "Chargé·e de mission", "Chargé·e de mission dans les services sociaux"]
    assert page.url.endswith("/metiers/?secteur=action-sociale")
    # the explorer's own cards link to the fiches and say what the page's cards say
    link = page.locator("#explorateur-trouves a").first
    assert link.get_attribute("href") == "./charge-de-mission/"
    assert "action sociale" in page.locator("#explorateur-trouves .fiche-detail").first.inner_text()
    # counts of the other facets follow the filter
    assert page.locator("#f-formation option[value='bac-3']").inner_text() == "Bac +3 (1)"
    page.reload()
    page.wait_for_selector("#explorateur-trouves:not([hidden])")
    assert page.locator("#f-secteur").input_value() == "action-sociale"
    assert len(page.locator(SHOWN).all_inner_texts()) == 2
    # a second filter, typed: the salary
    page.locator("#f-salaire").press_sequentially("2900")
    page.wait_for_function("() => document.getElementById('explorateur-resultat').textContent.startsWith('0 ')")
    assert page.locator(SHOWN).all_inner_texts() == []
    assert "salaire=2900" in page.url
    page.locator("#explorateur button[type=reset]").click()
    page.wait_for_function("() => !location.search")
    assert len(page.locator(SHOWN).all_inner_texts()) == 4
    assert page.locator("#explorateur-liste").is_visible()
    page.close()


def test_explorer_downloads_nothing_until_the_reader_filters(browser, site_url: str) -> None:
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlsplit(request.url).path))
    page.goto(site_url + "metiers/")
    page.wait_for_selector("#explorateur:not([hidden])")
    page.wait_for_load_state("networkidle")
    assert not [path for path in asked if "explorateur" in path and path.endswith(".json")]
    page.locator("#f-q").click()
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/explorateur.json'))")
    page.close()


def test_explorer_finds_a_competence_as_the_reader_types_it(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "metiers/")
    page.wait_for_selector("#explorateur:not([hidden])")
    box = page.locator("#f-competence")
    box.press_sequentially("projet ges", delay=30)  # any word of it, in any order
    page.wait_for_function("() => [...document.querySelectorAll('#f-competence-choix option')]"
                           ".some(o => o.value === 'gestion de projet')")
    box.fill("gestion de projet")  # as when the reader picks the suggestion
    page.wait_for_function("() => location.search === '?competence=gestion-de-projet'")
    assert len(page.locator(SHOWN).all_inner_texts()) == 4
    box.fill("gestion budgétaire")
    page.wait_for_function("() => location.search === '?competence=gestion-budgetaire'")
    assert len(page.locator(SHOWN).all_inner_texts()) == 2
    page.reload()
    page.wait_for_selector("#explorateur-trouves:not([hidden])")
    assert box.input_value() == "gestion budgétaire"
    assert len(page.locator(SHOWN).all_inner_texts()) == 2
    box.fill("")
    page.wait_for_function("() => !location.search")
    assert len(page.locator(SHOWN).all_inner_texts()) == 4
    page.close()


def test_without_javascript_the_full_list_shows(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "metiers/?secteur=action-sociale")
    assert len(page.locator("#explorateur-liste > li h2").all_inner_texts()) == 4
    assert not page.locator("#explorateur").is_visible()
    context.close()


def test_a_fiche_prints_as_a_clean_sheet(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "metiers/charge-de-missions-locales/")
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".md-content__button"]:
        locator = page.locator(hidden).first
        assert locator.count() == 0 or not locator.is_visible(), hidden
    assert page.locator(".fiche-carte").is_visible()
    assert "2 917 €" in page.locator(".fiche-carte").inner_text()
    # a link to another site is written out
    page.set_content(page.content().replace("</article>", '<a id="x" href="https://exemple.org/">source</a></article>'))
    after = page.evaluate("getComputedStyle(document.getElementById('x'), '::after').content")
    assert "https://exemple.org/" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    page.close()


@pytest.mark.parametrize("path", ["metiers/charge-de-missions-locales/", "metiers/", "offres/la-tresse-coordination-communication/",
                                  "temoignages/aude-adb-solidatech/", "competences/gestion-de-projet/", ""])
def test_pages_read_well_on_a_phone(browser, site_url: str, path: str, tmp_path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(site_url + path)
    if path == "metiers/":
        page.wait_for_selector("#explorateur:not([hidden])")
    # nothing wider than the screen: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    wide = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
        .filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wide == []
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    context.close()


@pytest.mark.parametrize("width, icon", [(1100, "magnifier"), (360, "arrow")])
def test_open_search_box_looks_like_materials(browser, site_url: str, width: int, icon: str) -> None:
    # one icon at the start of the box (material's magnifier on wide screens, its arrow on phones),
    # inside the box's row; the words for screen readers take no room
    page = browser.new_page(viewport={"width": width, "height": 740})
    page.goto(site_url)
    page.locator("label.md-header__button[for=__search]" if width < 960 else "input.md-search__input").first.click()
    page.wait_for_timeout(300)
    label = page.locator(".md-search__form label.md-search__icon[for=__search]")
    shown = [i for i, svg in enumerate(label.locator("svg").all()) if svg.is_visible()]
    assert shown == [0 if icon == "magnifier" else 1]
    row = page.locator("input.md-search__input").bounding_box()
    svg = label.locator("svg").nth(shown[0]).bounding_box()
    assert row["y"] <= svg["y"] and svg["y"] + svg["height"] <= row["y"] + row["height"] + 1
    hidden = label.locator(".fiches-invisible").bounding_box()
    assert hidden["width"] <= 1 and hidden["height"] <= 1
    assert page.locator(".md-search__form").get_by_text("Fermer la recherche").count() == 1  # still there for screen readers
    page.close()


TEMPLATES = ["", "metiers/", "temoignages/", "offres/", "metiers/charge-de-missions-locales/",
             "temoignages/aude-adb-solidatech/", "offres/la-tresse-coordination-communication/", "competences/",
             "competences/gestion-de-projet/", "formations/", "contribuer/", "metiers/?secteur=action-sociale",
             "contribuer/a-revoir/", "ce-qui-attire/?choix=piloter-des-projets-varies", "centres-interet/",
             "comparer/?metiers=charge-de-mission,charge-de-missions-locales", "ma-selection/", "hors-ligne/"]


@pytest.mark.parametrize("path", TEMPLATES)
def test_no_accessibility_violation(browser, site_url: str, axe: Path, path: str) -> None:
    page = browser.new_page()
    page.goto(site_url + path)
    if path.startswith("metiers/") and len(path) <= len("metiers/?secteur=action-sociale") and "?" in path:
        page.wait_for_selector("#explorateur:not([hidden])")
    page.wait_for_load_state("networkidle")  # what the page's scripts build from their files (comparison, questionnaire)
    add_axe(page, axe)
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")
    assert violations == []
    # the open search dialog too
    page.locator("input.md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("projet", delay=20)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(600)  # material fades the dialog in; contrast is measured once it is opaque
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")
    assert violations == []
    page.close()
