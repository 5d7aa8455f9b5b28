"""The body sanitizer knows the site's Markdown: same extensions, and what they make passes untouched."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.yaml import yaml_load

from fiches_engine.element_ids import SITE_IDS, heading_id, id_problem
from fiches_engine.sanitize import ATTRIBUTES, EXTENSIONS, check_body, clean_html, removed, render

MKDOCS_DEFAULTS = {"toc", "tables", "fenced_code"}  # MkDocs adds them to every site


def test_extensions_are_those_of_mkdocs_yml() -> None:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    names = {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}
    assert names | MKDOCS_DEFAULTS == set(EXTENSIONS)
    toc = next(e["toc"] for e in config["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert toc["slugify"] is heading_id  # the same automatic ids as the check's


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


# Every element kind the sanitizer lets through, with an attribute list (attr_list) or raw attributes.
_ELEMENTS = [
    "# Titre {attrs}\n", "### Titre {attrs}\n", "###### Titre {attrs}\n", "Un paragraphe.\n{attrs}\n",
    "- un point {attrs}\n- un autre\n", "1. premier {attrs}\n", "[un lien](https://exemple.fr){attrs}\n",
    "![une image](images/photo.png){attrs}\n", "Du *texte*{attrs} mis en valeur.\n", "Du **gras**{attrs}.\n",
    "Du `code`{attrs}.\n", "> Une citation.\n{attrs}\n", "!!! note\n    Un encadré.\n\nSuite.\n{attrs}\n",
    "| a | b |\n|:--|--:|\n| [x](https://exemple.fr){attrs} | y |\n", '<div markdown="1" {raw}>\nUn bloc.\n</div>\n',
    "```python\nx = 1\n```\n\nAprès.\n{attrs}\n",
]
_ATTRIBUTE_NAMES = ["id", "class", "title", "href", "src", "alt", "style", "onclick", "onmouseover", "name", "form",
                    "data-md-component", "data-md-toggle", "hidden", "tabindex", "target", "rel", "lang", "width"]


@st.composite
def _attributes(draw: st.DrawFn) -> tuple[str, str, str | None]:
    """An element with attributes, as attr_list and raw HTML write them, and the id given (if any)."""
    identifier = draw(st.one_of(
        st.sampled_from(sorted(SITE_IDS) + ["__config", "__search", "__drawer", "_x", "lettre-b", "ma-section",
                                            "Titre", "mon_ancre", "a1", "é", "x.y"]),
        st.text(alphabet="abzAZ09_-.:é ", min_size=1, max_size=10).filter(lambda s: s.strip() == s and s)))
    pairs = draw(st.lists(st.tuples(st.sampled_from(_ATTRIBUTE_NAMES[1:]),
                                    st.text(alphabet="az09 :;/_-#.é()", max_size=12)), max_size=3))
    with_id = draw(st.booleans())
    listed = ([f"#{identifier}"] if with_id and " " not in identifier else []) + [f'{k}="{v}"' for k, v in pairs]
    raw = " ".join(([f'id="{identifier}"'] if with_id else []) + [f'{k}="{v}"' for k, v in pairs])
    element = draw(st.sampled_from(_ELEMENTS))
    return element.replace("{attrs}", "{: " + " ".join(listed) + " }").replace("{raw}", raw), identifier, (
        identifier if with_id else None)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_attributes())
def test_no_attribute_list_gets_past_the_allowlist(case: tuple[str, str, str | None]) -> None:
    body, _, given_id = case
    html = render(body)
    cleaned = clean_html(html)
    for tag, attributes in _elements(cleaned):
        for name, value in attributes:
            assert name in ATTRIBUTES.get(tag, set()), (body, cleaned)
            if name == "id":
                assert id_problem(value or "") is None, (body, cleaned)
    errors = [str(e) for e in check_body(body, "fiches/metiers/x.md", 8)]
    gone = removed(html, cleaned)
    assert bool(errors) == bool(gone), (body, html, cleaned)  # nothing removed without a word
    assert all(re.match(r"fiches/metiers/x\.md:\d+: texte : serait retiré de la page : ", e) for e in errors)
    ids_written = [v for _, attributes in _elements(html) for n, v in attributes if n == "id"]
    if given_id is not None and given_id in ids_written and id_problem(given_id):
        assert any(f"l'identifiant « {given_id} »" in e for e in errors), (body, errors)


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect(convert_charrefs=True).feed(html)
    return found
