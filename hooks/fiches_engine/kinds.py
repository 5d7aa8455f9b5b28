"""The three kinds of fiche, each declared once: its folder, schema, model, words and page address,
and what its CSV file holds besides what the schema gives.

Everything else follows the kind's JSON Schema (schemas/): the checks, the form editor, VS Code's
snippets, the contributor guide's tables, the JSON records and the CSV columns (open_data) read the
schema's keys, in order. An optional key added to a schema appears in all of them with no other
edit (tests/test_fields_once.py); what a page shows of it is the template's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Fiche, Metier, Offre, Temoignage
from .pagination import page_src, page_url


@dataclass(frozen=True)
class Table:
    """A kind's CSV file: the schema's keys by open_data's rule, and what this declaration adds."""

    title: str  # the file's title in the data package
    computed: tuple[str, ...]  # columns open_data computes (COMPUTED), after the schema's; slug and url lead
    # Keys (dotted paths; a block's path covers its keys) kept out of the CSV, as it has been
    # published: long texts and lists of one fiche that a row would not show well. The JSON has them.
    left_out: frozenset[str] = frozenset()
    # Columns whose published name is not the rule's (block_key): kept, so re-users' files keep working.
    names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Kind:
    folder: str  # folder under fiches/, also the URL prefix
    schema: str  # schema name in schemas/
    label: str  # French, singular
    plural: str  # French, capitalised: the list's title, the form's collection
    model: type[Fiche]  # built from a front matter that passed the schema (model.py)
    description: str  # what the list's page says of itself (its meta description)
    for_editors: str  # what the form editor says above the list
    table: Table | None = None  # its CSV file, if it has one

    def src_uri(self, slug: str | None = None, page: int = 1) -> str:
        """Where the page of a fiche (or page n of the kind's list) stands among the site's sources."""
        return f"{self.folder}/{slug}.md" if slug else page_src(f"{self.folder}/", page)

    def url(self, slug: str | None = None, page: int = 1) -> str:
        """The page's URL relative to the site root (directory URLs)."""
        return f"{self.folder}/{slug}/" if slug else page_url(f"{self.folder}/", page)

    def absolute_url(self, site_url: str, slug: str | None = None) -> str:
        """The page's full address, for what is read away from the site (feeds, data, search engines)."""
        return site_url.rstrip("/") + "/" + self.url(slug)


KINDS: tuple[Kind, ...] = (
    Kind("metiers", "metier", "métier", "Métiers", Metier,
         "Toutes les fiches métiers, à filtrer par secteur, niveau de formation, salaire, compétence, qualité ou centre d'intérêt.",
         "Les fiches métiers : ce qu'on y fait, comment y accéder, ce que cela rapporte.", Table(
        "Fiches métiers", computed=("modifiee",),
        left_out=frozenset({"appellations", "formation.domaines", "formation.texte", "employeurs", "metiers_proches",
                            "centres_interet", "mise_a_jour"}),
        names=(("formation.niveau", "niveau_formation"), ("codes.esco", "code_esco"), ("codes.isco", "code_isco")))),
    Kind("temoignages", "temoignage", "témoignage", "Témoignages", Temoignage,
         "Des professionnel·le·s racontent leur métier au quotidien.",
         "Des professionnel·le·s racontent leur métier au quotidien."),
    Kind("offres", "offre", "offre", "Offres", Offre,
         "Offres d'emploi et de mission en cours, et l'archive des offres clôturées.",
         "Offres d'emploi et de mission, chacune liée aux métiers qu'elle concerne.", Table(
        "Offres", computed=("ouverte", "modifiee"), left_out=frozenset({"structure.url", "contact", "source"}),
        names=(("structure.nom", "structure"), ("lieu.commune", "commune"), ("lieu.departement", "departement"),
               ("lieu.region", "region"), ("lieu.teletravail", "teletravail")))),
)
KIND_BY_FOLDER = {k.folder: k for k in KINDS}
METIERS, TEMOIGNAGES, OFFRES = KINDS
