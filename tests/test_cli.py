"""The `fiches` command as editors and CI run it: real files, real exit codes, real output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

BASE = ROOT / "tests" / "fixtures" / "base"
CASES = ROOT / "tests" / "cases"


def fiches(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # Run in CI too: GitHub's variables (GITHUB_STEP_SUMMARY...) are the test's to give, not the runner's.
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "fiches_engine.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (mkdocs.yml + fiches/) with valid content and three broken files."""
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    for case in ["metiers/cle-inconnue", "offres/departement-sans-guillemets", "temoignages/metier-inconnu"]:
        kind, name = case.split("/")
        shutil.copy2(CASES / f"{case}.md", tmp_path / "fiches" / kind / f"{name}.md")
    return tmp_path


def expected_lines(*cases: str) -> list[str]:
    return [line for case in cases for line in (CASES / f"{case}.txt").read_text(encoding="utf-8").splitlines()]


def test_check_passes_on_valid_content(tmp_path: Path) -> None:
    # valid content of the tests' own (the editors' fiches/ is checked by test_content.py)
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    result = fiches("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"✓ Aucune erreur \(4 fiches lues en \d+,\d\d s, [\d ]+ fiches/s\)\.\n", result.stdout)


def test_check_reports_every_error_with_file_and_line(project: Path) -> None:
    result = fiches("check", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:-1] == expected_lines("metiers/cle-inconnue", "offres/departement-sans-guillemets",
                                        "temoignages/metier-inconnu")
    assert lines[-1].startswith("✗ 3 erreurs dans 3 fichiers (7 fiches lues en ")
    assert "Traceback" not in result.stderr


def test_check_finds_the_project_from_a_subfolder(project: Path) -> None:
    result = fiches("check", cwd=project / "fiches" / "metiers")
    assert result.returncode == 1 and "✗ 3 erreurs" in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_same_result_in_one_or_several_processes(project: Path, jobs: str) -> None:
    result = fiches("check", "--jobs", jobs, cwd=project)
    assert result.stdout.splitlines()[:-1] == expected_lines(
        "metiers/cle-inconnue", "offres/departement-sans-guillemets", "temoignages/metier-inconnu")


def test_check_given_paths_reports_only_those(project: Path) -> None:
    result = fiches("check", "fiches/offres/departement-sans-guillemets.md", "fiches/temoignages", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:-1] == expected_lines("offres/departement-sans-guillemets",
                                                             "temoignages/metier-inconnu")
    assert fiches("check", "fiches/metiers/animateur-de-reseau.md", cwd=project).returncode == 0


def test_check_of_a_missing_path_fails(project: Path) -> None:
    result = fiches("check", "fiches/metiers/nexiste-pas.md", "fiches/metiers/animateur-de-reseau.md", cwd=project)
    assert result.returncode == 1
    assert "fiches/metiers/nexiste-pas.md: introuvable" in result.stderr
    assert "✗ 1 chemin à vérifier introuvable" in result.stdout


def test_github_annotations(project: Path) -> None:
    for result in (fiches("check", "--format", "github", cwd=project),
                   fiches("check", cwd=project, env={"GITHUB_ACTIONS": "true"})):
        annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
        assert annotations[0] == (
            "::error file=fiches/metiers/cle-inconnue.md,line=7,title=Fiche %3A competence::"
            "clé inconnue « competence » (elle serait ignorée). Astuce : vouliez-vous dire « competences » ? "
            "Clés possibles : appellations, centres_interet, codes, competences, conditions, employeurs, formation, "
            "metiers_proches, mise_a_jour, qualites, resume, salaire, secteurs, sources, titre.")
        assert len(annotations) == 3
        assert annotations[1].startswith("::error file=fiches/offres/departement-sans-guillemets.md,line=6,"
                                         "title=Fiche %3A lieu.departement::")
    plain = fiches("check", cwd=project)
    assert not any(line.startswith("::") for line in plain.stdout.splitlines())


def test_annotation_escapes_what_would_break_the_command() -> None:
    from fiches_engine.cli import _annotation
    from fiches_engine.errors import ContentError

    line = _annotation(ContentError("fiches/a,b.md", 3, "x:y", "100% faux\nligne 2", ""))
    assert line == "::error file=fiches/a%2Cb.md,line=3,title=Fiche %3A x%3Ay::100%25 faux%0Aligne 2"


@pytest.mark.parametrize("kind, folder, fill", [
    ("metier", "metiers", {"resume": "Anime un réseau de partenaires sur un territoire.",
                           "secteurs": "développement local", "competences": "animation", "qualites": "écoute"}),
    ("temoignage", "temoignages", {"prenom": "Lou", "poste": "Chargée de mission",
                                   "metiers": "charge-de-mission"}),
    ("offre", "offres", {"nom": "Association X", "commune": "Cahors", "metiers": "charge-de-mission",
                         "contrat": "cdd", "publiee": "2031-04-30", "date_limite": "2031-05-31"}),
])
def test_new_writes_a_complete_fiche_that_passes_once_filled(tmp_path: Path, kind: str, folder: str,
                                                             fill: dict[str, str]) -> None:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    result = fiches("new", kind, "Chargé·e d'essai : le retour", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "fiches" / folder / "chargee-d-essai-le-retour.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\n') and 'titre: "Chargé·e d\'essai : le retour"' in text
    # every key of the schema is in the file, used or commented
    from fiches_engine.schema_check import schema
    for key in schema(kind)["properties"]:
        assert re.search(rf"^(# )?{key}:", text, re.M), key
    # as written, the required values are empty: check says so, on their lines
    empty = fiches("check", f"fiches/{folder}/{path.name}", cwd=tmp_path)
    assert empty.returncode == 1 and f"fiches/{folder}/{path.name}:" in empty.stdout
    for key, value in fill.items():
        text, n = re.subn(rf'^(\s*(?:- )?{key}:\s*)""(.*)$|^({key}:\n\s+- )""', lambda m: (
            f'{m[1]}"{value}"' if m[1] else f'{m[3]}"{value}"'), text, count=1, flags=re.M)
        assert n == 1, key
    path.write_text(text, encoding="utf-8")
    filled = fiches("check", cwd=tmp_path)
    assert filled.returncode == 0, filled.stdout


def test_new_never_overwrites(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    target = tmp_path / "fiches" / "metiers" / "charge-de-mission.md"
    before = target.read_bytes()
    result = fiches("new", "metier", "Chargé de mission", cwd=tmp_path)
    assert result.returncode == 1
    assert "existe déjà : rien n'est écrit" in result.stderr
    assert target.read_bytes() == before


# What argparse would say in English; none of it may reach an editor.
ENGLISH = ["usage:", "positional arguments", "optional arguments", "options:", "show this help message",
           "and exit", "invalid choice", "choose from", "the following arguments are required",
           "unrecognized arguments", "expected one argument", "expected at most", "expected at least",
           "invalid int value", "invalid", "error:", "required", "ambiguous option", "subcommands"]


@pytest.mark.parametrize("args, code, french", [
    (["--help"], 0, ["utilisation : fiches [-h] COMMANDE ...", "afficher cette aide et quitter", "options :",
                     "commandes :", "vérifier les fiches sans construire le site", "fiches new métier"]),
    (["check", "--help"], 0, ["utilisation : fiches check", "arguments :", "options :", "afficher cette aide",
                              "--jobs N", "fichiers ou dossiers à vérifier"]),
    (["new", "--help"], 0, ["utilisation : fiches new [-h] [--dossier DOSSIER] TYPE TITRE", "arguments :",
                            "métier, témoignage ou offre", "options :"]),
    ([], 2, ["utilisation : fiches", "fiches : commande incomplète ou mal écrite (il manque : COMMANDE). "
                                     "Aide : fiches --help"]),
    (["chek"], 2, ["(argument COMMANDE : « chek » n'est pas possible (choix : 'check', 'new', 'revue'))"]),
    (["new", "métier"], 2, ["fiches new : commande incomplète ou mal écrite (il manque : TITRE). "
                            "Aide : fiches new --help"]),
    (["new"], 2, ["(il manque : TYPE, TITRE)"]),
    (["new", "job", "Titre"], 2, ["(argument TYPE : type de fiche « job » inconnu (choix : métier, témoignage, "
                                  "offre))"]),
    (["new", "offre", "Titre", "de trop"], 2, ["(en trop ou inconnu : de trop)"]),
    (["check", "--jobs", "x"], 2, ["(argument --jobs : attendu un nombre entier de processus, 1 ou plus, "
                                   "trouvé « x »)"]),
    (["check", "--jobs", "0"], 2, ["trouvé « 0 »"]),
    (["check", "--jobs"], 2, ["(argument --jobs : une valeur est attendue après cette option)"]),
    (["check", "--dossier"], 2, ["(argument --dossier : une valeur est attendue après cette option)"]),
    (["check", "--format", "json"], 2, ["(argument --format : « json » n'est pas possible (choix : 'texte', "
                                        "'github'))"]),
    (["check", "--zut"], 2, ["(en trop ou inconnu : --zut)"]),
    (["--zut"], 2, ["(il manque : COMMANDE)"]),
])
def test_command_line_speaks_french(tmp_path: Path, args: list[str], code: int, french: list[str]) -> None:
    result = fiches(*args, cwd=tmp_path)  # no project here: nothing can be written
    shown = result.stdout + result.stderr
    assert result.returncode == code, shown
    for phrase in french:
        assert phrase in shown, phrase
    for phrase in ENGLISH:
        assert phrase not in shown, phrase
    assert "Traceback" not in shown
    assert list(tmp_path.iterdir()) == []


def test_every_argparse_message_has_a_french_translation() -> None:
    """Whatever the installed Python's argparse can say, through its ``_`` and ``ngettext``."""
    import argparse
    import ast
    import inspect

    from fiches_engine.cli import ARGPARSE_FR

    tree = ast.parse(inspect.getsource(argparse))
    messages = {"subcommands"}  # _(kwargs.pop('title', 'subcommands'))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            messages |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    assert len(messages) > 30
    assert sorted(messages - set(ARGPARSE_FR)) == []
    for english, french in ARGPARSE_FR.items():
        named = sorted(re.findall(r"%\((\w+)\)", english)), sorted(re.findall(r"%\((\w+)\)", french))
        assert named[0] == named[1], english
        unnamed = len(re.findall(r"%[sr]", english)), len(re.findall(r"%[sr]", french))
        assert unnamed[0] == unnamed[1], english


def test_argparse_keeps_its_own_words_outside_the_command() -> None:
    import argparse

    from fiches_engine.cli import french_argparse

    with french_argparse():
        assert argparse._("usage: ") == "utilisation : "
    assert argparse._("usage: ") == "usage: "  # pytest and others parse their own command lines in English


@pytest.mark.parametrize("typed, folder", [("métier", "metiers"), ("metier", "metiers"), ("Métier", "metiers"),
                                           ("métiers", "metiers"), ("témoignage", "temoignages"),
                                           ("temoignage", "temoignages"), ("TÉMOIGNAGES", "temoignages"),
                                           ("offre", "offres"), ("offres", "offres")])
def test_new_takes_the_kind_as_french_speakers_type_it(tmp_path: Path, typed: str, folder: str) -> None:
    (tmp_path / "fiches").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    result = fiches("new", typed, "Animateur·rice de réseau", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Fiche créée : fiches/{folder}/animateurrice-de-reseau.md\n")
    assert [p.relative_to(tmp_path).as_posix() for p in (tmp_path / "fiches").rglob("*.md")] == [
        f"fiches/{folder}/animateurrice-de-reseau.md"]


@pytest.mark.parametrize("kind, folder", [("metier", "metiers"), ("temoignage", "temoignages"), ("offre", "offres")])
def test_an_untouched_new_fiche_gets_one_message_per_value_to_fill(tmp_path: Path, kind: str, folder: str) -> None:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    assert fiches("new", kind, "Essai", cwd=tmp_path).returncode == 0
    path = f"fiches/{folder}/essai.md"
    template = (tmp_path / path).read_text(encoding="utf-8").splitlines()
    to_fill = [n for n, line in enumerate(template, 1) if '""' in line and not line.lstrip().startswith("#")]
    assert to_fill, "the template leaves its required values to fill"
    result = fiches("check", path, cwd=tmp_path)
    assert result.returncode == 1
    errors = result.stdout.splitlines()[:-1]
    assert [int(line.split(":")[1]) for line in errors] == to_fill  # one message each, on its line
    for line in errors:
        assert re.fullmatch(rf"{path}:\d+: [\w.\[\]]+ : valeur à remplir\. Attendu : .+\. Astuce : .+\.", line), line


@pytest.mark.parametrize("kind, folder", [("metier", "metiers"), ("temoignage", "temoignages"), ("offre", "offres")])
def test_every_key_of_a_new_fiche_uncommented_and_left_empty_gets_one_message(tmp_path: Path, kind: str,
                                                                             folder: str) -> None:
    """An editor who uncomments optional keys and forgets some: one « valeur à remplir » per value,
    never a 0 or a true published for them (the template leaves numbers and yes/no empty too)."""
    import yaml

    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    assert fiches("new", kind, "Essai", cwd=tmp_path).returncode == 0
    path = tmp_path / "fiches" / folder / "essai.md"
    text = re.sub(r"^(\s*)# ((?:- )?\s*[a-z_]+:.*)$", r"\1\2", path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text, encoding="utf-8")

    def empty(value: object) -> int:
        if isinstance(value, dict):
            return sum(empty(v) for v in value.values())
        if isinstance(value, list):
            return sum(empty(v) for v in value)
        return value is None or value == ""

    expected = empty(yaml.safe_load(text.split("---\n")[1]))
    result = fiches("check", f"fiches/{folder}/essai.md", cwd=tmp_path)
    errors = result.stdout.splitlines()[:-1]
    assert len(errors) == expected > 5
    assert len({line.split(" : ")[0] for line in errors}) == expected  # one per line
    assert all(" : valeur à remplir" in line and " Astuce : " in line for line in errors), errors


def test_a_folder_that_cannot_be_written_is_said_in_french(tmp_path: Path) -> None:
    (tmp_path / "un-fichier").write_text("x", encoding="utf-8")
    result = fiches("new", "offre", "Essai", "--dossier", "un-fichier", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "fiches : impossible de lire ou d'écrire « un-fichier/offres » : ce n'est pas un dossier.\n"
