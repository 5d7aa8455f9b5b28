"""Untrusted content never breaks the build with a traceback, never runs script, never half-publishes."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linkcheck import check_site

from fiches_engine.corpus import KIND_BY_FOLDER, check_bytes
from fiches_engine.frontmatter import MAX_BYTES, read_fiche
from fiches_engine.schema_check import resolve, schema

MESSAGE = re.compile(r"^fiches/(metiers|temoignages|offres)/[^:]+\.md:\d+: ")


def test_reproducible_build(tmp_path: Path, fixture_project: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1735689600"}
    first, second = tmp_path / "a", tmp_path / "b"
    assert mkdocs_build(fixture_project, first, env=env).returncode == 0
    time.sleep(1.1)  # a clock leaking into the output would now differ
    assert mkdocs_build(fixture_project, second, env=env).returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert Path("sitemap.xml.gz") in files and Path("pagefind/pagefind.js") in files
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    assert check_site(built_site, "/fiches/") == []


def test_link_checker_catches_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b/">b</a><a href="#nope">x</a><a id="ok" href="#ok">o</a>')
    assert check_site(tmp_path) == ["a/index.html -> ../b/ (fichier absent : b)", "a/index.html -> #nope (ancre absente)"]


def test_alias_bomb_is_refused_at_once() -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)) + "---\n"
    start = time.perf_counter()
    check = check_bytes(KIND_BY_FOLDER["metiers"], bomb.encode(), "fiches/metiers/bombe.md")
    assert time.perf_counter() - start < 1
    assert check.errors and all("alias" in e.message for e in check.errors[:3])


def test_oversized_file_is_refused() -> None:
    data = b"---\ntitre: x\n---\n" + b"a" * MAX_BYTES
    raw, errors = read_fiche("fiches/metiers/gros.md", data)
    assert raw is None
    assert [str(e) for e in errors] == [
        "fiches/metiers/gros.md:1: fichier trop gros (512 Ko, limite 512 Ko). Astuce : une fiche tient en quelques "
        "pages; retirez les images collées ou le texte en double."]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    for kind in KIND_BY_FOLDER.values():
        check = check_bytes(kind, b"---\n" + data, f"fiches/{kind.folder}/x.md")
        assert all(MESSAGE.match(str(e)) for e in check.errors)


YAMLISH = st.lists(st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,?\n\t 01.~é·") + ["yes", "titre", "metiers",
                                                                             "!!python/object", "2024-02-30"]),
                   max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_random_yaml_never_raises(text: str) -> None:
    check = check_bytes(KIND_BY_FOLDER["offres"], f"---\n{text}\n---\nTexte.\n".encode(), "fiches/offres/x.md")
    lines = text.count("\n") + 4
    for error in check.errors:
        assert MESSAGE.match(str(error)), str(error)
        assert 1 <= error.line <= lines


def _value(prop: dict) -> st.SearchStrategy:
    """A value for a schema property: often valid, sometimes of the wrong kind."""
    prop = resolve(prop)
    wrong = st.one_of(st.none(), st.booleans(), st.integers(-5, 5000), st.text(max_size=12),
                      st.lists(st.text(max_size=5), max_size=2))
    if "enum" in prop:
        right = st.sampled_from(prop["enum"])
    elif "oneOf" in prop:
        right = st.one_of(st.integers(0, 9000), st.fixed_dictionaries({"min": st.integers(0, 5000),
                                                                       "max": st.integers(0, 5000)}))
    elif prop.get("type") == "object":
        props = prop.get("properties", {})
        right = st.fixed_dictionaries({k: _value(v) for k, v in props.items() if k in prop.get("required", [])},
                                      optional={k: _value(v) for k, v in props.items()
                                                if k not in prop.get("required", [])})
    elif prop.get("type") == "array":
        right = st.lists(_value(prop.get("items", {})), max_size=3)
    elif prop.get("format") == "date":
        right = st.dates().map(lambda d: d.isoformat()) | st.from_regex(r"\A20\d\d-[01]\d-[0-3]\d\Z")
    elif prop.get("type") in ("integer", "number"):
        right = st.integers(0, 120)
    elif prop.get("type") == "boolean":
        right = st.booleans()
    else:
        right = st.text(min_size=1, max_size=40) | st.sampled_from(["charge-de-mission", "K1802", "46", "2A"])
    return st.one_of(right, right, right, wrong)


@pytest.mark.parametrize("kind", ["metier", "temoignage", "offre"])
def test_any_front_matter_from_the_schema_is_valid_or_explained(kind: str) -> None:
    import yaml

    s = schema(kind)
    strategy = st.fixed_dictionaries({k: _value(v) for k, v in s["properties"].items() if k in s["required"]},
                                     optional={k: _value(v) for k, v in s["properties"].items()
                                               if k not in s["required"]})
    folder = {"metier": "metiers", "temoignage": "temoignages", "offre": "offres"}[kind]

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def run(data: dict) -> None:
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\nTexte.\n"
        check = check_bytes(KIND_BY_FOLDER[folder], text.encode(), f"fiches/{folder}/x.md")
        for error in check.errors:
            assert MESSAGE.match(str(error)), str(error)
            assert error.line <= text.count("\n") + 1
        if not check.errors:
            assert check.raw is not None
            KIND_BY_FOLDER[folder].model.from_data(dict(slug="x", path="p", titre=data["titre"], body="", body_line=1), data)

    run()


HOSTILE = '<img src=x onerror="window.__xss=1">'


def test_hostile_values_never_run_script(tmp_path: Path, browser) -> None:
    """Every front-matter value that reaches a page carries script; no page runs it."""
    project = copy_project(tmp_path / "project")
    metiers = project / "fiches" / "metiers"
    script = '</script><script>window.__xss=2</script>'
    (metiers / "hostile.md").write_text(f"""---
