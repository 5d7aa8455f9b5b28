"""Reading offline (fiches_engine.offline, overrides/assets/hors-ligne.js), in chromium: the site
installs (manifest, service worker, icons, by chromium's own criteria), a visited page reads again
with the network cut, the search finds what was kept, and after an update of the site nothing
kept from before is shown as current: an offer closed since is never shown open."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve_folder

AFTER = "1722470400"  # 2024-08-01: the offer open on the fixture's day (deadline 2024-07-15) is closed
OFFER = "offres/coordination-reseau-local/"


@pytest.fixture(scope="module")
def site_after(tmp_path_factory: pytest.TempPathFactory, fixture_project: Path) -> Path:
    """The same content, built two months later: the site after an update."""
    site = tmp_path_factory.mktemp("site-apres")
    result = mkdocs_build(fixture_project, site, "--strict", env={"SOURCE_DATE_EPOCH": AFTER})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def worker_ready(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15_000)


def test_the_site_installs_on_a_phone(browser, built_site: Path, tmp_path: Path) -> None:
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["display"] == "standalone" and manifest["lang"] == "fr" and manifest["name"] == "Fiches métiers"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    with serve_folder(built_site) as url:
        # a profile of its own, as a reader's browser has (chromium installs nothing from a private window)
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / "profil"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = context.new_page()
        page.goto(url)
        worker_ready(page)
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []  # chromium's own criteria: manifest, icons, service worker
        context.close()


def test_a_visited_page_reads_again_offline_and_nothing_stale_after_an_update(
        browser, built_site: Path, site_after: Path, tmp_path: Path) -> None:
    served = tmp_path / "servi"
    shutil.copytree(built_site, served)
    with serve_folder(served) as url:
        context = browser.new_context()
        context.clock.set_fixed_time("2024-06-10T12:00:00")  # the reader's day: the offer is open
        page = context.new_page()
        page.goto(url)
        worker_ready(page)
        page.goto(url + OFFER)
        assert page.locator(".fiche-ouverte").is_visible()
        page.goto(url + "metiers/charge-de-mission/")
        # the network cut: the pages visited read again, saying they are the copy kept
        context.set_offline(True)
        page.goto(url + OFFER)
        assert page.locator("h1").inner_text().startswith("Chargé")
        assert "Hors connexion" in page.locator("#fiches-hors-ligne").inner_text()
        assert "1er juin 2024" in page.locator("#fiches-hors-ligne").inner_text()
        page.goto(url + "temoignages/")  # never visited: the page that says so, not an error
        assert page.locator("h1").inner_text() == "Hors connexion"
        context.set_offline(False)

        # the site is updated: the offer is closed
        shutil.rmtree(served)
        shutil.copytree(site_after, served)
        version = (site_after / "sw.js").read_text(encoding="utf-8").split('"fiches-')[1].split('"')[0]
        page.goto(url + OFFER)
        # the new worker (the browser checks for one at each visit) takes over and drops what the previous one kept
        deadline = time.monotonic() + 20
        while (kept := page.evaluate("async () => await caches.keys()")) != ["fiches-" + version]:
            assert time.monotonic() < deadline, kept
            page.wait_for_timeout(200)
        page.reload()
        assert page.locator(".fiche-cloture").is_visible()
        context.set_offline(True)
        page.reload()
        assert page.locator(".fiche-cloture").is_visible() and page.locator(".fiche-ouverte").count() == 0
        # the métier page was kept before the update only: its old copy is gone
        page.goto(url + "metiers/charge-de-mission/")
        kept = page.evaluate("async () => { const out = []; for (const n of await caches.keys()) "
                             "out.push([n, (await (await caches.open(n)).keys()).map(r => r.url)]); return out; }")
        assert page.locator("h1").inner_text() == "Hors connexion", kept
        context.close()


def test_the_search_finds_what_was_kept(browser, built_site: Path) -> None:
    with serve_folder(built_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        worker_ready(page)
        page.reload()  # the home page, visited with the worker at work: kept

        def search() -> list[str]:
            box = page.locator("input.md-search__input")
            box.click()
            box.fill("")
            box.press_sequentially("territoire", delay=30)
            page.wait_for_function("() => /résultat/.test(document.querySelector('.md-search-result__meta').textContent)",
                                   timeout=15_000)
            page.wait_for_timeout(400)
            return page.locator(".md-search-result__item > a h1").all_inner_texts()

        online = search()
        assert online
        context.set_offline(True)
        page.reload()
        assert search() == online
        context.close()


def test_an_offer_past_its_deadline_is_shown_closed_even_from_an_old_copy(browser, built_site: Path) -> None:
    # the page was made when the offer was open; read after its deadline, it says it is closed
    with serve_folder(built_site) as url:
        context = browser.new_context()
        context.clock.set_fixed_time("2024-08-01T12:00:00")
        page = context.new_page()
        page.goto(url + OFFER)
        assert page.locator(".fiche-cloture").inner_text().startswith("Offre clôturée")
        assert page.locator(".fiche-contact").first.is_hidden()
        page.goto(url + "metiers/charge-de-missions-locales/")
        assert "Offre clôturée" in page.locator("#offres + ul li").first.inner_text()
        context.close()
