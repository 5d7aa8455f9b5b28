"""The built site in Debian's chromium, driven by Playwright, served on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

EXPECTED_TITLES = {
    "Chargé·e de mission",
    "Chargé·e de mission dans les services sociaux",
    "Chargé·e de missions locales",
    "Chef·fe de projet / chargé·e de mission",
}


def test_search_finds_the_fiches_by_title_and_stays_on_the_site(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    # material's search listens to key events: fill() would not trigger it
    box.press_sequentially("chargée", delay=40)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length >= 4", timeout=15_000)
    titles = {t.strip() for t in page.locator(".md-search-result__item > a h1").all_inner_texts()}
    assert EXPECTED_TITLES <= titles, titles
    # following a result opens the fiche
    page.locator(".md-search-result__item > a", has_text="Chargé·e de missions locales").first.click()
    page.wait_for_url("**/metiers/charge-de-missions-locales/**")
    assert "2 917 €" in page.locator(".fiche-carte").inner_text()
    context.close()
    assert hosts == {urlsplit(site_url).netloc}, hosts


def test_explorer_filters_by_sector_and_keeps_it_in_the_url(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "metiers/")
    page.wait_for_selector("#explorateur:not([hidden])")
    visible = "#explorateur-liste > li:not([hidden]) h2"
    assert len(page.locator(visible).all_inner_texts()) == 4
    page.select_option("#f-secteur", "action-sociale")
    assert page.locator(visible).all_inner_texts() == [
        "Chargé·e de mission", "Chargé·e de mission dans les services sociaux"]
    assert page.url.endswith("/metiers/?secteur=action-sociale")
    # counts of the other facets follow the filter
    assert page.locator("#f-formation option[value='bac-3']").inner_text() == "Bac +3 (1)"
    page.reload()
    page.wait_for_selector("#explorateur:not([hidden])")
    assert page.locator("#f-secteur").input_value() == "action-sociale"
    assert len(page.locator(visible).all_inner_texts()) == 2
    # a second filter, typed: the salary
    page.locator("#f-salaire").press_sequentially("2900")
    assert page.locator(visible).all_inner_texts() == []
    assert "salaire=2900" in page.url
    page.locator("#explorateur button[type=reset]").click()
    page.wait_for_function("() => !location.search")
    assert len(page.locator(visible).all_inner_texts()) == 4
    page.close()


def test_without_javascript_the_full_list_shows(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "metiers/?secteur=action-sociale")
    assert len(page.locator("#explorateur-liste > li h2").all_inner_texts()) == 4
    assert not page.locator("#explorateur").is_visible()
    context.close()
