"""Feeds of open offers, read by a real feed parser (feedparser), on two build dates.

On 2024-06-01 (the corpus's day) « coordination-reseau-local » is open until 2024-07-15; the
other offer closed in February. Built again on 2024-08-01, the feeds hold no offer.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import mkdocs_build

SITE_URL = "https://fiches-metiers.github.io/fiches/"
OPEN_OFFER = SITE_URL + "offres/coordination-reseau-local/"
AUGUST = "1722470400"  # 2024-08-01


def read_atom(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def read_json_feed(path: Path) -> dict:
    feed = json.loads(path.read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"].startswith(SITE_URL)
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith(SITE_URL) and item["title"]
    return feed


def test_site_feed_holds_the_open_offers(built_site: Path) -> None:
    atom = read_atom(built_site / "offres" / "flux.xml")
    assert atom.feed.title == "Offres ouvertes" and atom.feed.language == "fr"
    assert [e.link for e in atom.entries] == [OPEN_OFFER]
    entry = atom.entries[0]
    assert entry.title == "Chargé·e de mission réseau local à Figeac"
    assert entry.published.startswith("2024-05-02") and "15 juillet 2024" in entry.summary
    assert [i["url"] for i in read_json_feed(built_site / "offres" / "flux.json")["items"]] == [OPEN_OFFER]


def test_each_metier_has_its_feed_of_open_offers(built_site: Path) -> None:
    with_offer = read_atom(built_site / "metiers" / "charge-de-missions-locales" / "flux.xml")
    assert [e.link for e in with_offer.entries] == [OPEN_OFFER]
    for metier in ("charge-de-mission", "chef-de-projet-charge-de-mission"):  # their offer is closed
        assert read_atom(built_site / "metiers" / metier / "flux.xml").entries == []
        assert read_json_feed(built_site / "metiers" / metier / "flux.json")["items"] == []


@pytest.mark.parametrize("page, feed", [
    ("index.html", "offres/flux"), ("offres/index.html", "offres/flux"),
    ("metiers/charge-de-mission/index.html", "metiers/charge-de-mission/flux"),
])
def test_pages_announce_their_feeds(built_site: Path, page: str, feed: str) -> None:
    html = (built_site / page).read_text(encoding="utf-8")
    links = _Links()
    links.feed(html)
    assert (["alternate"], "application/atom+xml", f"{SITE_URL}{feed}.xml") in links.found
    assert (["alternate"], "application/feed+json", f"{SITE_URL}{feed}.json") in links.found


class _Links(HTMLParser):
    """<link> elements as browsers and feed readers read them: rel is a list of words."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[list[str], str | None, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link":
            self.found.append(((a.get("rel") or "").split(), a.get("type"), a.get("href")))


def test_an_offer_leaves_the_feeds_when_it_closes(fixture_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(fixture_project, site, "--strict", env={"SOURCE_DATE_EPOCH": AUGUST})
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_atom(site / "offres" / "flux.xml").entries == []
    assert read_atom(site / "metiers" / "charge-de-missions-locales" / "flux.xml").entries == []
    assert read_json_feed(site / "offres" / "flux.json")["items"] == []
