"""A preview keys again only the pages whose facts changed (incremental.Rebuilds, site_pages.Facts):
after any edit, the pages it says to write must be those that keying every page from scratch
finds changed. (That a page's key covers all it shows is tests/test_incremental.py's: the preview's
site against a full build.)"""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest
from test_relations_incremental import edited, metier

from fiches_engine.corpus import Corpus, RelationsMemo
from fiches_engine.incremental import Rebuilds, page_key
from fiches_engine.model import Offre, Personne, Temoignage
from fiches_engine.site_pages import PlanMemo, plan
from fiches_engine.kinds import KIND_BY_FOLDER
from fiches_engine.taxonomy import TAXONOMY_BY_FOLDER, Synonyms

TODAY = date(2026, 12, 7)


def a_testimony(rng: random.Random, number: int, slugs: list[str]) -> Temoignage:
    return Temoignage(slug=f"t{number}", path=f"fiches/temoignages/t{number}.md", titre=f"Témoignage {number}",
                      body="", body_line=1, personne=Personne("Inès", "Chargée de mission"),
                      metiers=tuple(rng.sample(slugs, rng.randint(1, 2))))


def an_offer(rng: random.Random, number: int, slugs: list[str]) -> Offre:
    return Offre(slug=f"o{number}", path=f"fiches/offres/o{number}.md", titre=f"Offre {number}", body="",
                 body_line=1, metiers=tuple(rng.sample(slugs, rng.randint(1, 2))),
                 date_limite=TODAY.replace(day=rng.randint(1, 28)))


def corpus_of(metiers: dict, temoignages: dict, offres: dict, changed: dict) -> Corpus:
    fiches = [*metiers.values(), *temoignages.values(), *offres.values()]
    corpus = Corpus(metiers=dict(metiers), temoignages=dict(temoignages), offres=dict(offres),
                    synonyms=Synonyms({"qualites": {"ecoute": "sens de l'écoute"}}),
                    digests={f.path: repr(f) for f in fiches}, changed=dict(changed))
    return corpus


@pytest.mark.parametrize("seed", range(6))
def test_pages_keyed_again_are_those_whose_key_changed(seed: int) -> None:
    rng = random.Random(seed)
    slugs = [f"m{i:02d}" for i in range(30)]
    metiers = {s: metier(rng, s, slugs) for s in slugs}
    temoignages = {f"t{i}": a_testimony(rng, i, slugs) for i in range(6)}
    offres = {f"o{i}": an_offer(rng, i, slugs) for i in range(6)}
    changed: dict[str, date] = {}
    memo, relations, rebuilds = PlanMemo(), RelationsMemo(), Rebuilds()
    before: dict[str, int] = {}
    for step in range(30):
        if step:  # one edit an editor makes: a métier, a testimonial, an offer, a commit
            what = rng.choice(["metier", "metier", "metier", "temoignage", "offre", "commit", "nothing"])
            if what == "metier":
                slug = rng.choice(slugs)
                metiers[slug] = edited(rng, metiers[slug], slugs)
            elif what == "temoignage":
                key = rng.choice(list(temoignages))
                temoignages[key] = dataclasses.replace(temoignages[key], metiers=tuple(rng.sample(slugs, 2)))
            elif what == "offre":
                key = rng.choice(list(offres))
                offres[key] = dataclasses.replace(offres[key], date_limite=TODAY.replace(day=rng.randint(1, 28)))
            elif what == "commit":
                changed[rng.choice(list(metiers.values())).path] = TODAY.replace(day=step % 28 + 1)
        corpus = corpus_of(metiers, temoignages, offres, changed)
        corpus.relate(relations)
        site = plan(corpus, TODAY, memo=memo)
        to_write = rebuilds.pages_to_write("environnement", site.pages, site.facts)
        fresh = {spec.src_uri: page_key(spec, site.facts()) for spec in site.pages}
        # and the pages the preview kept are those a plan from nothing makes
        scratch = plan(corpus, TODAY)
        assert fresh == {spec.src_uri: page_key(spec, scratch.facts()) for spec in scratch.pages}, step
        if step == 0:
            assert to_write is None  # the first build writes everything
        else:
            assert to_write == {uri for uri, key in fresh.items() if before.get(uri) != key}, step
            assert len(to_write) < len(fresh)
        rebuilds.commit()
        before = fresh


def test_an_edited_resume_keys_again_only_the_pages_that_show_it() -> None:
    rng = random.Random(3)
    slugs = [f"m{i:02d}" for i in range(30)]
    metiers = {s: metier(rng, s, slugs) for s in slugs}
    memo, relations, rebuilds = PlanMemo(), RelationsMemo(), Rebuilds()
    for step in range(2):
        if step:
            metiers["m05"] = dataclasses.replace(metiers["m05"], resume="Un autre résumé.")
        corpus = corpus_of(metiers, {}, {}, {})
        corpus.relate(relations)
        site = plan(corpus, TODAY, memo=memo)
        to_write = rebuilds.pages_to_write("environnement", site.pages, site.facts)
        rebuilds.commit()
    values = {TAXONOMY_BY_FOLDER["competences"].src_uri(t.slug) for t in corpus.terms["competences"].values()
              if "m05" in t.metiers}
    assert to_write is not None and values and values <= to_write
    assert {KIND_BY_FOLDER["metiers"].src_uri("m05"), KIND_BY_FOLDER["metiers"].src_uri()} <= to_write
    # its related métiers show its title and the values they share, which a résumé does not change
    assert not {KIND_BY_FOLDER["metiers"].src_uri(r.slug) for r in corpus.related["m05"]} & to_write
