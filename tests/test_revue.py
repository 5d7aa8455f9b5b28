"""What needs the editors' attention (`fiches revue`, the page « À revoir », the pull request's summary).

Each fixture of tests/fixtures/revue/ is a content folder and the exact French output expected
from it on the tests' day (1 June 2024): ``un-de-chaque`` holds one case of each kind, ``rien``
nothing to review, ``liens`` links to a local server (addresses on 127.0.0.1 only).
"""

from __future__ import annotations

import functools
import gzip
import html
import os
import re
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURE_EPOCH, ROOT, QuietHandler, copy_project, free_port, mkdocs_build

from fiches_engine.revue import _Grouping, _groups

FIXTURES = ROOT / "tests" / "fixtures" / "revue"
PAGE = Path("contribuer", "a-revoir", "index.html")


def fiches(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full_env.update({"SOURCE_DATE_EPOCH": FIXTURE_EPOCH, **(env or {})})
    return subprocess.run([sys.executable, "-m", "fiches_engine.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=120)


def project_of(fixture: str, dest: Path, config: str = "site_name: test\n") -> Path:
    shutil.copytree(FIXTURES / fixture / "fiches", dest / "fiches")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def expected(fixture: str) -> str:
    return (FIXTURES / fixture / "attendu.txt").read_text(encoding="utf-8")


def test_one_case_of_each_kind_each_listed_once_with_file_and_line(tmp_path: Path) -> None:
    result = fiches("revue", cwd=project_of("un-de-chaque", tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected("un-de-chaque")
    assert result.stderr == ""


def test_nothing_to_review(tmp_path: Path) -> None:
    result = fiches("revue", cwd=project_of("rien", tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "✓ Rien à revoir.\n", "")


def test_thresholds_come_from_mkdocs_yml(tmp_path: Path) -> None:
    # the salary of 2019 and the source of January 2020 are not older than 5 years, the offer
    # closed 122 days ago not older than 200 days: only the value written twice and the lonely métier
    config = ("site_name: test\nextra:\n  generator: false\n  fiches:\n    revue:\n"
              "      anciennete_max_ans: 5\n      offres_closes_max_jours: 200\n")
    result = fiches("revue", cwd=project_of("un-de-chaque", tmp_path, config))
    lines = expected("un-de-chaque").splitlines()
    assert result.stdout.splitlines() == [lines[3], lines[4], "2 points à revoir dans 2 fichiers, du plus urgent au moins urgent."]


def test_a_wrong_threshold_is_a_french_error_with_its_line(tmp_path: Path) -> None:
    config = ("site_name: test\nplugins:\n  - search\nextra:\n  fiches:\n    revue:\n"
              "      anciennete_max_ans: trois\n      offres_closes: 90\n")
    result = fiches("revue", cwd=project_of("un-de-chaque", tmp_path, config))
    assert result.returncode == 2
    assert result.stdout == (
        "mkdocs.yml:7: extra.fiches.revue.anciennete_max_ans : attendu un nombre entier d'années de 1 à 50, "
        "trouvé « trois ». Astuce : écrivez par exemple « anciennete_max_ans: 3 ».\n"
        "mkdocs.yml:8: extra.fiches.revue.offres_closes : clé « offres_closes » inconnue de la revue. Astuce : les "
        "clés possibles sont anciennete_max_ans et offres_closes_max_jours.\n"
        "✗ Réglages de la revue à corriger dans mkdocs.yml : rien n'est revu.\n")


def test_the_project_config_names_the_thresholds_it_uses() -> None:
    from fiches_engine.revue import Settings, read_settings

    assert read_settings(ROOT / "mkdocs.yml") == (Settings(anciennete_max_ans=3, offres_closes_max_jours=90), [])


@pytest.mark.parametrize("values, groups", [
    (["gestion-de-projet", "gestion-de-projets"], [["gestion-de-projet", "gestion-de-projets"]]),  # plural
    (["animation-de-reseau", "animation-des-reseaux"], [["animation-de-reseau", "animation-des-reseaux"]]),  # article
    (["communication", "communications", "communcation"], [["communcation", "communication", "communications"]]),
    (["accompagnement-social", "accompagnement-sociale"], [["accompagnement-social", "accompagnement-sociale"]]),
    (["veille", "vieille"], []),  # short words one letter apart: too often two real words
    (["redaction", "reaction"], []),
    (["gestion-de-projet", "gestion-de-budget", "conduite-de-projet"], []),
])
def test_values_probably_written_twice(values: list[str], groups: list[list[str]]) -> None:
    assert _groups(values) == groups


def test_values_found_by_thirds_are_those_found_by_comparing_every_pair() -> None:
    """_groups files values by two thirds instead of comparing every pair: the same groups, on
    random variants (a letter replaced, added or removed, a plural) of random values."""
    import itertools
    import random

    from fiches_engine.revue import TYPO_MIN_LENGTH, _fold, _one_apart

    def every_pair(slugs: list[str]) -> list[list[str]]:
        parent = {s: s for s in slugs}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        for a, b in itertools.combinations(slugs, 2):
            fa, fb = _fold(a), _fold(b)
            if fa == fb or (min(len(fa), len(fb)) >= TYPO_MIN_LENGTH and _one_apart(fa, fb)):
                ra, rb = find(a), find(b)
                parent[max(ra, rb)] = min(ra, rb)
        groups: dict[str, list[str]] = {}
        for s in slugs:
            groups.setdefault(find(s), []).append(s)
        return sorted(sorted(g) for g in groups.values() if len(g) > 1)

    rng = random.Random(27)
    for _ in range(300):
        base = list("".join(rng.choice("abc-") for _ in range(rng.randint(9, 14))).strip("-") or "abcabcabcab")
        slugs = set()
        for _ in range(8):
            variant = list(base)
            for _ in range(rng.randint(0, 2)):
                at = rng.randrange(len(variant) + 1)
                edit = rng.choice(("replace", "add", "remove", "plural"))
                if edit == "replace" and at < len(variant):
                    variant[at] = rng.choice("abcs")
                elif edit == "add":
                    variant.insert(at, rng.choice("abcs"))
                elif edit == "remove" and at < len(variant):
                    del variant[at]
                elif edit == "plural":
                    variant.append("s")
            text = "".join(variant).strip("-")
            if text and "--" not in text:
                slugs.add(text)
        assert sorted(_groups(sorted(slugs))) == every_pair(sorted(slugs)), sorted(slugs)
        # added in two goes, as a preview's rebuild adds the values an edit brings: the same groups
        ordered = sorted(slugs)
        cut = rng.randrange(len(ordered) + 1)
        assert _Grouping().add(ordered[:cut]).add(ordered[cut:]).groups() == every_pair(ordered), (ordered, cut)


class _Page(HTMLParser):
    """The items of the page « À revoir » (the text of each <li> of its lists) and its robots meta."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.robots: str | None = None
        self.text: list[str] = []
        self._in: int = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "robots":
            self.robots = a.get("content")
        if tag == "ul" and "fiche-revue" in (a.get("class") or "").split():
            self._in = 1
        elif tag == "li" and self._in:
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._in = 0

    def handle_data(self, data: str) -> None:
        if self._in and self.items:
            self.items[-1] += data
        self.text.append(data)


def read_page(site: Path) -> _Page:
    page = _Page()
    page.feed((site / PAGE).read_text(encoding="utf-8"))
    page.items = [" ".join(i.split()) for i in page.items]
    return page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site of the fixture with one case of each kind and of the fixture with nothing to review."""
    sites = {}
    for fixture in ("un-de-chaque", "rien"):
        project = copy_project(tmp_path_factory.mktemp(fixture), content=FIXTURES / fixture / "fiches")
        site = tmp_path_factory.mktemp(f"site-{fixture}")
        result = mkdocs_build(project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
        assert result.returncode == 0, result.stdout + result.stderr
        sites[fixture] = site
    return sites


def test_the_page_shows_the_same_list(built: dict[str, Path]) -> None:
    page = read_page(built["un-de-chaque"])
    lines = expected("un-de-chaque").splitlines()
    assert page.items == lines[:-1]
    assert lines[-1] in " ".join("".join(page.text).split())
    assert page.robots == "noindex"


def test_the_page_is_kept_out_of_search_engines(built: dict[str, Path]) -> None:
    """Its robots meta says noindex and the sitemap does not list it; the readers' pages keep theirs."""
    site = built["un-de-chaque"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    addresses = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sitemap.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert not [a for a in addresses if a.endswith("/contribuer/a-revoir/")]
    assert [a for a in addresses if a.endswith("/contribuer/")] and [a for a in addresses if "/metiers/" in a]
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    for page in ("index.html", "contribuer/index.html", "metiers/index.html"):
        assert 'name="robots"' not in (site / page).read_text(encoding="utf-8"), page


def test_the_page_says_nothing_to_review(built: dict[str, Path]) -> None:
    page = read_page(built["rien"])
    assert page.items == []
    assert "Rien à revoir." in "".join(page.text)


def test_the_page_is_linked_from_the_guide_not_from_the_readers_menu(built: dict[str, Path]) -> None:
    site = built["un-de-chaque"]
    links = {page: re.findall(r'href="([^"#]*a-revoir/)"', (site / page).read_text(encoding="utf-8"))
             for page in ("index.html", "metiers/index.html", "contribuer/index.html", "offres/index.html")}
    # the guide's text links to it, once; no menu, tab or other page does
    assert links == {"index.html": [], "metiers/index.html": [], "contribuer/index.html": ["a-revoir/"],
                     "offres/index.html": []}


class _Counting(QuietHandler):
    asked: list[str] = []

    def do_HEAD(self) -> None:  # noqa: N802
        self.asked.append(self.path)
        super().do_HEAD()

    def do_GET(self) -> None:  # noqa: N802
        self.asked.append(self.path)
        super().do_GET()


def test_links_checked_only_when_asked(tmp_path: Path) -> None:
    served = tmp_path / "servi"
    served.mkdir()
    (served / "existe.html").write_text("<!doctype html><title>ok</title>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = {"PORT_OUVERT": str(server.server_address[1]), "PORT_FERME": str(free_port())}
    try:
        project = project_of("liens", tmp_path / "projet")
        page = project / "fiches" / "metiers" / "charge-de-mission.md"
        text, want = page.read_text(encoding="utf-8"), expected("liens")
        for name, port in ports.items():
            text, want = text.replace(name, port), want.replace(name, port)
        page.write_text(text, encoding="utf-8")
        env = {"no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
        assert fiches("revue", cwd=project, env=env).stdout == "✓ Rien à revoir.\n"
        assert _Counting.asked == []  # nothing asked without --liens
        result = fiches("revue", "--liens", cwd=project, env=env)
        assert result.stdout == want, result.stderr
        assert sorted(set(_Counting.asked)) == ["/disparue.html", "/existe.html"]
    finally:
        server.shutdown()
        server.server_close()


def _summary_rows(text: str) -> list[list[str]]:
    rendered = markdown.markdown(text, extensions=["tables"])
    body = rendered.split("<tbody>", 1)[1] if "<tbody>" in rendered else ""
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_pull_request_summary_has_the_items_of_the_fiches_it_touches(tmp_path: Path) -> None:
    """The step of pr.yml, run as GitHub runs it, on a repository where a pull request changes one fiche."""
    import yaml

    step = next(s for s in yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
                ["jobs"]["verifier"]["steps"] if "fiches revue" in s.get("run", ""))
    project = project_of("un-de-chaque", tmp_path / "depot")

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=project, check=True,
                              capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "départ")
    base = git("rev-parse", "HEAD")
    metier = project / "fiches" / "metiers" / "charge-de-mission.md"
    metier.write_text(metier.read_text(encoding="utf-8").replace("polyvalence", "rigueur"), encoding="utf-8")
    (project / "fiches" / "temoignages" / "lea.md").unlink()  # a deleted fiche has nothing to review
    git("commit", "-q", "-am", "proposition")
    summary = tmp_path / "resume.md"
    summary.write_text("## Une étape d'avant\n\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update({"SOURCE_DATE_EPOCH": FIXTURE_EPOCH, "BASE_SHA": base, "GITHUB_ACTIONS": "true",
                "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"})
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Une étape d'avant\n\n## À revoir dans les fiches que la proposition modifie\n")
    line = expected("un-de-chaque").splitlines()[3]  # the value written twice, on the métier changed
    path, number, key, rest = re.fullmatch(r"(.*?):(\d+): (\S+) : (.*)", line).groups()
    message, hint = rest.split(" Astuce : ")
    assert _summary_rows(text) == [[path, number, key, message, hint]]
    assert result.stdout.splitlines() == [line, "1 point à revoir dans 1 fichier, du plus urgent au moins urgent."]


def test_no_summary_section_when_the_fiches_touched_have_nothing(tmp_path: Path) -> None:
    project = project_of("un-de-chaque", tmp_path / "depot")
    summary = tmp_path / "resume.md"
    result = fiches("revue", "--format", "github", "fiches/temoignages/lea.md", cwd=project,
                    env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.stdout == "✓ Rien à revoir.\n"
    assert not summary.exists() or summary.read_text(encoding="utf-8") == ""
