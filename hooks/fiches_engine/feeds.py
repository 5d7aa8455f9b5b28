"""Feeds of open offers: one for the whole site, one per métier, in Atom and JSON Feed.

An offer is in the feeds while it is open; the daily rebuild takes it out the day after its
deadline. Why not mkdocs-rss-plugin: it makes one or two feeds of pages, dated by git, for a blog;
ours are feeds of offers selected by their open state, one per métier (thousands), dated by the
offers themselves, so they are views of the corpus like the rest. Atom is written by feedgen (a maintained library, which escapes and formats dates
the way feed readers expect); JSON Feed 1.1 (https://jsonfeed.org/version/1.1) is plain JSON,
written here. Dates come from the fiches and the build date, never from the clock, so the same
content gives the same bytes.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from feedgen.feed import FeedGenerator

from . import views
from .corpus import Corpus
from .kinds import METIERS, OFFRES
from .french import format_date
from .model import Offre

SITE_FEED = "offres/flux"  # + .xml (Atom) and .json (JSON Feed)


SITE_TITLE = "Offres ouvertes"


def metier_feed(slug: str) -> str:
    return f"metiers/{slug}/flux"


def metier_title(titre: str) -> str:
    return f"Offres ouvertes : {titre}"


@dataclass(frozen=True)
class Feed:
    path: str  # without extension, relative to the site's root
    title: str
    page: str  # the page the feed belongs to (absolute URL)
    offres: tuple[Offre, ...]


def links(path: str, title: str, site_url: str) -> list[dict[str, str]]:
    """What a page's head announces: a <link rel="alternate"> for each format of a feed."""
    base = site_url.rstrip("/") + "/" + path
    return [{"type": "application/atom+xml", "href": base + ".xml", "title": title + " (Atom)"},
            {"type": "application/feed+json", "href": base + ".json", "title": title + " (JSON Feed)"}]


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), timezone.utc)


def open_offers(corpus: Corpus, today: date, metier: str | None = None) -> tuple[Offre, ...]:
    """Open offers, newest first (publication date, then title)."""
    offers = corpus.offres_by_metier.get(metier, []) if metier else corpus.offres.values()
    return tuple(sorted((o for o in offers if not o.is_closed(today)),
                        key=lambda o: (o.publiee, o.slug), reverse=True))


def feeds(corpus: Corpus, today: date, site_url: str) -> list[Feed]:
    site = site_url.rstrip("/") + "/"
    out = [Feed(SITE_FEED, SITE_TITLE, site + "offres/", open_offers(corpus, today))]
    for slug, m in corpus.metiers.items():
        out.append(Feed(metier_feed(slug), metier_title(m.titre), METIERS.absolute_url(site_url, slug),
                        open_offers(corpus, today, slug)))
    return out


def _summary(o: Offre) -> str:
    return f"{o.structure.nom}, {views.place(o)}. {views.CONTRATS[o.contrat]}, " \
           f"candidatures jusqu'au {format_date(o.date_limite)}."


def _updated(feed: Feed, today: date) -> date:
    return max((o.publiee for o in feed.offres), default=today)


def atom(feed: Feed, site_url: str, today: date) -> str:
    fg = FeedGenerator()
    fg.id(feed.page)
    fg.title(feed.title)
    fg.link(href=feed.page, rel="alternate")
    fg.link(href=site_url.rstrip("/") + "/" + feed.path + ".xml", rel="self")
    fg.language("fr")
    fg.updated(_moment(_updated(feed, today)))
    fg.generator("Fiches")
    for o in reversed(feed.offres):  # feedgen puts each new entry first
        url = OFFRES.absolute_url(site_url, o.slug)
        entry = fg.add_entry()
        entry.id(url)
        entry.title(o.titre)
        entry.link(href=url)
        entry.summary(_summary(o))
        entry.published(_moment(o.publiee))
        entry.updated(_moment(o.publiee))
        entry.author(name=o.structure.nom)
    return fg.atom_str(pretty=True).decode("utf-8")


def json_feed(feed: Feed, site_url: str, today: date) -> str:
    data = {
        "version": "https://jsonfeed.org/version/1.1", "title": feed.title, "language": "fr",
        "home_page_url": feed.page, "feed_url": site_url.rstrip("/") + "/" + feed.path + ".json",
        "items": [{"id": OFFRES.absolute_url(site_url, o.slug), "url": OFFRES.absolute_url(site_url, o.slug),
                   "title": o.titre, "summary": _summary(o), "content_text": _summary(o),
                   "date_published": _moment(o.publiee).isoformat(),
                   "authors": [{"name": o.structure.nom}]} for o in feed.offres],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@functools.lru_cache(maxsize=20_000)
def _texts(feed: Feed, site_url: str, today: date) -> tuple[str, str]:
    """Both formats of a feed. Remembered: a feed is a value (its offers are frozen), and a preview's
    rebuild makes again the same 5,000 feeds but for the few an edit changed."""
    return atom(feed, site_url, today), json_feed(feed, site_url, today)


def feed_files(corpus: Corpus, today: date, site_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """The feed files (path -> text): the site's, and one pair per métier."""
    site: dict[str, str] = {}
    per_metier: dict[str, str] = {}
    for feed in feeds(corpus, today, site_url):
        files = site if feed.path == SITE_FEED else per_metier
        files[feed.path + ".xml"], files[feed.path + ".json"] = _texts(feed, site_url, today)
    return site, per_metier
