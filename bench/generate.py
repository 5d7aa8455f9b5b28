"""Generate a large, valid, realistic-looking content folder for benchmarks.

    python bench/generate.py DEST --metiers 5000 [--temoignages N] [--offres N] [--seed 1]

DEST gets a copy of the project (mkdocs.yml, docs/, hooks/, overrides/, admin/, a link to
node_modules/) and a
fiches/ folder of generated fiches, so ``mkdocs build -f DEST/mkdocs.yml`` works.
Never commit the output.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("projet territoire réseau public social culture numérique santé énergie insertion logement "
         "emploi jeunesse transport agriculture commerce industrie tourisme sport formation").split()
SECTEURS = [f"secteur {w}" for w in WORDS] + ["action sociale", "développement local", "économie sociale et solidaire"]
# Titles start as real ones do, with every letter of the alphabet (and accents), so that the lists'
# letter bars have something to show; picked by number, which leaves the random draws as they were.
TITLE_HEADS = ("Agent·e", "Assistant·e", "Chargé·e", "Conseiller·ère", "Directeur·rice", "Éducateur·rice",
               "Gestionnaire", "Ingénieur·e", "Juriste", "Médiateur·rice", "Opérateur·rice", "Responsable",
               "Technicien·ne", "Urbaniste", "Animateur·rice", "Bibliothécaire", "Coordinateur·rice",
               "Formateur·rice", "Inspecteur·rice", "Paysagiste", "Régisseur·se", "Vendeur·se")
COMPETENCES = [f"{a} {b}" for a in ("gestion de", "animation de", "conduite de", "analyse de", "suivi de")
               for b in ("projet", "réseau", "budget", "partenariats", "équipe", "données", "dispositifs", "publics")]
# A long tail, as in real content: a few skills everyone names, most named by a handful of métiers.
RARE = [f"{a} {w} {b}" for a in ("gestion", "animation", "conduite", "analyse", "suivi", "évaluation",
                                    "conception", "coordination") for w in WORDS
        for b in ("locale", "publique", "associative", "numérique", "territoriale", "européenne", "durable")]
QUALITES = ["rigueur", "autonomie", "sens relationnel", "travail en équipe", "polyvalence", "diplomatie",
            "persévérance", "curiosité", "sens de l'organisation", "esprit d'analyse", "créativité", "patience"]
NIVEAUX = ["cap", "bac", "bac+2", "bac+3", "bac+5", "bac+8"]
# Varied body text, as real fiches have: sentences drawn from a pool, so that a word is on many
# pages without being on every page several times (which no real corpus does).
SUBJECTS = ["Le ou la professionnelle", "Au quotidien, la personne en poste", "Dans une petite structure, on",
            "Avec l'expérience, on", "Selon l'employeur, le poste", "En équipe, on"]
VERBS = ["organise", "anime", "évalue", "prépare", "coordonne", "suit", "conçoit", "présente", "négocie", "rédige"]
OBJECTS = [f"{a} {w}" for a in ("les actions de", "le budget du", "les partenariats du", "le bilan du", "le calendrier du",
                                 "les réunions du", "les dossiers de") for w in WORDS]


RARE_WEIGHTS = [1 / (rank + 1) for rank in range(len(RARE))]


def sentences(rng: random.Random, count: int) -> str:
    return " ".join(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}." for _ in range(count))


def metier(rng: random.Random, i: int, slugs: list[str]) -> str:
    w1, w2 = rng.sample(WORDS, 2)
    proches = "".join(f"  - {s}\n" for s in rng.sample(slugs[:i] or slugs, min(2, len(slugs[:i] or slugs)))
                      if s != slugs[i])
    low = rng.randrange(1600, 4000, 50)
    items = lambda pool, k: "".join(f"  - {x}\n" for x in rng.sample(pool, k))  # noqa: E731
    return (
        "---\n"
        f"titre: {TITLE_HEADS[i % len(TITLE_HEADS)]} de {w1} et de {w2} n°{i}\n"
        f"resume: Conduit des projets de {w1} et de {w2} pour une structure publique ou associative.\n"
        f"secteurs:\n{items(SECTEURS, 2)}"
        f"competences:\n{items(COMPETENCES, 2)}"
        + "".join(f"  - {x}\n" for x in dict.fromkeys(rng.choices(RARE, weights=RARE_WEIGHTS, k=4)))
        + f"qualites:\n{items(QUALITES, 4)}"
        f"appellations:\n  - chargé·e de {w1}\n"
        f"formation:\n  niveau: {rng.choice(NIVEAUX)}\n  domaines:\n    - {w1}\n"
        f"salaire:\n  brut_mensuel: {{min: {low}, max: {low + rng.randrange(0, 1200, 50)}}}\n"
        "  base: fourchette\n  annee: 2025\n"
        f"employeurs:\n  - collectivités territoriales\n  - associations\n"
        f"codes:\n  rome: [K{1000 + i % 9000:04d}]\n"
        + (f"metiers_proches:\n{proches}" if proches else "")
        + "sources:\n  - titre: Source générée\n    date: 2025-01-01\n"
        "---\n\n"
        f"## En quoi consiste le métier\n\n{sentences(rng, 5)}\n\n## Missions\n\n"
        + "".join(f"- mission {k} : {rng.choice(COMPETENCES)} ;\n" for k in range(6))
        + f"\n## Conditions de travail\n\n{sentences(rng, 4)}\n"
    )


def temoignage(rng: random.Random, i: int, slugs: list[str]) -> str:
    return (
        "---\n"
        f"titre: Témoignage n°{i}\n"
        f"personne:\n  prenom: Personne{i}\n  poste: Chargée de mission\n  age: {rng.randint(20, 64)}\n"
        f"metiers:\n  - {rng.choice(slugs)}\n"
        f"citation: Une phrase courte qui dit l'essentiel du métier n°{i}.\n"
        "date: 2024-05-01\n---\n\n" + sentences(rng, 8) + "\n"
    )


def offre(rng: random.Random, i: int, slugs: list[str]) -> str:
    day = rng.randint(1, 28)
    year = rng.choice([2024, 2030])
    return (
        "---\n"
        f"titre: Offre n°{i}\n"
        f"structure:\n  nom: Structure {i}\n  type: association\n"
        f"lieu:\n  commune: Commune {i}\n  departement: \"{rng.randint(10, 95)}\"\n"
        f"metiers:\n  - {rng.choice(slugs)}\n"
        f"contrat: {rng.choice(['cdi', 'cdd', 'prestation', 'stage'])}\n"
        f"publiee: {year}-01-01\n"
        f"date_limite: {year}-{rng.randint(1, 12):02d}-{day:02d}\n"
        "---\n\n" + sentences(rng, 6) + "\n"
    )


# The realistic mode (--realiste) follows the shape of real classifications (ROME, ESCO): about
# 13,000 distinct compétences for 3,000 métiers, 20 to 40 per métier, most of them used by one to
# three métiers (a Zipf-like law: a few hundred shared by many, a long tail); short résumés and
# bodies; testimonials for a third of the métiers, offers for a fifth, half of them closed.
# Their initials spread as in real classifications (a value under a new initial changes the letter
# bar of every page of an index: real ones have values under nearly every letter).
ACTIONS = ("gérer", "animer", "conduire", "analyser", "suivre", "évaluer", "traiter", "coordonner", "rédiger",
           "négocier", "piloter", "organiser", "vérifier", "accompagner", "former", "diagnostiquer", "identifier",
           "mettre en œuvre", "hiérarchiser", "utiliser")
THINGS = tuple(f"{a} {w}" for a in ("les projets", "les données", "les dossiers", "le budget", "les équipes",
                                     "les partenariats", "les dispositifs", "les publics", "les achats", "les contrats",
                                     "les outils", "les installations") for w in WORDS)
CONTEXTS = ("", " en milieu rural", " à l'échelle européenne", " en situation d'urgence", " avec les élus",
            " dans le respect des normes", " en lien avec les usagers")
SKILL_NAMES = [f"{a} {t}{c}" for c in CONTEXTS for a in ACTIONS for t in THINGS]
SKILL_CUMULATIVE = list(__import__("itertools").accumulate(1 / (rank + 1) ** 1.15 for rank in range(len(SKILL_NAMES))))


def realistic_skills(rng: random.Random) -> list[str]:
    """20 to 40 compétences, drawn from the long tail."""
    wanted = rng.randint(20, 40)
    chosen: dict[str, None] = {}
    while len(chosen) < wanted:
        chosen.update(dict.fromkeys(rng.choices(SKILL_NAMES, cum_weights=SKILL_CUMULATIVE, k=wanted - len(chosen))))
    return list(chosen)


# What draws people to a job (a short list, as ONISEP's centres d'intérêt): two to four per métier,
# drawn apart from the rest so that the rest of the corpus stays as it was before they came.
CENTRES_INTERET = ("aider les autres", "travailler en équipe", "le contact avec le public", "organiser et planifier",
                   "convaincre et négocier", "analyser et comprendre", "créer et imaginer", "travailler dehors",
                   "bouger et se déplacer", "transmettre et enseigner", "agir pour l'environnement",
                   "défendre l'intérêt général", "manier les chiffres", "écrire et rédiger", "les langues étrangères",
                   "bricoler et réparer", "le numérique", "diriger une équipe", "le monde de l'entreprise",
                   "la santé et le soin", "le sport", "les arts et la culture", "la nature et les animaux",
                   "la sécurité des personnes")


def realistic_metier(rng: random.Random, i: int, slugs: list[str]) -> str:
    interests = random.Random(i).sample(CENTRES_INTERET, 2 + i % 3)
    w1, w2 = rng.sample(WORDS, 2)
    low = rng.randrange(1600, 4000, 50)
    skills = "".join(f"  - {x}\n" for x in realistic_skills(rng))
    return (
        "---\n"
        f"titre: {TITLE_HEADS[i % len(TITLE_HEADS)]} de {w1} et de {w2} n°{i}\n"
        f"resume: Conduit des projets de {w1} et de {w2} au service d'un territoire.\n"
        f"secteurs:\n  - {rng.choice(SECTEURS)}\n"
        f"competences:\n{skills}"
        f"qualites:\n" + "".join(f"  - {x}\n" for x in rng.sample(QUALITES, 3))
        + f"formation:\n  niveau: {rng.choice(NIVEAUX)}\n"
        f"salaire:\n  brut_mensuel: {low}\n  base: moyenne\n  source: Enquête générée\n  annee: 2025\n"
        f"codes:\n  rome: [K{1000 + i % 9000:04d}]\n"
        "centres_interet:\n" + "".join(f"  - {x}\n" for x in interests)
        + "---\n\n" + sentences(rng, 2) + "\n"
    )


def generate(dest: Path, metiers: int, temoignages: int, offres: int, seed: int = 1,
             realistic: bool = False) -> Path:
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    for name in ("docs", "hooks", "overrides", "admin"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)  # Pagefind, from npm
    content = dest / "fiches"
    slugs = [f"metier-genere-{i}" for i in range(metiers)]
    for folder, count, make, prefix in (("metiers", metiers, realistic_metier if realistic else metier, "metier-genere"),
                                        ("temoignages", temoignages, temoignage, "temoignage-genere"),
                                        ("offres", offres, offre, "offre-generee")):
        (content / folder).mkdir(parents=True)
        for i in range(count):
            (content / folder / f"{prefix}-{i}.md").write_text(make(rng, i, slugs), encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--metiers", type=int, default=1000)
    parser.add_argument("--temoignages", type=int)
    parser.add_argument("--offres", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--realiste", action="store_true",
                        help="la forme des nomenclatures réelles : 20 à 40 compétences par métier, longue traîne")
    args = parser.parse_args()
    t, o = counts(args.metiers, args.realiste)
    t = args.temoignages if args.temoignages is not None else t
    o = args.offres if args.offres is not None else o
    generate(args.dest, args.metiers, t, o, args.seed, args.realiste)
    print(f"{args.metiers} métiers, {t} témoignages, {o} offres dans {args.dest}/fiches")
    if args.realiste:
        print(skill_shape(args.dest / "fiches"))


def counts(metiers: int, realistic: bool) -> tuple[int, int]:
    """Testimonials and offers for so many métiers: a third and a fifth in the realistic mode."""
    return (metiers // 3, metiers // 5) if realistic else (metiers // 5, metiers // 10)


def skill_shape(content: Path) -> str:
    """How the compétences are shared: distinct ones, and the share used by one to three métiers."""
    from collections import Counter

    uses: Counter[str] = Counter()
    for fiche in (content / "metiers").glob("*.md"):
        block = fiche.read_text(encoding="utf-8").split("competences:\n", 1)[1].split("qualites:", 1)[0]
        uses.update(line[4:] for line in block.splitlines() if line.startswith("  - "))
    few = sum(1 for n in uses.values() if n <= 3)
    return (f"{len(uses)} compétences distinctes ; {few / len(uses):.0%} utilisées par 1 à 3 métiers ; "
            f"la plus partagée par {max(uses.values())} métiers")


if __name__ == "__main__":
    main()
