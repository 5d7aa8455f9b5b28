"""Structured data (schema.org, as JSON-LD) for search engines: one view of each fiche.

- a métier is an ``Occupation`` (https://schema.org/Occupation): its codes as ``CategoryCode``
  of the ROME, ISCO-08 and ESCO sets, its salary as a ``MonetaryAmountDistribution`` in EUR per
  month (``duration`` P1M): a single figure is its ``median`` (named « moyenne » or « médiane »
  as the source says), a range its ``percentile10`` and ``percentile90``;
- an open offer is a ``JobPosting`` with what Google requires and recommends
  (https://developers.google.com/search/docs/appearance/structured-data/job-posting); a closed
  offer gets none, as Google asks for expired postings, and stays described as a ``WebPage``;
- a testimonial is an ``Article`` about the person, who is given only by what the fiche
  publishes (first name and job), never more.

Each function returns a plain dict; the site writes it in the page's <script type="application/ld+json">.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from typing import Any

from .corpus import Corpus
from .kinds import METIERS, OFFRES, TEMOIGNAGES
from .model import Metier, Offre, Temoignage
from .sanitize import clean_html, render

CONTEXT = "https://schema.org"
# schema.org's employmentType values for the contracts of the content model
EMPLOYMENT_TYPE = {"cdi": "FULL_TIME", "cdd": "TEMPORARY", "prestation": "CONTRACTOR", "stage": "INTERN",
                   "alternance": "INTERN", "service civique": "VOLUNTEER", "benevolat": "VOLUNTEER"}
PAY_UNIT = {"heure": "HOUR", "jour": "DAY", "mois": "MONTH", "an": "YEAR"}


def _code(value: str, code_set: str) -> dict[str, Any]:
    return {"@type": "CategoryCode", "codeValue": value, "inCodeSet": {"@type": "CategoryCodeSet", "name": code_set}}


def occupation(m: Metier, corpus: Corpus, site_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Occupation", "name": m.titre, "description": m.resume,
                            "url": METIERS.absolute_url(site_url, m.slug),
                            "occupationLocation": {"@type": "Country", "name": "France"}}
    if m.appellations:
        data["alternateName"] = list(m.appellations)
    codes = [_code(c, "ROME") for c in m.codes.rome]
    if m.codes.isco:
        codes.append(_code(m.codes.isco, "ISCO-08"))
    if m.codes.esco:
        codes.append(_code(m.codes.esco, "ESCO"))
        data["sameAs"] = m.codes.esco
    if codes:
        data["occupationalCategory"] = codes
    data["skills"] = list(m.competences)
    data["qualifications"] = list(m.qualites)
    if m.formation and (m.formation.niveau or m.formation.texte):
        credential: dict[str, Any] = {"@type": "EducationalOccupationalCredential"}
        if m.formation.niveau:
            credential["credentialCategory"] = m.formation.niveau
        if m.formation.texte:
            credential["description"] = m.formation.texte
        data["educationRequirements"] = credential
    if m.salaire:
        s = m.salaire
        salary: dict[str, Any] = {"@type": "MonetaryAmountDistribution", "currency": "EUR", "duration": "P1M",
                                  "name": "salaire brut mensuel" + (f" ({s.base})" if s.base else "")}
        if s.min == s.max:
            salary["median"] = s.min
        else:
            salary["percentile10"], salary["percentile90"] = s.min, s.max
        about = ", ".join(str(x) for x in (s.source, s.annee) if x)
        if about:
            salary["description"] = f"Source : {about}."
        data["estimatedSalary"] = salary
    if m.secteurs:
        data["industry"] = list(m.secteurs)
    _modified(data, corpus, m.path)
    return data


def _modified(data: dict[str, Any], corpus: Corpus, path: str) -> None:
    """dateModified: the date of the fiche's last commit, when known."""
    if path in corpus.changed:
        data["dateModified"] = corpus.changed[path].isoformat()


def _end_of_day(day: date) -> str:
    """The last second of a day in France (the deadline day is open until its end)."""
    try:
        zone = ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:  # a system without time zone data (Windows without tzdata)
        return day.isoformat()
    return datetime.combine(day, time(23, 59, 59), zone).isoformat()


def _address(o: Offre) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": o.lieu.commune, "addressCountry": "FR"}
    if o.lieu.region:
        address["addressRegion"] = o.lieu.region
    return address


def job_posting(o: Offre, corpus: Corpus, site_url: str, today: date) -> dict[str, Any]:
    """The offer's JobPosting while it is open; a plain WebPage once closed."""
    url = OFFRES.absolute_url(site_url, o.slug)
    if o.is_closed(today):
        return {"@context": CONTEXT, "@type": "WebPage", "name": o.titre, "url": url,
                "description": f"Offre clôturée le {o.date_limite.isoformat()}."}
    organization: dict[str, Any] = {"@type": "Organization", "name": o.structure.nom}
    if o.structure.url:
        organization["sameAs"] = o.structure.url
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "JobPosting", "title": o.titre,
        # rendered here as the page renders it: the engine does not see the page (offers only, a few)
        "description": clean_html(render(o.body)).strip() or o.titre,
        "datePosted": o.publiee.isoformat(),
        "validThrough": _end_of_day(o.date_limite),
        "hiringOrganization": organization,
        "jobLocation": {"@type": "Place", "address": _address(o)},
        "employmentType": EMPLOYMENT_TYPE.get(o.contrat, "OTHER"),
        "identifier": {"@type": "PropertyValue", "name": o.structure.nom, "value": o.slug},
        "url": url, "directApply": False,
    }
    if o.lieu.teletravail == "total":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "FR"}
    if o.debut:
        data["jobStartDate"] = o.debut.isoformat()
    r = o.remuneration
    if r and r.montant is not None and r.unite in PAY_UNIT:
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR",
                              "value": {"@type": "QuantitativeValue", "value": r.montant, "unitText": PAY_UNIT[r.unite]}}
    occupations = [corpus.metiers[s] for s in o.metiers if s in corpus.metiers]
    if occupations:
        data["relevantOccupation"] = [{"@type": "Occupation", "name": m.titre, "url": METIERS.absolute_url(site_url, m.slug)}
                                      for m in occupations]
        rome = [c for m in occupations for c in m.codes.rome]
        if rome:
            data["occupationalCategory"] = rome
    _modified(data, corpus, o.path)
    return data


def article(t: Temoignage, corpus: Corpus, site_url: str) -> dict[str, Any]:
    # the first name only, as the fiche publishes it (Google asks every Person for a name)
    person = {"@type": "Person", "name": t.personne.prenom, "givenName": t.personne.prenom,
              "jobTitle": t.personne.poste}
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Article", "headline": t.titre, "url": TEMOIGNAGES.absolute_url(site_url, t.slug),
        "about": [person] + [{"@type": "Occupation", "name": corpus.metiers[s].titre,
                              "url": METIERS.absolute_url(site_url, s)} for s in t.metiers if s in corpus.metiers],
        "inLanguage": "fr",
    }
    if t.citation:
        data["abstract"] = t.citation
    if t.date:
        data["datePublished"] = t.date.isoformat()
    _modified(data, corpus, t.path)
    if t.source:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": t.source.titre, **({"url": t.source.url} if t.source.url else {})}
    return data


def to_script(data: dict[str, Any]) -> str:
    """The JSON-LD as it goes in a <script> element: « < » escaped so no value can close it."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":")).replace("<", "\\u003c")
