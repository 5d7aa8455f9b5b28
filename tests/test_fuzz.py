"""Property-based tests: generated bodies never get live markup onto a page, nor a traceback out.

Hypothesis writes Markdown bodies from pieces that attack (script, handlers, styles, URL schemes,
frames, SVG, attribute lists, entities) mixed with ordinary Markdown and random text:
- whatever the body, the cleaned HTML has no live markup;
- a body that `fiches check` accepts renders to HTML with no live markup at all (the check misses
  nothing the sanitizer would remove);
- fiches made of such bodies either build, with no live markup in their pages, or stop the build
  with French errors naming file and line, never a traceback.
The example count and the seed are fixed for CI (derandomize); bench/fuzz.py runs the same
properties with many more examples.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

from conftest import FIXTURE_EPOCH, copy_project, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiches_engine.corpus import load_corpus
from fiches_engine.sanitize import check_body, clean_html, render

EXAMPLES = int(os.environ.get("FICHES_FUZZ_EXAMPLES", "300"))
BUILDS = int(os.environ.get("FICHES_FUZZ_BUILDS", "3"))
FIXED = os.environ.get("FICHES_FUZZ_RANDOM") != "1"  # CI: the same examples every run
MESSAGE = re.compile(r"^fiches/(metiers|temoignages|offres)/[^:]+\.md:\d+: ")

PIECES = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//x>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:x)", "[a](&#106;avascript:x)", "[a](java&#x09;script:x)", "<a href='java\tscript:x'>a</a>",
    "{ onclick=x }", '{ style="position:fixed;inset:0" }', "{: .md-header }", "{ #id .note }",
    "<div style='position:fixed'>", "<svg onload=x>", "<svg><script>x</script></svg>", "<iframe src=x>",
    "<form action=x><input name=a>", "<style>body{display:none}</style>", "<math><mi>x</mi></math>",
    "![x](data:text/html,x)", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<object data=x>", "<embed src=x>",
    "<a href=vbscript:x>a</a>", "<!-- commentaire -->", "<base href=//x>", "<meta http-equiv=refresh>",
    "<link rel=stylesheet href=x>", "<p onmouseover=x>p</p>", "<details open ontoggle=x>", "<x onclick=y>",
    "**gras**", "*it*", "## Titre", "### Sous-titre {#ancre}", "- item", "1. un", "> cite", "---",
    "| a | b |\n|:-:|--:|\n| 1 | 2 |", "```\n<script>x</script>\n```", "`<b onclick=x>`", "    <script>indente",
    "!!! note\n    x", "!!! danger \"Titre\"\n    y", '<div markdown="1">\n*x*\n</div>', "&lt;script&gt;", "&amp;",
    "&", "<", ">", '"', "'", "\n", "\n\n", " ", "texte", "é", "Chargé·e", "[a](https://exemple.org)",
    "[a](../metiers/x.md)", "<https://exemple.org>", "<x@exemple.fr>", "[a](tel:+33123)", "[a](mailto:x@y.fr)",
    "[a](file:///etc/passwd)", "![i](https://exemple.org/i.png)", "[ref]: javascript:x", "[a][ref]",
]
BODIES = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=14).map("".join)

DANGEROUS_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea",
                  "select", "svg", "math", "link", "meta", "base", "template", "details"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"{name}=")
            elif name == "style" and re.sub(r"\s", "", value).rstrip(";").split(":")[0] != "text-align":
                self.found.append(f"style={value}")
            elif name == "style" and ";" in value.strip().rstrip(";"):
                self.found.append(f"style={value}")
            elif name in URL_ATTRIBUTES and re.match(r"(?i)(javascript|vbscript|data|file):",
                                                      re.sub(r"[\x00-\x20]+", "", value)):
                self.found.append(f"{name}={value}")
            elif name == "class" and re.search(r"\bmd-", value):
                self.found.append(f"class={value}")

    handle_startendtag = handle_starttag


def live_markup(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_detector_sees_live_markup() -> None:
    assert live_markup('<p onclick="x">a</p><a href=" java\tscript:x">b</a><div style="position:fixed">') == [
        "onclick=", "href= java\tscript:x", "style=position:fixed"]
    assert live_markup('<td style="text-align: center;">1</td><a href="https://x">x</a>') == []


@settings(max_examples=EXAMPLES, deadline=None, derandomize=FIXED, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_a_body_is_clean_or_reported(body: str) -> None:
    html = render(body)
    assert live_markup(clean_html(html)) == []
    errors = check_body(body, "fiches/metiers/x.md", 8)
    for error in errors:
        assert MESSAGE.match(str(error)) and 8 <= error.line <= 8 + body.count("\n"), str(error)
    if not errors:
        assert live_markup(html) == [], body


FRONT = """---
titre: "Métier numéro {n}"
resume: "Un métier écrit par le générateur de tests, numéro {n}."
secteurs: [action sociale]
competences: [gestion de projet]
qualites: [rigueur]
---

DEBUTCORPS{n}

{body}

FINCORPS{n}
"""


@settings(max_examples=BUILDS, deadline=None, derandomize=FIXED,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(BODIES, min_size=6, max_size=6))
def test_fiches_build_without_live_markup_or_stop_in_french(tmp_path_factory, bodies: list[str]) -> None:
    tmp = tmp_path_factory.mktemp("fuzz")
    project = copy_project(tmp / "project")
    for n, body in enumerate(bodies):
        (project / "fiches" / "metiers" / f"metier-genere-{n}.md").write_text(FRONT.format(n=n, body=body),
                                                                            encoding="utf-8")
    _, errors = load_corpus(project / "fiches")
    site = tmp / "site"
    result = mkdocs_build(project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    if errors:
        assert result.returncode == 1
        assert all(MESSAGE.match(str(e)) for e in errors)
        assert all(str(e) in out for e in errors)
        return
    assert result.returncode == 0, out
    for n in range(len(bodies)):
        page = (site / "metiers" / f"metier-genere-{n}" / "index.html").read_text(encoding="utf-8")
        start, end = page.index(f"DEBUTCORPS{n}"), page.index(f"FINCORPS{n}")
        assert live_markup(page[start:end]) == [], (bodies[n], page[start:end])
