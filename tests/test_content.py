"""The content checks: what holds for ANY valid content, run on the editors' fiches/.

Nothing here knows what fiches/ holds today (no count, title, slug or date): editors change it
every day, and a valid pull request must stay green. The product's behaviour is tested on the
test corpus (tests/fixtures/site) by the other test files.

FICHES_CONTENT_PROJECT names another project folder to check (a copy with other content):
test_content_changes.py uses it to prove that these checks pass on content other than today's.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, add_axe, mkdocs_build, serve_folder
from linkcheck import check_site
from test_html_valid import vnu_errors

PROJECT = Path(os.environ.get("FICHES_CONTENT_PROJECT") or ROOT).resolve()
# Browser widths: a desktop and a phone (material switches to its phone layout under 960 px).
WIDTHS = {"ordinateur": 1280, "téléphone": 360}
# Beyond this many pages, the accessibility and layout checks take every hand-written page and an even
# spread of the others: two widths at about half a second a page, so 400 pages take about 7 minutes
# of CI's 90, whatever the size of the content. FICHES_CONTENT_MAX_PAGES changes it.
MAX_PAGES = int(os.environ.get("FICHES_CONTENT_MAX_PAGES") or 400)


def site_root_path() -> str:
    """Where the site is served (the path of site_url), which absolute links start with."""
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    # site_url: https://… or site_url: !ENV [FICHES_SITE_URL, "https://…"] (the default applies here)
    url = re.search(r"^site_url:.*?(https?://[^\s\"'\]]+)", config, re.M)
    path = urlsplit(url.group(1)).path if url else "/"
    return path if path.endswith("/") else path + "/"


@pytest.fixture(scope="module")
def content_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The editors' site as CI publishes it: --strict, dated today."""
    site = tmp_path_factory.mktemp("contenu") / "site"
    result = mkdocs_build(PROJECT, site, "--strict", env={})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def pages_of(site: Path) -> list[str]:
    """Every page's URL path relative to the site root, hand-written ones first, then sorted."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    paths = [p.removesuffix("index.html") for p in pages]
    docs = {("" if p.stem == "index" else f"{p.relative_to(PROJECT / 'docs').with_suffix('').as_posix()}/")
            for p in (PROJECT / "docs").rglob("*.md")}
    written = [p for p in paths if p in docs]
    generated = [p for p in paths if p not in docs]
    if len(paths) > MAX_PAGES:
        step = len(generated) / (MAX_PAGES - len(written))
        generated = [generated[int(i * step)] for i in range(MAX_PAGES - len(written))]
    return written + generated


def test_fiches_check_finds_no_error() -> None:
    # not in GitHub's format (this is a test, not the pull request's check): no job summary written
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    result = subprocess.run([sys.executable, "-m", "fiches_engine.cli", "check"], cwd=PROJECT,
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("✓ Aucune erreur")


def test_strict_build_publishes_every_fiche(content_site: Path) -> None:
    for folder in ("metiers", "temoignages", "offres"):
        for fiche in (PROJECT / "fiches" / folder).glob("*.md"):
            assert (content_site / folder / fiche.stem / "index.html").is_file(), fiche


def test_no_broken_link_or_anchor(content_site: Path) -> None:
    assert check_site(content_site, site_root_path()) == []


def test_pages_are_valid_html(content_site: Path) -> None:
    assert vnu_errors(content_site) == []


@pytest.fixture(scope="module")
def content_url(content_site: Path):
    with serve_folder(content_site) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_page_is_accessible_and_fits(browser, axe: Path, content_site: Path, content_url: str,
                                           width: int) -> None:
    """axe-core finds no violation on any page, and nothing is wider than the screen."""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 960,
                                  has_touch=width < 960)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"{page.url}: erreur JavaScript : {error}"))
    for path in pages_of(content_site):
        response = page.goto(content_url + path)
        assert response is not None and response.ok, path
        add_axe(page, axe)
        violations = page.evaluate(
            "async () => (await axe.run(document)).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")
        problems += [f"/{path} : {v}" for v in violations]
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > width:
            problems.append(f"/{path} : {overflow} px de large pour un écran de {width} px")
    context.close()
    assert problems == [], "\n".join(problems)


def test_search_finds_a_metier_by_its_title(browser, content_site: Path, content_url: str) -> None:
    """A métier's title, typed in the search box, gives that métier."""
    metiers = sorted((content_site / "metiers").glob("*/index.html"))
    if not metiers:
        pytest.skip("aucun métier dans le contenu")
    page_html = metiers[len(metiers) // 2].read_text(encoding="utf-8")
    title = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.S).group(1)).strip()
    title = html.unescape(title)
    query = " ".join(re.findall(r"\w+", title))
    page = browser.new_page()
    page.goto(content_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    page.wait_for_function(
        "q => /résultat/.test(document.querySelector('.md-search-result__meta').textContent)"
        " && document.querySelector('.md-search__input').value === q", arg=query, timeout=15_000)
    page.wait_for_timeout(400)
    titles = [t.strip() for t in page.locator(".md-search-result__item > a h1").all_inner_texts()]
    page.close()
    assert title in titles, (query, titles)
