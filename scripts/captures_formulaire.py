"""The screenshots of the contributor guide: the form editor (docs/assets/images/formulaire-*.png)
and the page « À revoir » (docs/assets/images/revue-a-revoir.png).

    .venv/bin/python scripts/captures_formulaire.py

Builds the test corpus's site as the publishing workflow does (FICHES_EDITEUR=github), signs in
through admin/connexion.html in Debian's chromium against the GitHub API answered by the tests
(tests/test_admin_github.py, no network), and takes the pictures the guide shows: the sign-in
page, the list of métiers, a métier's form, the preview of a métier with a salary. The page « À
revoir » is taken from the site of tests/fixtures/revue/un-de-chaque (one point of each kind). Run
it again when Decap CMS, the admin pages or that page change.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURE_EPOCH, copy_project, free_port, mkdocs_build, serve_folder  # noqa: E402
from test_admin_github import GOOD, REPO, sign_in  # noqa: E402

IMAGES = ROOT / "docs" / "assets" / "images"
REVIEW_FIXTURE = ROOT / "tests" / "fixtures" / "revue" / "un-de-chaque" / "fiches"
SIZE = {"width": 1100, "height": 720}


def main() -> None:
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "projet")
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        result = mkdocs_build(project, Path(tmp) / "site", env={
            "SOURCE_DATE_EPOCH": FIXTURE_EPOCH, "FICHES_EDITEUR": "github", "FICHES_SITE_URL": url,
            "FICHES_REPO_NAME": REPO})
        if result.returncode:
            raise SystemExit(result.stdout + result.stderr)
        with serve_folder(Path(tmp) / "site", port), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=SIZE, locale="fr-FR")
            page.goto(f"{url}admin/connexion.html")
            page.get_by_text(REPO).wait_for()
            page.get_by_label("Jeton d'accès GitHub").fill("github_pat_11ABCDEFG0123456789")
            page.screenshot(path=IMAGES / "formulaire-connexion.png")
            context, editor, popup, _, _ = sign_in(browser, url, GOOD, project, SIZE)
            popup.wait_for_event("close", timeout=15_000)
            editor.get_by_text("Chargé·e de mission", exact=True).first.wait_for(timeout=15_000)
            editor.screenshot(path=IMAGES / "formulaire-metiers.png")
            editor.goto(f"{url}admin/#/collections/metiers/entries/charge-de-mission")
            editor.get_by_label("Résumé").wait_for(timeout=15_000)
            editor.wait_for_timeout(500)
            editor.screenshot(path=IMAGES / "formulaire-fiche.png")
            # the preview pane of a métier with a salary: the fiche as the site will show it
            editor.goto(f"{url}admin/#/collections/metiers/entries/charge-de-missions-locales")
            editor.reload()  # Decap's editor reads an entry when it opens, not when only the address changes
            editor.get_by_label("Résumé").wait_for(timeout=15_000)
            editor.frame("preview-pane").locator(".fiche-montant").wait_for(timeout=15_000)
            editor.wait_for_timeout(500)
            pane = editor.locator('iframe#preview-pane, iframe[name="preview-pane"]').first
            pane.screenshot(path=IMAGES / "formulaire-apercu.png")
            context.close()
            browser.close()
        review(Path(tmp))
    for name in ("connexion", "metiers", "fiche", "apercu"):
        print(IMAGES / f"formulaire-{name}.png")
    print(IMAGES / "revue-a-revoir.png")


def review(tmp: Path) -> None:
    """The page « À revoir » of a corpus with something of each kind to review."""
    from playwright.sync_api import sync_playwright

    project = copy_project(tmp / "revue", content=REVIEW_FIXTURE)
    result = mkdocs_build(project, tmp / "revue-site", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    port = free_port()
    with serve_folder(tmp / "revue-site", port), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=SIZE, locale="fr-FR")
        page.goto(f"http://127.0.0.1:{port}/contribuer/a-revoir/")
        page.locator("article h1").first.scroll_into_view_if_needed()
        page.screenshot(path=IMAGES / "revue-a-revoir.png")
        browser.close()


if __name__ == "__main__":
    main()