titre: '{HOSTILE} Chargé·e hostile'
resume: '{script} un résumé assez long pour passer'
secteurs: ['{HOSTILE} secteur']
competences: ['<b onmouseover="window.__xss=3">compétence</b>']
qualites: ['{script}']
appellations: ['{HOSTILE}']
employeurs: ['{script}']
formation: {{niveau: bac, texte: '{HOSTILE}'}}
salaire: {{brut_mensuel: 2000, source: '{script}', annee: 2024}}
sources: [{{titre: '{HOSTILE}', url: 'https://exemple.org/"><script>window.__xss=4</script>'}}]
---
Texte.
""", encoding="utf-8")
    (project / "fiches" / "temoignages" / "hostile.md").write_text(f"""---
titre: '{HOSTILE}'
personne: {{prenom: '{HOSTILE}', poste: '{script}', structure: '{HOSTILE}'}}
metiers: [hostile]
citation: '{script}'
---
Texte.
""", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in site.rglob("*.html"):
        content = page.read_text(encoding="utf-8")
        assert "window.__xss" not in content.replace("window.__xss=1&#34;", "").replace("window.__xss=1&quot;", "") \
            or "<script>window.__xss" not in content, page
        assert "<img src=x" not in content and "<b onmouseover" not in content, page
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from conftest import QuietHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in sorted(site.rglob("index.html")):
            rel = path.parent.relative_to(site).as_posix()
            page.goto(base + ("" if rel == "." else rel + "/"))
            page.wait_for_load_state("load")
            assert page.evaluate("window.__xss") is None, rel
        # search results insert titles as HTML
        page.goto(base)
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("hostile", delay=30)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        page.wait_for_timeout(500)
        assert page.evaluate("window.__xss") is None
        assert "<img" in page.locator(".md-search-result__item h1").first.inner_text()  # shown as text
    finally:
        server.shutdown()
    assert dialogs == []
