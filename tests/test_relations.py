"""Related métiers, taxonomies, synonyms and the page plan, without MkDocs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT

from fiches_engine import relations
from fiches_engine.corpus import Corpus, load_corpus
from fiches_engine.model import Formation, Metier
from fiches_engine.relations import related_metiers
from fiches_engine.site_pages import CARDS_PER_PAGE, VALUES_PER_PAGE, plan
from fiches_engine.taxonomy import Synonyms, build_terms, load_synonyms
from fiches_engine.views import reason


def metier(slug: str, titre: str | None = None, competences=(), qualites=None, secteurs=None,
           niveau: str | None = None, proches=()) -> Metier:
    """A métier whose qualités and secteurs, unless given, are its own (shared with nobody)."""
    qualites = qualites if qualites is not None else (f"qualité de {slug}",)
    secteurs = secteurs if secteurs is not None else (f"secteur de {slug}",)
    return Metier(slug=slug, path=f"fiches/metiers/{slug}.md", titre=titre or slug.capitalize(), body="",
                  body_line=1, resume="Un résumé assez long pour un métier.", competences=tuple(competences),
                  qualites=tuple(qualites), secteurs=tuple(secteurs),
                  formation=Formation(niveau) if niveau else None, metiers_proches=tuple(proches))


def rel(metiers: list[Metier], synonyms: Synonyms | None = None):
    by_slug = {m.slug: m for m in metiers}
    return related_metiers(by_slug, synonyms or Synonyms())


def test_weights_and_threshold() -> None:
    # a and b share one compétence (3) and one secteur (2): 5 >= 4; a and c share one qualité (1) only
    result = rel([metier("a", competences=["veille"], secteurs=["culture"], qualites=["rigueur"]),
                  metier("b", competences=["veille"], secteurs=["culture"], qualites=["calme"]),
                  metier("c", competences=["autre"], secteurs=["sport"], qualites=["rigueur"])])
    assert [(r.slug, r.score) for r in result["a"]] == [("b", 5)]
    assert result["c"] == []
    assert relations.WEIGHTS == {"competences": 3, "secteurs": 2, "qualites": 1, "centres-interet": 1, "formations": 1}
    assert relations.THRESHOLD == 4


def test_formation_level_counts_but_does_not_bring_candidates_alone() -> None:
    result = rel([metier("a", competences=["veille"], qualites=["x"], secteurs=["y"], niveau="bac+3"),
                  metier("b", competences=["veille"], qualites=["z"], secteurs=["w"], niveau="bac+3")])
    assert result["a"][0].score == 3 + 1
    assert result.shared("a", "b") == (("competences", ("veille",)), ("formations", ("bac+3",)))


def test_order_by_score_then_title() -> None:
    common = dict(competences=["veille", "budget"], secteurs=["culture"])
    result = rel([metier("a", **common),
                  metier("z-high", titre="Zèbre", competences=["veille", "budget"], secteurs=["culture"]),
                  metier("m2", titre="Beta", competences=["veille"], secteurs=["culture"]),
                  metier("m1", titre="alpha", competences=["veille"], secteurs=["culture"])])
    assert [r.slug for r in result["a"]] == ["z-high", "m1", "m2"]


def test_curated_first_even_below_threshold_and_limit() -> None:
    others = [metier(f"o{i}", titre=f"O{i}", competences=["veille", "budget"]) for i in range(10)]
    result = rel([metier("a", competences=["veille", "budget"], proches=["loin"]),
                  metier("loin", competences=["rien"], secteurs=["autre"], qualites=["aucune"]), *others])
    assert result["a"][0].slug == "loin" and result["a"][0].curated
    assert len(result["a"]) == relations.LIMIT
    assert all(not r.curated for r in result["a"][1:])


def test_values_are_grouped_by_case_spaces_and_accents() -> None:
    result = rel([metier("a", competences=["Travail en équipe"], secteurs=["Action sociale"]),
                  metier("b", competences=["travail  en equipe "], secteurs=["action sociale"])])
    assert result["a"][0].score == 5
    terms = build_terms({m.slug: m for m in [metier("a", competences=["Travail en équipe"]),
                                             metier("b", competences=["travail en équipe"]),
                                             metier("c", competences=["travail en équipe"])]}, Synonyms())
    term = terms["competences"]["travail-en-equipe"]
    assert term.label == "travail en équipe"  # the form written most often
    assert term.metiers == ["a", "b", "c"]


def test_synonyms_merge_values(tmp_path: Path) -> None:
    (tmp_path / "synonymes.yml").write_text(
        "qualites:\n  travail en équipe:\n    - esprit d'équipe\n    - Esprit d’équipe\n", encoding="utf-8")
    synonyms, errors = load_synonyms(tmp_path)
    assert errors == []
    metiers = {m.slug: m for m in [metier("a", qualites=["esprit d'équipe"]),
                                   metier("b", qualites=["Travail en équipe"])]}
    terms = build_terms(metiers, synonyms)
    assert list(terms["qualites"]) == ["travail-en-equipe"]
    assert terms["qualites"]["travail-en-equipe"].label == "travail en équipe"
    assert terms["qualites"]["travail-en-equipe"].metiers == ["a", "b"]


@pytest.mark.parametrize("text, message", [
    ("qualites:\n  calme: sérénité\n", "synonymes.yml:2: qualites.calme : attendu une liste de synonymes, "
                                       "trouvé le texte « sérénité »."),
    ("qualite:\n  calme: [sérénité]\n", "synonymes.yml:1: qualite : clé inconnue « qualite »"),
    ("qualites:\n  calme: [zen]\n  sérénité: [zen]\n",
     "synonymes.yml:3: qualites.sérénité[1] : « zen » est déjà rangé sous « calme »."),
])
def test_synonyms_file_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "synonymes.yml").write_text(text, encoding="utf-8")
    _, errors = load_synonyms(tmp_path)
    assert any(str(e).startswith(f"{tmp_path.name}/{message}") for e in errors), [str(e) for e in errors]


def test_very_common_values_do_not_make_it_quadratic() -> None:
    # every métier has "communication": it adds to scores but brings no candidate by itself
    assert relations.COMMON < 200
    metiers = [metier(f"m{i}", competences=["communication", f"rare{i // 2}"], secteurs=[f"s{i // 2}"])
               for i in range(200)]
    result = rel(metiers)
    assert [r.slug for r in result["m0"]] == ["m1"]
    assert result["m0"][0].score == 3 + 3 + 2  # rare value, secteur, and the common value added


def test_reason_is_written_for_readers() -> None:
    corpus = Corpus(metiers={m.slug: m for m in [
        metier("a", competences=["veille", "budget", "réseau"], secteurs=["culture"], niveau="bac+3"),
        metier("b", competences=["veille", "budget", "réseau"], secteurs=["culture"], niveau="bac+3")]})
    corpus.relate()
    assert reason("a", corpus.related["a"][0], corpus) == (
        "3 compétences en commun : veille, budget, réseau ; même secteur : culture ; "
        "même niveau de formation : Bac +3")


def test_a_value_shared_by_many_is_paginated() -> None:
    metiers = [metier(f"m{i:03d}", competences=["gestion de projet"]) for i in range(2 * CARDS_PER_PAGE + 10)]
    corpus = Corpus(metiers={m.slug: m for m in metiers})
    corpus.relate()
    pages = [p for p in plan(corpus, date(2026, 1, 1)).pages if p.src_uri.startswith("competences/gestion-de-projet/")]
    assert len(pages) >= 3
    assert [p.src_uri for p in pages] == ["competences/gestion-de-projet/index.md"] + [
        f"competences/gestion-de-projet/page/{n}.md" for n in range(2, len(pages) + 1)]
    views = [p.context()["valeur"] for p in pages]
    # every métier once, in order, at most CARDS_PER_PAGE a page
    assert [m["titre"] for v in views for m in v["metiers"]] == [m.titre for m in metiers]
    assert all(len(v["metiers"]) <= CARDS_PER_PAGE for v in views)
    assert views[-1]["pagination"]["precedente"] == f"competences/gestion-de-projet/page/{len(pages) - 1}/"
    assert views[-1]["pagination"]["suivante"] is None


def _pages(specs, prefix: str):
    return [p for p in specs if p.src_uri == prefix + "index.md" or p.src_uri.startswith(prefix + "page/")]


def test_the_list_of_metiers_is_cut_into_pages_in_dictionary_order_with_a_letter_bar() -> None:
    titles = [f"Zoologiste {i:03d}" for i in range(CARDS_PER_PAGE + 5)] + ["Éducateur", "Douanier", "Fleuriste"]
    metiers = [metier(f"m{i:03d}", titre=t) for i, t in enumerate(titles)]
    corpus = Corpus(metiers={m.slug: m for m in metiers})
    corpus.relate()
    pages = _pages(plan(corpus, date(2026, 1, 1)).pages, "metiers/")
    assert [p.src_uri for p in pages] == ["metiers/index.md", "metiers/page/2.md"]
    assert [p.in_nav for p in pages] == [True, False]
    assert str(pages[1].title) == "Métiers (page 2)"
    first, second = (p.context()["liste"] for p in pages)
    # accents aside: Éducateur between Douanier and Fleuriste, not after Zoologiste
    assert [m["titre"] for m in first["metiers"][:4]] == ["Douanier", "Éducateur", "Fleuriste", "Zoologiste 000"]
    assert len(first["metiers"]) + len(second["metiers"]) == len(titles)
    assert CARDS_PER_PAGE // 2 <= len(first["metiers"]) <= CARDS_PER_PAGE
    assert first["lettres"] == [{"lettre": "D", "url": "metiers/#lettre-d"}, {"lettre": "E", "url": "metiers/#lettre-e"},
                                {"lettre": "F", "url": "metiers/#lettre-f"}, {"lettre": "Z", "url": "metiers/#lettre-z"}]
    assert [m["ancre"] for m in first["metiers"][:5]] == ["lettre-d", "lettre-e", "lettre-f", "lettre-z", None]
    assert all(m["ancre"] is None for m in second["metiers"])
    assert first["pagination"]["suivante"] == "metiers/page/2/" and second["pagination"]["precedente"] == "metiers/"
    # the count on the first page only: one métier added does not change every page of the list
    assert first["nombre"] == len(titles) and second["nombre"] is None


def test_offers_list_open_ones_first_and_says_where_the_archive_starts() -> None:
    from fiches_engine.model import Lieu, Offre, Structure

    def offre(i: int, deadline: date) -> Offre:
        return Offre(slug=f"o{i:03d}", path=f"fiches/offres/o{i:03d}.md", titre=f"Offre {i}", body="", body_line=1,
                     metiers=("a",), structure=Structure(nom="Asso"), lieu=Lieu(commune="Figeac"), contrat="cdd",
                     publiee=date(2025, 1, 1), date_limite=deadline)
    today = date(2026, 1, 1)
    offres = [offre(i, date(2026, 6, 1)) for i in range(CARDS_PER_PAGE + 3)] + [offre(900, date(2025, 6, 1))]
    corpus = Corpus(metiers={"a": metier("a")}, offres={o.slug: o for o in offres})
    corpus.relate()
    pages = _pages(plan(corpus, today).pages, "offres/")
    lists = [p.context()["liste"] for p in pages]
    assert len(lists) >= 2
    # the closed offer comes last, on the last page, where every page says the archive starts
    last = f"offres/page/{len(lists)}/#archive"
    assert all(v["archive"] == last for v in lists)
    assert [v["archive_ici"] for v in lists] == [False] * (len(lists) - 1) + [True]
    assert [o["titre"] for o in lists[-1]["closes"]] == ["Offre 900"]
    assert all(v["closes"] == [] for v in lists[:-1])
    assert sum(len(v["ouvertes"]) for v in lists) == CARDS_PER_PAGE + 3


def test_a_taxonomy_index_is_cut_into_pages_with_letters() -> None:
    metiers = [metier(f"m{i:04d}", competences=[f"{'ab'[i % 2]}-compétence {i:04d}"])
               for i in range(VALUES_PER_PAGE + 1)]
    corpus = Corpus(metiers={m.slug: m for m in metiers})
    corpus.relate()
    pages = _pages(plan(corpus, date(2026, 1, 1)).pages, "competences/")
    assert [p.src_uri for p in pages] == ["competences/index.md", "competences/page/2.md"]
    first, second = (p.context()["taxonomie"] for p in pages)
    groups = first["groupes"] + second["groupes"]
    assert sum(len(g["valeurs"]) for g in groups) == VALUES_PER_PAGE + 1
    assert [g["lettre"] for g in groups] in (["A", "B", "B"], ["A", "A", "B"])
    # the letter bar links each letter to the page and the group where it starts; the groups that
    # carry on from the previous page have no anchor
    b_page = "competences/" if first["groupes"][-1]["lettre"] == "B" else "competences/page/2/"
    assert first["lettres"] == second["lettres"] == [{"lettre": "A", "url": "competences/#lettre-a"},
                                                    {"lettre": "B", "url": f"{b_page}#lettre-b"}]
    assert [g["ancre"] for g in groups] == (["lettre-a", "lettre-b", None] if b_page == "competences/"
                                            else ["lettre-a", None, "lettre-b"])
    assert first["nombre"] == VALUES_PER_PAGE + 1 and second["nombre"] is None


def test_one_value_added_to_a_long_index_changes_the_page_it_lands_on_seldom_more() -> None:
    """Cut every n values, one added moved a value onto every following page: a preview wrote
    them all again (pagination.split)."""
    import random

    from fiches_engine.pagination import split

    rng = random.Random(7)
    values = sorted(f"{rng.choice('abcdefghij')}-valeur-{i:05d}" for i in range(5000))
    before = split(values, VALUES_PER_PAGE, str)
    assert all(VALUES_PER_PAGE // 2 <= len(p) <= VALUES_PER_PAGE for p in before[:-1])
    changed = []
    for n in range(200):
        added = f"{rng.choice('abcdefghij')}-ajout-{n}"
        after = split(sorted(values + [added]), VALUES_PER_PAGE, str)
        where = next(i for i, p in enumerate(after) if added in p)
        assert list(map(list, after[:where])) == list(map(list, before[:where]))  # the pages before: the same
        changed.append(sum(1 for i, p in enumerate(after) if i >= len(before) or list(p) != list(before[i])))
    assert sum(changed) / len(changed) <= 2.5, changed
    assert max(changed) <= 8, changed


@pytest.mark.parametrize(("number", "pages", "shown"), [
    (1, 2, [1, 2]),
    (1, 10, [1, 2, 3, None, 10]),
    (6, 10, [1, None, 4, 5, 6, 7, 8, None, 10]),
    (10, 10, [1, None, 8, 9, 10]),
    (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
])
def test_the_page_bar_shows_the_ends_and_two_pages_around(number: int, pages: int, shown: list) -> None:
    from fiches_engine.pagination import page_bar

    bar = page_bar("metiers/", number, pages)
    assert [link["numero"] for link in bar["liens"]] == shown
    assert [link["numero"] for link in bar["liens"] if link.get("courante")] == [number]
    assert page_bar("metiers/", 1, 1) is None


def test_corpus_relations() -> None:
    corpus, errors = load_corpus(FIXTURE_CONTENT)
    assert errors == []
    proches = [r.slug for r in corpus.related["charge-de-mission-services-sociaux"]]
    assert proches[0] == "charge-de-mission"  # curated first
    assert "chef-de-projet-charge-de-mission" in proches  # computed: 5 compétences in common
    assert corpus.terms["competences"]["gestion-de-projet"].metiers == [
        "charge-de-mission", "charge-de-mission-services-sociaux", "charge-de-missions-locales",
        "chef-de-projet-charge-de-mission"]


def test_curated_score_counts_common_values_with_their_weights() -> None:
    # 60 métiers share a secteur and a qualité: both are common (more than COMMON holders)
    assert relations.COMMON < 60
    metiers = [metier(f"m{i:02d}", competences=[f"rare{i}"], secteurs=["social"], qualites=["écoute"])
               for i in range(60)]
    metiers[0] = metier("m00", competences=["rare0"], secteurs=["social"], qualites=["écoute"], proches=["m07"])
    result = rel(metiers)
    assert result["m00"][0] == relations.Related("m07", True, 2 + 1)


def test_same_result_as_comparing_every_pair() -> None:
    """The inverted index finds what a brute-force comparison of all pairs finds (small candidate lists)."""
    import random

    rng = random.Random(7)
    metiers = [metier(f"m{i:03d}", titre=rng.choice(["Alpha", "Beta", "Gamma"]) + f" {i % 7}",
                      competences=rng.sample([f"c{k}" for k in range(120)], 2) + ["commun"],
                      secteurs=[rng.choice([f"s{k}" for k in range(60)])],
                      qualites=[rng.choice(["q1", "q2"])], niveau=rng.choice(["bac+3", "bac+5"]))
               for i in range(150)]
    result = rel(metiers)
    keys = {m.slug: {("competences", c) for c in m.competences} | {("secteurs", s) for s in m.secteurs}
            | {("qualites", q) for q in m.qualites} | {("formations", m.formation.niveau)} for m in metiers}
    holders = {k: sum(k in own for own in keys.values()) for own in keys.values() for k in own}
    title = {m.slug: (m.titre.lower(), m.slug) for m in metiers}
    for m in metiers:
        own = keys[m.slug]
        candidates = {o for o in keys if o != m.slug and any(holders[k] <= relations.COMMON for k in own & keys[o])}
        assert len(candidates) <= relations.SHORTLIST  # so that the shortlist keeps them all
        scores = {o: sum(relations.WEIGHTS[k[0]] for k in own & keys[o]) for o in candidates}
        expected = sorted((o for o in candidates if scores[o] >= relations.THRESHOLD),
                          key=lambda o: (-scores[o], title[o]))[:relations.LIMIT]
        assert [(r.slug, r.score) for r in result[m.slug]] == [(o, scores[o]) for o in expected]
