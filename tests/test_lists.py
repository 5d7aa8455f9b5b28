"""Long lists: cut into pages joined by plain links, light on a phone, with a letter bar, and the
explorer working from any page. The corpus is generated (bench/generate.py, the realistic shape)
so that every list has several pages."""

from __future__ import annotations

import re
import shutil
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, add_axe, mkdocs_build, serve_folder
from fiches_engine.corpus import load_corpus
from fiches_engine.site_pages import CARDS_PER_PAGE

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

METIERS, TEMOIGNAGES, OFFRES = 2 * CARDS_PER_PAGE + 30, CARDS_PER_PAGE + 10, CARDS_PER_PAGE + 10


@pytest.fixture(scope="module")
def big_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(project, built site, build log) of a corpus whose every list takes several pages."""
    project = generate(tmp_path_factory.mktemp("grand") / "projet", METIERS, TEMOIGNAGES, OFFRES, realistic=True)
    site = tmp_path_factory.mktemp("grand-site")
    result = mkdocs_build(project, site, "--strict", "--verbose", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site, result.stdout + result.stderr


@pytest.fixture(scope="module")
def big(big_build: tuple[Path, Path, str]) -> tuple[Path, Path]:
    return big_build[:2]


@pytest.fixture(scope="module")
def big_url(big: tuple[Path, Path]):
    with serve_folder(big[1]) as url:
        yield url


def html_elements(text: str) -> int:
    counter = HTMLParser()
    counter.count = 0
    counter.handle_starttag = lambda tag, attrs: setattr(counter, "count", counter.count + 1)
    counter.feed(text)
    return counter.count


def read(site: Path, url: str) -> str:
    return (site / urlsplit(url).path.lstrip("/") / "index.html").read_text(encoding="utf-8")


def crawl(site: Path, start: str) -> tuple[list[str], set[str]]:
    """Follow a list's page bar from its first page: the pages visited, and every link they hold."""
    base = "http://site/"
    todo, seen, links = [urljoin(base, start)], [], set()
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.append(url)
        page = read(site, url)
        bar = re.search(r'<nav class="md-pagination".*?</nav>', page, re.S)
        todo += [urljoin(url, unescape(h)) for h in re.findall(r'href="([^"]+)"', bar.group(0))] if bar else []
        content = page.split('<article', 1)[1].split('</article>', 1)[0]
        links |= {urlsplit(urljoin(url, unescape(h))).path for h in re.findall(r'href="([^"#]+)"', content)}
    return [urlsplit(u).path for u in seen], links


@pytest.mark.parametrize("folder", ["metiers", "temoignages", "offres"])
def test_every_fiche_is_reachable_by_plain_links(big: tuple[Path, Path], folder: str) -> None:
    project, site = big
    corpus, errors = load_corpus(project / "fiches")
    assert errors == []
    pages, links = crawl(site, f"{folder}/")
    fiches = {f"/{folder}/{slug}/" for slug in corpus.by_folder(folder)}
    # pages of at most CARDS_PER_PAGE fiches and, but the last, at least half that (pagination.split)
    assert 1 < -(-len(fiches) // CARDS_PER_PAGE) <= len(pages) <= -(-len(fiches) // (CARDS_PER_PAGE // 2))
    assert pages[1] == f"/{folder}/page/2/"
    assert fiches <= links


def test_every_competence_is_reachable_from_the_index(big: tuple[Path, Path]) -> None:
    project, site = big
    corpus, _ = load_corpus(project / "fiches")
    pages, links = crawl(site, "competences/")
    assert len(pages) > 2
    assert {f"/competences/{slug}/" for slug in corpus.terms["competences"]} <= links


def test_list_pages_stay_light(big: tuple[Path, Path]) -> None:
    _, site = big
    for page in [site / "metiers" / "index.html", *site.glob("*/page/*/index.html")]:
        text = page.read_text(encoding="utf-8")
        assert len(text.encode()) < 100_000, page
        assert html_elements(text) < 1_500, page


def test_the_shared_navigation_gives_the_html_material_would(big_build: tuple[Path, Path, str], tmp_path: Path) -> None:
    """The navigation, tabs, header, footer, scripts and search box are rendered once for the pages that
    share them (hooks/shared_chrome.py): every byte of the site is the same as when each page renders its own."""
    project, site, log = big_build
    renders, asked = map(int, re.search(r"Parties communes des pages : (\d+) rendus pour (\d+) demandes", log).groups())
    assert asked >= 8 * len(list(site.rglob("*.html"))) - 8 * 20 and renders < asked / 50
    alone = tmp_path / "site"
    result = mkdocs_build(project, alone, "--strict", env={"SOURCE_DATE_EPOCH": "1767225600", "FICHES_CHROME_PARTAGE": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(alone) for p in alone.rglob("*") if p.is_file())
    different = [str(f) for f in files if (site / f).read_bytes() != (alone / f).read_bytes()]
    assert different == []


def test_the_letter_bar_leads_to_where_a_letter_starts(browser, big_url: str) -> None:
    page = browser.new_page()
    page.goto(big_url + "metiers/page/2/")
    letters = page.locator("nav.fiche-lettres a")
    assert letters.count() > 10
    target = letters.filter(has_text=re.compile("^U$"))
    target.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).fragment == "lettre-u"
    first = page.locator("#lettre-u h2").inner_text()
    assert first.startswith("U")
    before = page.locator("#lettre-u").evaluate("e => e.previousElementSibling && e.previousElementSibling.innerText")
    assert before is None or not before.startswith("U")
    page.close()


def test_the_explorer_filters_every_metier_from_any_page(browser, big: tuple[Path, Path], big_url: str) -> None:
    project, _ = big
    corpus, _ = load_corpus(project / "fiches")
    niveau = "bac-5"
    expected = {m.titre for m in corpus.metiers.values() if m.formation and m.formation.niveau == "bac+5"}
    assert len(expected) > CARDS_PER_PAGE // 5
    page = browser.new_page()
    page.goto(big_url + f"metiers/page/3/?formation={niveau}")
    page.wait_for_selector("#explorateur-trouves:not([hidden])")
    assert not page.locator("#explorateur-pages").is_visible()
    shown = page.locator("#explorateur-trouves h2").all_inner_texts()
    while page.locator("#explorateur-plus").is_visible():
        page.locator("#explorateur-plus button").click()
        shown = page.locator("#explorateur-trouves h2").all_inner_texts()
    assert set(shown) == expected and len(shown) == len(expected)
    page.locator("#explorateur-trouves a").first.click()  # the results link to the fiches from page 3 too
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == shown[0]
    page.close()


@pytest.mark.parametrize("path", ["metiers/page/2/", "competences/page/2/", "offres/page/2/", "temoignages/page/2/"])
def test_later_pages_have_no_accessibility_violation(browser, big_url: str, axe: Path, path: str) -> None:
    page = browser.new_page()
    page.goto(big_url + path)
    add_axe(page, axe)
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")
    assert violations == []
    page.close()


def test_list_pages_are_valid_html(big: tuple[Path, Path], tmp_path: Path) -> None:
    from test_html_valid import vnu_errors

    _, site = big
    for path in ["metiers/index.html", "metiers/page/2/index.html", "competences/page/2/index.html",
                 "offres/page/2/index.html", "temoignages/page/2/index.html"]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / path, tmp_path / path)
    assert vnu_errors(tmp_path) == []
