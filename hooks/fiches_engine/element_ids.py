"""Element ids: those the site's pages and scripts use, and those a fiche's headings may take.

An id is one name for the whole page: ``getElementById`` and ``querySelector("#…")`` return the first
element that has it. A heading of a fiche given the id of one of the site's own elements comes
before it in the page and takes its place for whoever looks it up (DOM clobbering): material reads
its settings, the address of its search worker among them, from ``#__config``. So a fiche's
headings keep to the ids Markdown's ``toc`` makes from their text, and never one that the site
uses. Automatic ids are moved aside by ``heading_id`` (the site's ``toc`` slugify, mkdocs.yml);
an id a fiche writes itself (``## Titre {#mon-ancre}``, attr_list) is checked by ``id_problem``,
and refused with a French error by ``fiches check`` and the build (sanitize.py).
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify as toc_slugify

# The ids our templates (overrides/), material's and the form editor's pages (admin/) write, and
# those our scripts and material's look up. tests/test_element_ids.py finds them in the built
# pages (every id that is not a Markdown heading's) and in the scripts, and fails when one is
# missing here: add it. Ids beginning with "_" are all refused (material's: __config, __search,
# __drawer, __toc, __nav_1_label, __codelineno…), and so are the letter bar's, one per letter.
SITE_IDS = frozenset({
    # overrides/: the fiche pages' sections, the lists, the home page, the search box
    "archive", "centres-interet", "chercher", "chiffres", "dernieres-offres", "en-bref", "metiers-lies",
    "metiers-proches", "offres", "ouvertes", "quelques-metiers", "qui-parle", "savoir-etre", "savoir-faire",
    "sources", "temoignages", "fiches-resultats", "fiches-resultats-meta", "entrees", "ils-en-parlent", "contribuer",
    "accueil-q", "fiche-garder", "fiches-hors-ligne", "smic", "salaire-median",
    # the questionnaire, the comparison and the selection (ce-qui-attire, comparer, ma-selection)
    "attire", "attire-metiers", "attire-plus", "attire-resultat", "attire-resultats", "attire-titre", "attire-valeurs",
    "comparer", "comparer-ajout", "comparer-choix", "comparer-message", "comparer-metier", "comparer-tableau",
    "selection", "selection-comparer", "selection-copier", "selection-garder-lien", "selection-lien",
    "selection-lien-recu", "selection-message", "selection-metiers", "selection-metiers-bloc", "selection-metiers-titre",
    "selection-offres", "selection-offres-bloc", "selection-offres-titre", "selection-partage", "selection-partage-titre",
    # the explorer (overrides/liste-metiers.html, assets/explorateur.js)
    "explorateur", "explorateur-liste", "explorateur-pages", "explorateur-plus", "explorateur-resultat",
    "explorateur-trouves", "f-competence", "f-competence-aide", "f-competence-choix", "f-formation", "f-q",
    "f-qualite", "f-salaire", "f-secteur", "f-interet", "explorateur-comparer",
    # the form editor's sign-in page (admin/)
    "aide-jeton", "connexion", "depot", "jeton", "message", "proprietaire",
})
_SITE_ID_FORMS = re.compile(r"_.*|lettre-[a-z]+", re.DOTALL)  # material's own; the letter bar's anchors
_SEPARATOR = "-"


def is_site_id(value: str) -> bool:
    return value in SITE_IDS or bool(_SITE_ID_FORMS.fullmatch(value))


def id_problem(value: str) -> str | None:
    """Why a fiche may not give a heading this id, in French; None when it may."""
    if value.startswith("_"):
        return "un identifiant qui commence par « _ » est réservé au thème du site"
    if toc_slugify(value, _SEPARATOR) != value or not value:
        return "un identifiant s'écrit en minuscules sans accent, avec des chiffres et des tirets"
    if is_site_id(value):
        return "le site donne déjà cet identifiant à l'un de ses propres éléments"
    return None


def heading_id(value: str, separator: str) -> str:
    """The id of a heading from its text: ``toc``'s own, moved aside when the site uses it.

    « ## Missions » in a fiche would otherwise take the id of the métier page's « missions »
    section, and « ## __config » that of material's settings. A heading with no letter or digit
    gets « titre » rather than toc's « _1 », which looks like material's ids.
    """
    slug = toc_slugify(value, separator).lstrip("_" + separator) or "titre"
    if not is_site_id(slug):
        return slug
    count = 1
    while is_site_id(f"{slug}{separator}{count}"):
        count += 1
    return f"{slug}{separator}{count}"
