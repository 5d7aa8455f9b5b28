"""The body sanitizer knows the site's Markdown: same extensions, and what they make passes untouched."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from mkdocs.utils.yaml import yaml_load

from fiches_engine.sanitize import EXTENSIONS, clean_html, removed, render

MKDOCS_DEFAULTS = {"toc", "tables", "fenced_code"}  # MkDocs adds them to every site


def test_extensions_are_those_of_mkdocs_yml() -> None:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    names = {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}
    assert names | MKDOCS_DEFAULTS == set(EXTENSIONS)


def test_everything_the_markdown_makes_is_kept() -> None:
    body = (Path(__file__).parent / "cases" / "metiers" / "html-sans-danger-accepte.md").read_text(encoding="utf-8")
    html = render(body.split("---\n", 2)[2])
    for made in ("<table>", 'style="text-align: center;"', 'class="admonition tip"', 'id="mon-ancre"',
                 'class="language-html"', "href=\"tel:+33123456789\""):
        assert made in html
    assert removed(html, clean_html(html)) == []


def test_the_overlay_and_its_script_are_gone() -> None:
    html = '<div style="position:fixed;inset:0" onclick="x()" class="md-dialog">Connexion</div><a href="javascript:x()">a</a>'
    cleaned = clean_html(html)
    assert cleaned == "<div>Connexion</div><a>a</a>"
    assert removed(html, cleaned) == [("a", "href", "javascript:x()"), ("div", "class", "md-dialog"),
                                      ("div", "onclick", "x()"), ("div", "style", "position:fixed;inset:0")]
