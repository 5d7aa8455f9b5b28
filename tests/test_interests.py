"""Centres d'intérêt: a page per value (synonyms respected), a filter of the explorer, a reason to
relate two métiers, and the questionnaire « Qu'est-ce qui vous attire ? » that ranks métiers by
the ones a reader ticks, in the browser."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import add_axe

from fiches_engine.corpus import Corpus
from fiches_engine.model import Metier
from fiches_engine.taxonomy import build_terms, load_synonyms
from fiches_engine.views import interests_index, reason

SHOWN = "#attire-metiers > li"


def metier(slug: str, titre: str, interets: tuple[str, ...], competences: tuple[str, ...] = ()) -> Metier:
    return Metier(slug=slug, path=f"fiches/metiers/{slug}.md", titre=titre, body="", body_line=1,
                  resume="Un résumé assez long pour un métier.", competences=competences, qualites=(f"q {slug}",),
                  secteurs=(f"s {slug}",), centres_interet=interets)


def test_synonyms_merge_centres_d_interet_under_the_fiches_key(tmp_path: Path) -> None:
    (tmp_path / "synonymes.yml").write_text("centres_interet:\n  aider les autres:\n    - aider autrui\n",
                                            encoding="utf-8")
    synonyms, errors = load_synonyms(tmp_path)
    assert errors == []
    metiers = {m.slug: m for m in [metier("a", "A", ("Aider autrui",)), metier("b", "B", ("aider les autres",))]}
    terms = build_terms(metiers, synonyms)["centres-interet"]
    assert list(terms) == ["aider-les-autres"] and terms["aider-les-autres"].metiers == ["a", "b"]
    assert terms["aider-les-autres"].label == "aider les autres"


def test_a_shared_centre_d_interet_is_a_reason_to_relate() -> None:
    corpus = Corpus(metiers={m.slug: m for m in [
        metier("a", "A", ("travailler dehors", "le sport"), ("veille",)),
        metier("b", "B", ("travailler dehors", "le sport"), ("veille",))]})
    corpus.relate()
    assert reason("a", corpus.related["a"][0], corpus) == (
        "même compétence : veille ; 2 centres d'intérêt en commun : travailler dehors, le sport")


def test_the_questionnaires_file_lists_values_once_and_metiers_by_place() -> None:
    corpus = Corpus(metiers={m.slug: m for m in [
        metier("b", "Bêcheur", ("Travailler dehors",)), metier("a", "Archiviste", ("écrire", "travailler dehors")),
        metier("c", "Comptable", ())]})
    corpus.relate()
    data = interests_index(corpus)
    # the label is the form written most often (a tie: the first in order)
    assert data["valeurs"] == [["ecrire", "écrire"], ["travailler-dehors", "Travailler dehors"]]
    # in the order of the lists (by title), without the métiers that say nothing of it
    assert data["metiers"] == [["a", "Archiviste", [0, 1]], ["b", "Bêcheur", [1]]]


def test_built_pages_link_the_values(built_site: Path) -> None:
    metier_page = (built_site / "metiers" / "charge-de-mission" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../centres-interet/piloter-des-projets-varies/"' in metier_page
    value = (built_site / "centres-interet" / "lutter-contre-les-inegalites" / "index.html").read_text(encoding="utf-8")
    assert "Chargé·e de mission dans les services sociaux" in value and "Chargé·e de missions locales" not in value
    index = (built_site / "centres-interet" / "index.html").read_text(encoding="utf-8")
    assert "piloter des projets variés</a> <span class=\"fiche-detail\">(4)" in index
    page = (built_site / "ce-qui-attire" / "index.html").read_text(encoding="utf-8")
    assert page.count('name="choix"') == 5 and 'value="faire-vivre-un-territoire"' in page
    data = json.loads((built_site / "ce-qui-attire.json").read_text(encoding="utf-8"))
    assert len(data["valeurs"]) == 5 and len(data["metiers"]) == 4
    explorer = json.loads((built_site / "metiers" / "explorateur.json").read_text(encoding="utf-8"))
    assert [v[0] for v in explorer["facettes"]["centres-interet"]] == [v[0] for v in data["valeurs"]]


def test_the_questionnaire_ranks_metiers_and_keeps_the_choices_in_the_address(browser, site_url: str) -> None:
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url + "ce-qui-attire/")
    page.wait_for_selector("#attire:not([hidden])")
    assert not any(url.endswith(".json") for url in asked)  # nothing loaded before a choice
    assert page.locator("#attire-resultat").inner_text().startswith("Cochez au moins une case")
    page.get_by_label("lutter contre les inégalités").check()
    page.get_by_label("piloter des projets variés").check()
    page.wait_for_function("() => /4 métiers répondent/.test(document.getElementById('attire-resultat').textContent)")
    titles = page.locator(f"{SHOWN} h3").all_inner_texts()
    assert titles == ["Chargé·e de mission dans les services sociaux", "Chargé·e de mission",
                      "Chargé·e de missions locales", "Chef·fe de projet / chargé·e de mission"]
    reasons = page.locator(f"{SHOWN} .fiche-detail").all_inner_texts()
    assert reasons[0] == "Répond à vos 2 choix : lutter contre les inégalités, piloter des projets variés."
    assert reasons[1] == "Répond à 1 de vos 2 choix : piloter des projets variés."
    assert page.locator(SHOWN).first.locator("a").get_attribute("href").endswith("metiers/charge-de-mission-services-sociaux/")
    assert "choix=lutter-contre-les-inegalites%2Cpiloter-des-projets-varies" in page.url
    # the address rebuilds the same ranking, on a reload or sent to someone
    page.goto(site_url + "ce-qui-attire/?choix=faire-vivre-un-territoire")
    page.wait_for_function("() => /1 métier répond/.test(document.getElementById('attire-resultat').textContent)")
    assert page.locator(f"{SHOWN} h3").all_inner_texts() == ["Chargé·e de missions locales"]
    assert page.get_by_label("faire vivre un territoire").is_checked()
    page.locator("#attire button[type=reset]").click()
    page.wait_for_function("() => !location.search")
    assert page.locator("#attire-resultats").is_hidden()
    page.close()


def test_the_questionnaire_on_a_phone_and_for_everyone(browser, site_url: str, axe: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "ce-qui-attire/?choix=piloter-des-projets-varies")
    page.wait_for_function("() => /4 métiers/.test(document.getElementById('attire-resultat').textContent)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    add_axe(page, axe)
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")
    assert violations == []
    context.close()


def test_without_javascript_each_value_keeps_its_page(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "ce-qui-attire/")
    assert page.locator("#attire").is_hidden()
    assert page.get_by_role("link", name="faire vivre un territoire").get_attribute("href") == \
        "../centres-interet/faire-vivre-un-territoire/"
    context.close()


def test_the_explorer_filters_by_centre_d_interet(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "metiers/?interet=lutter-contre-les-inegalites")
    page.wait_for_selector("#explorateur-trouves:not([hidden])")
    assert page.locator(".fiche-cartes > li:visible h2").all_inner_texts() == [
        "Chargé·e de mission dans les services sociaux"]
    assert page.locator("#f-interet").input_value() == "lutter-contre-les-inegalites"
    page.close()
