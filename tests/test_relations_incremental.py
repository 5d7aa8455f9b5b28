"""A preview relates an edited corpus from the previous one (corpus.RelationsMemo): after any edit,
the terms and related métiers must be those of relating everything from scratch."""

from __future__ import annotations

import dataclasses
import random

import pytest

from fiches_engine import relations
from fiches_engine.corpus import Corpus, RelationsMemo
from fiches_engine.model import Formation, Metier
from fiches_engine.taxonomy import Synonyms

COMPETENCES = [f"compétence {i}" for i in range(40)]
QUALITES = ["rigueur", "Rigueur", "autonomie", "patience", "curiosité", "écoute"]
SECTEURS = ["culture", "santé", "sport", "social"]
NIVEAUX = [None, "cap", "bac", "bac+2", "bac+5"]


def metier(rng: random.Random, slug: str, slugs: list[str]) -> Metier:
    return Metier(slug=slug, path=f"fiches/metiers/{slug}.md", titre=f"Métier {slug}", body="", body_line=1,
                  resume="Un résumé.", competences=tuple(rng.sample(COMPETENCES, rng.randint(1, 6))),
                  qualites=tuple(dict.fromkeys(rng.sample(QUALITES, rng.randint(0, 3)))),
                  secteurs=tuple(rng.sample(SECTEURS, rng.randint(1, 2))),
                  formation=Formation(n) if (n := rng.choice(NIVEAUX)) else None,
                  metiers_proches=tuple(s for s in rng.sample(slugs, rng.randint(0, 2)) if s != slug))


def edited(rng: random.Random, m: Metier, slugs: list[str]) -> Metier:
    """One edit an editor makes: a value added, removed or rewritten, a métier proche, a résumé."""
    what = rng.choice(["add", "remove", "rewrite", "proches", "resume", "niveau"])
    if what == "add":
        return dataclasses.replace(m, competences=tuple(dict.fromkeys(m.competences + (rng.choice(COMPETENCES),))))
    if what == "remove" and len(m.competences) > 1:
        return dataclasses.replace(m, competences=m.competences[1:])
    if what == "rewrite" and m.qualites:
        return dataclasses.replace(m, qualites=(m.qualites[0].upper(),) + m.qualites[1:])
    if what == "proches":
        return dataclasses.replace(m, metiers_proches=tuple(s for s in rng.sample(slugs, 2) if s != m.slug))
    if what == "niveau":
        return dataclasses.replace(m, formation=Formation(n) if (n := rng.choice(NIVEAUX)) else None)
    return dataclasses.replace(m, resume=m.resume + " Encore.")


def woven(corpus: Corpus) -> tuple:
    terms = {f: [(t.slug, t.label, list(t.metiers)) for t in ts.values()] for f, ts in corpus.terms.items()}
    return corpus.keys, list(corpus.keys), terms, dict(corpus.related)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("common", [3, 50])  # 3: values cross the line of the too common often
def test_incremental_relating_is_relating_from_scratch(seed: int, common: int, monkeypatch) -> None:
    monkeypatch.setattr(relations, "COMMON", common)
    rng = random.Random(seed)
    slugs = [f"m{i:02d}" for i in range(30)]
    metiers = {s: metier(rng, s, slugs) for s in slugs}
    synonyms = Synonyms({"qualites": {"ecoute": "sens de l'écoute"}})
    memo = RelationsMemo()
    Corpus(metiers=dict(metiers), synonyms=synonyms).relate(memo)
    for _ in range(40):
        for slug in rng.sample(slugs, rng.choice([1, 1, 1, 2, 3])):
            metiers[slug] = edited(rng, metiers[slug], slugs)
        preview = Corpus(metiers=dict(metiers), synonyms=synonyms)
        preview.relate(memo)
        scratch = Corpus(metiers=dict(metiers), synonyms=synonyms)
        scratch.relate()
        assert woven(preview) == woven(scratch)


def test_an_edit_leaves_untouched_terms_as_they_were() -> None:
    rng = random.Random(1)
    slugs = [f"m{i:02d}" for i in range(30)]
    metiers = {s: metier(rng, s, slugs) for s in slugs}
    memo = RelationsMemo()
    first = Corpus(metiers=dict(metiers))
    first.relate(memo)
    metiers["m03"] = dataclasses.replace(metiers["m03"], competences=metiers["m03"].competences + ("herbier",))
    second = Corpus(metiers=dict(metiers))
    second.relate(memo)
    assert second.terms["competences"]["herbier"].metiers == ["m03"]
    untouched = [slug for slug in first.terms["secteurs"]]
    assert all(second.terms["secteurs"][s] is first.terms["secteurs"][s] for s in untouched)


def test_a_new_or_renamed_metier_relates_everything_again() -> None:
    rng = random.Random(2)
    slugs = [f"m{i:02d}" for i in range(20)]
    metiers = {s: metier(rng, s, slugs) for s in slugs}
    memo = RelationsMemo()
    Corpus(metiers=dict(metiers)).relate(memo)
    metiers["m05"] = dataclasses.replace(metiers["m05"], titre="Zèbre")
    metiers["nouveau"] = metier(rng, "nouveau", slugs)
    preview, scratch = Corpus(metiers=dict(metiers)), Corpus(metiers=dict(metiers))
    preview.relate(memo)
    scratch.relate()
    assert woven(preview) == woven(scratch)
    assert list(preview.keys)[-1] == "m05"  # « Zèbre » comes last
