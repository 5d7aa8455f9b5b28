"""What search engines and share cards read, checked on the built test corpus with outside tools.

The corpus is built on 2024-06-01: « coordination-reseau-local » is open (deadline 2024-07-15),
« la-tresse-coordination-communication » closed (2024-02-29). Adobe's validator, which implements
Google's rich-result rules, must report no error on métiers, testimonials and the open offer; the
closed offer must carry no JobPosting.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

VALIDATOR = ROOT / "tests" / "tools" / "structured_data.mjs"
SITE_URL = "https://fiches-metiers.github.io/fiches/"  # mkdocs.yml's default, the tests set no FICHES_SITE_URL
OPEN, CLOSED = "offres/coordination-reseau-local/index.html", "offres/la-tresse-coordination-communication/index.html"


def validate(*pages: Path) -> dict[str, dict]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@adobe" / "structured-data-validator").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("the structured data validator needs Node.js and npm ci")
        pytest.skip("Node.js or @adobe/structured-data-validator missing (npm ci)")
    result = subprocess.run([node, str(VALIDATOR), *map(str, pages)], capture_output=True, text=True,
                            timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def fiche_pages(site: Path, folder: str) -> list[Path]:
    return sorted(p for p in (site / folder).glob("*/index.html"))


def test_no_error_on_metiers_testimonials_and_open_offers(built_site: Path) -> None:
    pages = fiche_pages(built_site, "metiers") + fiche_pages(built_site, "temoignages") + [built_site / OPEN]
    results = validate(*pages)
    expected = {"metiers": "Occupation", "temoignages": "Article", "offres": "JobPosting"}
    for page in pages:
        found = results[str(page)]
        types = [item.get("@type") for item in found["jsonld"]]
        assert types == [expected[page.relative_to(built_site).parts[0]]], (page, types)
        errors = [i for i in found["issues"] if i["severity"] == "ERROR"]
        assert errors == [], (page, errors)


def test_closed_offer_has_no_job_posting_but_stays_described(built_site: Path) -> None:
    found = validate(built_site / CLOSED)[str(built_site / CLOSED)]
    assert [item["@type"] for item in found["jsonld"]] == ["WebPage"]
    assert "clôturée" in found["jsonld"][0]["description"]


def test_the_validator_reports_a_job_posting_without_its_required_fields(built_site: Path, tmp_path: Path) -> None:
    html = (built_site / OPEN).read_text(encoding="utf-8")
    broken = re.sub(r'"datePosted":"[^"]*",|"hiringOrganization":\{[^}]*\},', "", html)
    assert broken != html
    page = tmp_path / "offre.html"
    page.write_text(broken, encoding="utf-8")
    errors = [i for i in validate(page)[str(page)]["issues"] if i["severity"] == "ERROR"]
    assert {name for i in errors for name in i["fieldNames"]} >= {"datePosted", "hiringOrganization"}


def test_job_posting_says_what_google_asks(built_site: Path) -> None:
    posting = validate(built_site / OPEN)[str(built_site / OPEN)]["jsonld"][0]
    assert posting["datePosted"] == "2024-05-02"
    assert posting["validThrough"] == "2024-07-15T23:59:59+02:00"  # the end of the deadline day in France
    assert posting["hiringOrganization"]["name"] == "Maison des initiatives du Ségala"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Figeac"
    assert posting["jobLocation"]["address"]["addressCountry"] == "FR"
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue", "value": 2350, "unitText": "MONTH"}
    assert posting["relevantOccupation"][0]["url"] == SITE_URL + "metiers/charge-de-missions-locales/"
    assert "<h2" in posting["description"] and "<script" not in posting["description"]


def test_occupation_has_codes_salary_and_skills(built_site: Path) -> None:
    page = built_site / "metiers" / "charge-de-missions-locales" / "index.html"
    occupation = validate(page)[str(page)]["jsonld"][0]
    assert occupation["estimatedSalary"]["currency"] == "EUR" and occupation["estimatedSalary"]["duration"] == "P1M"
    assert occupation["estimatedSalary"]["median"] == 2917
    assert "2022" in occupation["estimatedSalary"]["description"]
    assert {"@type": "CategoryCode", "codeValue": "K1802", "inCodeSet": {"@type": "CategoryCodeSet", "name": "ROME"}} \
        in occupation["occupationalCategory"]
    assert occupation["skills"] and occupation["qualifications"]


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name") or ""] = a.get("content") or ""
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")


def test_every_page_has_a_share_card_and_a_canonical_url(built_site: Path) -> None:
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        head = _Head()
        head.feed(page.read_text(encoding="utf-8"))
        url = SITE_URL + page.parent.relative_to(built_site).as_posix() + "/"
        url = url.replace("/./", "/")
        assert head.canonical == url, page
        assert head.meta["og:url"] == url, page
        assert head.meta["og:title"] and head.meta["og:description"], page
        assert head.meta["og:image"] == SITE_URL + "assets/partage.png", page
        assert head.meta["twitter:card"] == "summary_large_image", page
    assert (built_site / "assets" / "partage.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
