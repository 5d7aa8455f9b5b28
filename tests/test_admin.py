"""The form editor at /admin/, for real: Decap CMS in chromium, saving through decap-server (its local
backend, as on an editor's clone) into a copy of the project. A fiche edited in the form changes by
the edited line only; a fiche created in the form is named as `fiches new` names it, and both pass
`fiches check` and build into the site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURE_EPOCH, ROOT, add_axe, changed_lines, copy_project, free_port, mkdocs_build, serve_folder
from fiches_engine.slugs import slugify

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory):
    """(project copy, URL of /admin/): the site built with the editor, decap-server writing to the copy."""
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("the form editor's tests need Node.js and npm ci (decap-server)")
        pytest.skip("Node.js or decap-server missing (npm ci)")
    project = copy_project(tmp_path_factory.mktemp("editeur") / "projet")
    port = free_port()
    server = subprocess.Popen([node, str(DECAP_SERVER)], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, env={**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
                                              "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "info"})
    try:
        for line in server.stdout:  # waits for its "listening" line
            if "listening" in line:
                break
        site = tmp_path_factory.mktemp("editeur-site")
        result = mkdocs_build(project, site, env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH,
                                                  "FICHES_EDITEUR_LOCAL": f"http://127.0.0.1:{port}/api/v1"})
        assert result.returncode == 0, result.stdout + result.stderr
        with serve_folder(site) as url:
            yield project, f"{url}admin/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def fiches_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fiches_engine.cli", "check"], cwd=project,
                          capture_output=True, text=True, timeout=120)


def open_editor(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Métiers").first.wait_for()
    return page, errors


def publish(page) -> None:
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()
    try:
        page.get_by_text("Modifications enregistrées", exact=False).wait_for(timeout=15_000)
    except Exception:
        print(page.inner_text("body"))  # what the form says (a field it refuses) goes to pytest's report
        raise


def wait_for(path: Path, different_from: str | None = None) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text(encoding="utf-8") != different_from:
            return path.read_text(encoding="utf-8")
        time.sleep(0.1)
    raise AssertionError(f"{path} was not written")


def test_an_edit_in_the_form_changes_only_its_line(browser, editor) -> None:
    project, url = editor
    fiche = project / "fiches" / "metiers" / "charge-de-mission.md"
    before = fiche.read_text(encoding="utf-8")
    page, errors = open_editor(browser, url)
    page.goto(f"{url}#/collections/metiers/entries/charge-de-mission")
    resume = "Le ou la chargé·e de mission conduit un programme d'actions, du diagnostic au bilan, avec les partenaires."
    page.get_by_label("Résumé").fill(resume)
    publish(page)
    after = wait_for(fiche, before)
    changed = changed_lines(before, after)
    assert changed == [next(f"-{line}" for line in before.splitlines() if line.startswith("resume:")),
                       f"+resume: {resume}"]
    assert errors == []
    result = fiches_check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page.close()


def test_a_metier_created_in_the_form_is_a_valid_fiche(browser, editor, tmp_path: Path) -> None:
    project, url = editor
    page, errors = open_editor(browser, url)
    page.goto(f"{url}#/collections/metiers/new")
    title = "Animatrice ou animateur de réseau territorial"
    page.get_by_label("Nom du métier").fill(title)
    page.get_by_label("Résumé").fill("Fait vivre un réseau d'acteurs locaux et les aide à monter des projets communs.")
    for button, value in (("Ajouter secteurs", "développement local"), ("Ajouter compétences", "animation de réseaux"),
                          ("Ajouter qualités", "écoute")):
        page.get_by_role("button", name=button).click()
        page.get_by_label(button.removeprefix("Ajouter ").capitalize()).last.fill(value)
    # the compétences already used are offered as the editor types, and a new one is taken too
    field = page.get_by_label("Compétences").last
    offered = page.locator(f"datalist#{field.get_attribute('list')} option")
    assert "gestion de projet" in offered.evaluate_all("options => options.map(o => o.value)")
    body = page.locator("[data-slate-editor]").last  # the Markdown field's rich text editor
    body.click()
    page.keyboard.type("Un réseau se fait vivre au quotidien.")
    publish(page)
    fiche = project / "fiches" / "metiers" / f"{slugify(title)}.md"
    text = wait_for(fiche)
    assert text.startswith(f"---\ntitre: {title}\nresume: ")
    assert "secteurs:\n  - développement local\n" in text
    assert text.endswith("---\n\nUn réseau se fait vivre au quotidien.\n")
    assert errors == []
    result = fiches_check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    assert title in (site / "metiers" / slugify(title) / "index.html").read_text(encoding="utf-8")
    page.close()


# What axe-core finds in Decap CMS's own interface (3.16.3), not in anything the project adds:
# low contrast of its header links and hint texts, its list items' icon buttons (drag, collapse,
# remove) and toolbar without accessible names, its preview frame without a title, a button in
# a button in its publish menu, an unnamed input and a missing aria attribute in its own controls.
DECAP_OWN = {"color-contrast", "aria-command-name", "aria-input-field-name", "aria-required-attr", "button-name",
             "frame-title", "nested-interactive"}


def test_the_form_has_no_accessibility_violation_but_decaps_own(browser, editor, axe: Path) -> None:
    _, url = editor
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    found: dict[str, set[str]] = {}
    for view in ("connexion", "collection", "fiche"):
        if view == "connexion":
            page.goto(url)
            page.get_by_role("button", name="Se connecter").wait_for()
        elif view == "collection":
            page.get_by_role("button", name="Se connecter").click()
            page.get_by_text("Chargé·e de missions locales").wait_for()
        else:
            page.goto(f"{url}#/collections/metiers/entries/charge-de-missions-locales")
            page.get_by_label("Résumé").wait_for()
            page.get_by_label("Euros bruts par mois").wait_for()  # our salary widget is there too
        add_axe(page, axe)
        violations = page.evaluate(
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
            ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.html.slice(0, 200))]))")
        found[view] = {rule for rule, _ in violations}
        assert all("montant" not in html and "fourchette" not in html for _, nodes in violations for html in nodes)
    assert set().union(*found.values()) <= DECAP_OWN, found
    page.close()


def choose_metier(page, label: str, title: str) -> None:
    """Pick a métier in a relation field by typing part of its title, as an editor would."""
    field = page.get_by_label(label, exact=True)
    field.click()
    page.keyboard.type(title[:12])
    page.get_by_text(title, exact=True).last.click()


def test_a_testimonial_and_an_offer_created_in_the_form_name_their_metier(browser, editor) -> None:
    project, url = editor
    page, errors = open_editor(browser, url)
    page.goto(f"{url}#/collections/temoignages/new")
    page.get_by_label("Titre", exact=True).fill("Une semaine dans un réseau local")
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Poste").fill("Chargée de mission")
    choose_metier(page, "Métiers", "Chargé·e de missions locales")
    page.get_by_label(re.compile(r"^Date( \(optionnel\))?$")).first.fill("2024-03-15")  # then the source's date
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.type("Inès raconte ses journées.")
    publish(page)
    text = wait_for(project / "fiches" / "temoignages" / f"{slugify('Une semaine dans un réseau local')}.md")
    assert "metiers:\n  - charge-de-missions-locales\n" in text
    assert "date: 2024-03-15\n" in text

    page.goto(f"{url}#/collections/offres/new")
    page.get_by_label("Intitulé").fill("Chargé de mission mobilité")
    page.get_by_label("Nom", exact=True).fill("Communauté de communes du Causse")
    page.get_by_label("Commune").fill("Gramat")
    page.get_by_label("Département").fill("46")
    choose_metier(page, "Métiers", "Chargé·e de missions locales")
    page.get_by_label("Contrat").click()
    page.get_by_text("CDD", exact=True).click()  # the option shows the site's words, the file keeps the code
    page.get_by_label("Publiée le", exact=True).fill("2024-05-02")
    page.get_by_label("Date limite de candidature", exact=True).fill("2024-06-30")
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.type("La communauté de communes recrute.")
    publish(page)
    text = wait_for(project / "fiches" / "offres" / f"{slugify('Chargé de mission mobilité')}.md")
    assert 'departement: "46"\n' in text and "contrat: cdd\n" in text and "date_limite: 2024-06-30\n" in text
    assert errors == []
    result = fiches_check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page.close()
