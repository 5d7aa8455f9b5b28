"""Build the site for real and read the HTML it wrote."""

from __future__ import annotations

import re
from html import unescape
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT, copy_project, mkdocs_build
from fiches_engine.corpus import load_corpus

METIERS = ["charge-de-mission", "charge-de-mission-services-sociaux", "charge-de-missions-locales",
           "chef-de-projet-charge-de-mission"]
OFFRE = "offres/la-tresse-coordination-communication/index.html"  # closed on the corpus's day
OFFRE_OUVERTE = "offres/coordination-reseau-local/index.html"  # open on the corpus's day


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def text(site: Path, page: str) -> str:
    """The page's text, tags removed and spaces collapsed, to look for facts."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html(site, page)))


def epoch(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp()))


def test_every_page_is_built(built_site: Path) -> None:
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    docs = {(p.parent / ("index.html" if p.stem == "index" else f"{p.stem}/index.html")).relative_to(ROOT / "docs")
            .as_posix() for p in (ROOT / "docs").rglob("*.md")}
    expected = {*docs, "metiers/index.html", "temoignages/index.html", "offres/index.html",
                *(f"metiers/{m}/index.html" for m in METIERS),
                "temoignages/aude-adb-solidatech/index.html", "temoignages/carolina-artotheque-troyes/index.html",
                OFFRE, OFFRE_OUVERTE, "contribuer/a-revoir/index.html",
                # the pages that help choose (their contents are built in the reader's browser)
                "ce-qui-attire/index.html", "comparer/index.html", "ma-selection/index.html",
                "reperes-salaires/index.html", "hors-ligne/index.html"}
    assert expected <= pages
    # the rest are the taxonomy pages
    rest = {p.split("/")[0] for p in pages - expected}
    assert rest == {"competences", "qualites", "secteurs", "centres-interet", "formations"}, pages - expected


def test_site_is_french(built_site: Path) -> None:
    for page in ["index.html", f"metiers/{METIERS[0]}/index.html", OFFRE]:
        assert '<html lang="fr"' in html(built_site, page)
    assert "Rechercher" in html(built_site, "index.html")


def test_fiche_body_is_rendered_as_html(built_site: Path) -> None:
    page = html(built_site, "metiers/charge-de-missions-locales/index.html")
    assert '<h2 id="en-quoi-consiste-le-metier">En quoi consiste le métier</h2>' in page
    assert "&lt;h2" not in page and "&lt;p&gt;" not in page
    assert '<p class="fiche-termes" hidden>' in page


def test_salary_in_french_format(built_site: Path) -> None:
    page = text(built_site, "metiers/charge-de-missions-locales/index.html")
    assert "Salaire 2 917 € brut mensuel (salaire moyen, source : Devenir Chargé·e de missions locales" in page
    assert ", 2022)" in page
    assert "Bac +3" in page


def test_seed_facts_on_their_pages(built_site: Path) -> None:
    aude = text(built_site, "temoignages/aude-adb-solidatech/index.html")
    assert "Aude, 26 ans" in aude and "ADB Solidatech (Les Ateliers du Bocage)" in aude
    assert "7 décembre 2015" in aude
    carolina = text(built_site, "temoignages/carolina-artotheque-troyes/index.html")
    assert "Carolina, 30 ans" in carolina and "Mémoires du futur" in carolina and "Troyes" in carolina
    offre = text(built_site, OFFRE)
    for fact in ["La Tresse", "Lalbenque (46)", "Prestation", "du 1er mars 2024 au 30 juin 2024",
                 "6 500 € forfait", "29 février 2024", "1 000 €"]:
        assert fact in offre, fact
    for slug in METIERS:
        assert "Sources" in text(built_site, f"metiers/{slug}/index.html")


def test_offer_past_its_deadline_is_closed(built_site: Path) -> None:
    assert "Offre clôturée" in text(built_site, OFFRE)
    assert "Offre ouverte" in text(built_site, OFFRE_OUVERTE)
    index = html(built_site, "offres/index.html")
    archive = index.index('id="archive"')
    assert index.index("la-tresse-coordination-communication/") > archive
    assert index.index("coordination-reseau-local/") < archive
    assert "Aucune offre ouverte" not in index
    # the métier page lists it, folded, among its closed offers, linking to its archived page
    metier = html(built_site, "metiers/charge-de-mission/index.html")
    assert re.search(r'<summary>1 offre clôturée</summary>\s*<ul><li><a href="\.\./\.\./offres/'
                     r'la-tresse-coordination-communication/">', metier)


def test_testimonials_link_to_their_metier_and_back(built_site: Path) -> None:
    link = 'href="../../metiers/charge-de-mission/"'
    for slug in ["aude-adb-solidatech", "carolina-artotheque-troyes"]:
        assert link in html(built_site, f"temoignages/{slug}/index.html")
        assert f'href="../../temoignages/{slug}/"' in html(built_site, "metiers/charge-de-mission/index.html")


def test_navigation_lists_sections_not_fiches(built_site: Path) -> None:
    page = html(built_site, "metiers/charge-de-mission/index.html")
    start = page.index('<nav class="md-nav md-nav--primary')
    nav = page[start:page.index('<div class="md-content"', start)]
    assert "charge-de-missions-locales" not in nav
    for section in ["Métiers", "Témoignages", "Offres"]:
        assert section in nav


def test_edit_button_opens_the_fiche_source(built_site: Path) -> None:
    page = html(built_site, "metiers/charge-de-missions-locales/index.html")
    assert 'href="https://github.com/fiches-metiers/fiches/edit/main/fiches/metiers/charge-de-missions-locales.md"' \
        in page


def test_no_request_to_another_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        content = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in content and "fonts.gstatic" not in content
        # what the browser fetches by itself: scripts, styles, images, fonts
        fetched = re.findall(r'<(?:script|img)[^>]+src="([^"]+)"', content) + re.findall(
            r'<link rel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]+href="([^"]+)"', content)
        assert any(u.endswith(".css") for u in fetched)
        for url in fetched:
            assert not re.match(r"(https?:)?//", url) or url.startswith("https://github.com/"), (page, url)
        assert 'data-md-component="source"' not in content  # would call api.github.com


def test_fiche_page_weight_does_not_grow_with_the_corpus(built_site: Path) -> None:
    sizes = [len(html(built_site, f"metiers/{slug}/index.html").encode()) for slug in METIERS]
    assert max(sizes) < 30_000


@pytest.mark.parametrize("day, state", [("2024-02-20T12:00:00", "Offre ouverte"),
                                        ("2024-02-29T23:59:00", "Offre ouverte"),
                                        ("2024-03-01T00:00:00", "Offre clôturée")])
def test_build_date_comes_from_source_date_epoch(tmp_path: Path, fixture_project: Path, day: str, state: str,
                                                ) -> None:
    result = mkdocs_build(fixture_project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": epoch(day)})
    assert result.returncode == 0, result.stderr
    assert state in text(tmp_path / "site", OFFRE)
    if state == "Offre ouverte":
        index = html(tmp_path / "site", "offres/index.html")
        assert index.index("la-tresse-coordination-communication/") < index.index('id="archive"')
        assert "la-tresse-coordination-communication/" in html(tmp_path / "site", "metiers/charge-de-mission/index.html")


def _bad_project(tmp_path: Path, name: str, front_matter: str) -> Path:
    project = copy_project(tmp_path / "project")
    (project / "fiches" / "metiers" / name).write_text(front_matter, encoding="utf-8")
    return project


@pytest.mark.parametrize("strict", [True, False])
def test_content_error_stops_the_build_and_keeps_the_old_site(tmp_path: Path, strict: bool) -> None:
    project = _bad_project(tmp_path, "nouveau.md", "---\ntitre: Nouveau\nresume: trop court\n---\nTexte.\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien site", encoding="utf-8")
    result = mkdocs_build(project, site, *(["--strict"] if strict else []))
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in out
    assert "erreur(s) dans les fiches, le site n'est pas construit" in out
    assert "fiches/metiers/nouveau.md:3: resume : attendu une phrase de 20 à 300 caractères, trouvé 10 caractères." in out
    assert "fiches/metiers/nouveau.md:2: secteurs : clé obligatoire absente." in out
    assert (site / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_invalid_yaml_is_an_error_not_body_text(tmp_path: Path) -> None:
    project = _bad_project(tmp_path, "casse.md", "---\ntitre: \"Sans fin\nresume: x\n---\nTexte.\n")
    result = mkdocs_build(project, tmp_path / "site", "--strict")
    assert result.returncode == 1
    assert "fiches/metiers/casse.md:2: en-tête YAML illisible" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("docs_page", ["metiers/charge-de-mission.md", "metiers/index.md"])
def test_a_docs_page_cannot_take_a_generated_url(tmp_path: Path, docs_page: str) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / docs_page).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / docs_page).write_text("# Doublon\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    assert f"docs/{docs_page} donneraient la même page" in out


def test_two_docs_sources_for_one_url_are_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    (project / "docs" / "guide").mkdir()
    (project / "docs" / "guide" / "index.md").write_text("# Autre guide\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    assert "guide.md et guide/index.md donneraient la même page /guide/" in out or \
        "guide/index.md et guide.md donneraient la même page /guide/" in out


def test_front_matter_values_are_escaped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    path = project / "fiches" / "metiers" / "charge-de-mission.md"
    source = path.read_text(encoding="utf-8")
    source = source.replace("titre: Chargé·e de mission\n", f"titre: '{hostile}'\n", 1)
    source = re.sub(r"^resume: .*$", f"resume: '{hostile} résumé assez long'", source, count=1, flags=re.M)
    path.write_text(source, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, "--strict")
    assert result.returncode == 0, result.stderr
    for page in site.rglob("*.html"):
        content = page.read_text(encoding="utf-8")
        assert "<script>alert" not in content and "<img src=x" not in content, page
    page = html(site, "metiers/charge-de-mission/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The search index holds the page's text, as data; that search results show it as text and
    # never run it is checked in a browser (test_hostile.py).


def test_contributor_guide_shows_every_key_and_real_messages(built_site: Path) -> None:
    from fiches_engine.guide import EXAMPLES
    from fiches_engine.schema_check import resolve, schema

    page = html(built_site, "contribuer/index.html")
    for kind in ("metier", "temoignage", "offre"):
        for key, prop in schema(kind)["properties"].items():
            assert f"<code>{key}</code>" in page, (kind, key)
            for sub in resolve(prop).get("properties", {}):
                assert f"<code>{key}.{sub}</code>" in page, (kind, key, sub)
    for title, _, _ in EXAMPLES:
        assert title in page
    assert "fiches/metiers/exemple.md:6: qualite : clé inconnue « qualite »" in page
    assert "<!-- cles" not in page and "<!-- erreurs" not in page


def test_metier_links_to_every_value_page_and_back(built_site: Path) -> None:
    page = html(built_site, "metiers/charge-de-missions-locales/index.html")
    for taxonomy, slug in [("competences", "gestion-de-projet"), ("competences", "diagnostic-de-territoire"),
                           ("qualites", "travail-en-equipe"), ("secteurs", "developpement-local"),
                           ("formations", "bac-3")]:
        assert f'href="../../{taxonomy}/{slug}/"' in page, (taxonomy, slug)
        value_page = html(built_site, f"{taxonomy}/{slug}/index.html")
        assert 'href="../../metiers/charge-de-missions-locales/"' in value_page


def test_taxonomy_pages_list_their_metiers_with_counts(built_site: Path) -> None:
    value = text(built_site, "competences/gestion-de-projet/index.html")
    assert "4 métiers où l'on retrouve compétence « gestion de projet »" in value
    index = text(built_site, "competences/index.html")
    assert "gestion de projet (4)" in index and "diagnostic de territoire (2)" in index
    assert "Bac +3 (2)" in text(built_site, "formations/index.html")
    secteur = html(built_site, "secteurs/action-sociale/index.html")
    assert secteur.count('class="fiche-carte-liste"') == 2


def test_synonyms_merge_values_into_one_page(built_site: Path) -> None:
    # fiches/synonymes.yml files "sens du contact" under "sens relationnel"
    assert not (built_site / "qualites" / "sens-du-contact").exists()
    assert (built_site / "qualites" / "sens-relationnel" / "index.html").exists()


def test_related_metiers_show_curated_first_with_a_reason(built_site: Path) -> None:
    page = text(built_site, "metiers/charge-de-mission-services-sociaux/index.html")
    section = page[page.index("Métiers proches"):]
    assert section.index("Chargé·e de mission (choisi par la rédaction") < section.index(
        "Chef·fe de projet / chargé·e de mission (5 compétences en commun :")


def test_metier_shows_its_testimonials_with_their_quote(built_site: Path) -> None:
    page = html(built_site, "metiers/charge-de-mission/index.html")
    assert page.count('<blockquote>') >= 2
    assert "Aude, 26 ans, ADB Solidatech" in page


def test_home_page_shows_figures_offers_and_metiers(built_site: Path) -> None:
    home = text(built_site, "index.html")
    assert "4 métiers" in home and "2 témoignages" in home and "1 offre ouverte" in home
    assert "Aucune offre ouverte en ce moment" not in home
    assert "Chargé·e de mission réseau local à Figeac" in home  # the open offer
    assert "Chargé·e de mission coordination et communication pour La Tresse" not in home  # not the closed one
    assert html(built_site, "index.html").count('class="fiche-carte-liste"') == 4


def test_explorer_data_matches_the_list(built_site: Path) -> None:
    import json

    data = json.loads((built_site / "metiers" / "explorateur.json").read_text(encoding="utf-8"))
    titles = re.findall(r'<li class="fiche-carte-liste"[^>]*>\s*<h2><a href="[^"]+">([^<]+)</a>',
                        html(built_site, "metiers/index.html"))
    assert len(titles) == len(data["metiers"]) == 4
    assert [m["t"] for m in data["metiers"]] == [unescape(t) for t in titles]
    by_title = {m["t"]: m for m in data["metiers"]}
    locales = by_title["Chargé·e de missions locales"]
    assert "chargé·e de développement local" in locales["a"]
    assert locales["m"] == 2917 and locales["p"].endswith("2 917 €")
    assert ["action-sociale", "action sociale"] in data["facettes"]["secteurs"]
    # a compétence is in the shard of each of its words (not of "de"), with its number of métiers and
    # the bucket that gives their positions in the list
    def shard(name: str):
        return json.loads((built_site / "metiers" / "explorateur" / f"{name}.json").read_text(encoding="utf-8"))

    entry = next(e for e in shard("ges") if e[0] == "gestion de projet")
    assert entry in shard("pro")
    assert not (built_site / "metiers" / "explorateur" / "de.json").exists()
    holders = {m.slug for m in load_corpus(FIXTURE_CONTENT)[0].metiers.values() if "gestion de projet" in m.competences}
    assert entry[1] == len(holders) and len(entry) == 3  # its slug is its label's
    assert {data["metiers"][i]["u"] for i in shard(f"metiers-{entry[2]}")["gestion-de-projet"]} == holders


def _old_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien site", encoding="utf-8")
    return site


def _assert_old_site_kept(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_strict_warning_publishes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "index.md").write_text("# Accueil\n\n[lien cassé](nulle-part.md)\n", encoding="utf-8")
    site = _old_site(tmp_path)
    result = mkdocs_build(project, site, "--strict")
    assert result.returncode == 1 and "nulle-part.md" in result.stdout + result.stderr
    _assert_old_site_kept(site)


def test_a_failure_while_writing_pages_publishes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    template = project / "overrides" / "offre.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ f.titre }}", "{{ f.titre.x.y }}", 1),
                        encoding="utf-8")
    site = _old_site(tmp_path)
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    _assert_old_site_kept(site)


def test_a_successful_build_replaces_the_old_site(tmp_path: Path, fixture_project: Path) -> None:
    site = _old_site(tmp_path)
    result = mkdocs_build(fixture_project, site, "--strict")
    assert result.returncode == 0, result.stderr
    assert (site / "metiers" / "charge-de-mission" / "index.html").exists()
    assert (site / "index.html").read_text(encoding="utf-8") != "ancien site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
