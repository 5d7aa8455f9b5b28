"""A métier's salary drawn on a simple scale, against the minimum wage (Smic) and the median salary
of the same year, as an inline SVG made at build time, with the same facts in a sentence.

The reference figures live in one file, reperes/salaires.yml, each with its source. The Smic is
kept as its hourly rate (what decrees fix); a month is 35 hours a week (× 35 × 52 / 12). Insee
publishes the median in net terms only; the métiers' figures are gross, so the median is shown as
an order of magnitude in gross terms, from Insee's own ratio of mean gross to mean net salary of
the same study, and said to be an estimate next to the net figure it comes from.

Drawn by hand rather than by a charting library: a line, two marks and a bar, with no script
and no style attribute (the pages' Content-Security-Policy allows neither), classes only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from .french import format_number
from .model import Salaire

REFERENCES = Path(__file__).resolve().parent / "reperes" / "salaires.yml"
HOURS_PER_MONTH = 35 * 52 / 12

# The drawing, in the SVG's own units (it scales with the page's width).
WIDTH, LEFT, RIGHT, AXIS = 360, 12, 348, 38


@dataclass(frozen=True)
class Median:
    year: int
    net: int
    gross: int  # the estimate in gross terms (see above), rounded to ten euros
    name: str  # the source, short, as the page links to it
    source: str
    url: str


@dataclass(frozen=True)
class References:
    smic_hourly: dict[int, float]
    smic_name: str
    smic_source: str
    smic_url: str
    medians: dict[int, Median]

    def smic(self, year: int) -> tuple[int, float]:
        """The year whose Smic is shown for ``year`` (itself, or the nearest known), and its monthly amount."""
        shown = _nearest(self.smic_hourly, year)
        return shown, round(self.smic_hourly[shown] * HOURS_PER_MONTH, 2)

    def median(self, year: int) -> Median:
        return self.medians[_nearest(self.medians, year)]


def sources(refs: References | None = None) -> list[dict[str, Any]]:
    """Every reference figure's source, for a page that draws several years (the comparison)."""
    refs = refs or references()
    return [{"titre": escape(f"Smic : {refs.smic_source}"), "url": refs.smic_url},
            *({"titre": escape(f"salaire médian {m.year} : {m.source}"), "url": m.url} for m in refs.medians.values())]


def figures(refs: References | None = None) -> dict[str, Any]:
    """Every reference figure, year by year, with its source (the page « Repères de salaire »)."""
    refs = refs or references()
    return {"smic": [{"annee": year, "horaire": escape(_euros(hourly)), "mensuel": escape(_euros(refs.smic(year)[1]))}
                     for year, hourly in sorted(refs.smic_hourly.items())],
            "medianes": [{"annee": m.year, "net": escape(_euros(m.net)), "brut": escape(_euros(m.gross)),
                          "source": escape(m.source), "url": m.url} for m in sorted(refs.medians.values(), key=lambda m: m.year)],
            "smic_source": escape(refs.smic_source), "smic_url": refs.smic_url}


def _nearest(table: dict[int, Any], year: int) -> int:
    return min(table, key=lambda known: (abs(known - year), -known))


@functools.lru_cache(maxsize=4)
def references(path: Path = REFERENCES) -> References:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    smic = data["smic"]
    medians = {int(year): Median(int(year), m["net_median"], int(round(m["net_median"] * m["brut_moyen"] / m["net_moyen"], -1)),
                                 m["nom"], m["source"], m["url"]) for year, m in data["mediane"].items()}
    return References({int(y): float(v) for y, v in smic["horaire_brut"].items()}, smic["nom"], smic["source"],
                      smic["url"], medians)


def _euros(value: float) -> str:
    return f"{format_number(round(value, 2) if not float(value).is_integer() else int(value))} €"


def _times(ratio: float) -> str:
    return f"{ratio:.1f}".replace(".", ",")


def scale(salaire: Salaire, year: int, refs: References | None = None) -> dict[str, Any]:
    """The drawing (``svg``) and its sentence (``texte``; the sources of its marks: ``sources``)
    for ``salaire``, of ``year`` when the fiche does not say its own. The sentence, shown under the
    drawing, is its text equivalent: the drawing itself is hidden from screen readers, which would
    otherwise read the same facts twice."""
    refs = refs or references()
    year = salaire.annee or year
    smic_year, smic = refs.smic(year)
    median = refs.median(year)
    top = max(salaire.max, median.gross, smic) * 1.12
    top = -(-top // 500) * 500  # a round end to the scale

    def x(value: float) -> int:
        return round(LEFT + (RIGHT - LEFT) * value / top)

    low, high = x(salaire.min), x(salaire.max)
    amount = _euros(salaire.min) if salaire.min == salaire.max else f"{format_number(salaire.min)} à {_euros(salaire.max)}"
    ratio = (_times(salaire.min / smic) if salaire.min == salaire.max
             else f"de {_times(salaire.min / smic)} à {_times(salaire.max / smic)}")
    where = ("au-dessus du" if salaire.min > median.gross else "au-dessous du" if salaire.max < median.gross
             else "autour du")
    text = (f"{amount} brut par mois : {ratio} fois le Smic de {smic_year} ({_euros(smic)} brut), {where} salaire "
            f"médian du privé (environ {_euros(median.gross)} brut en {median.year}, {_euros(median.net)} net).")
    s, m = x(smic), x(median.gross)
    mark = (f'<circle class="se-m" cx="{low}" cy="{AXIS}" r="7"/>' if salaire.min == salaire.max else
            f'<rect class="se-m" x="{low}" y="{AXIS - 7}" width="{max(high - low, 6)}" height="14" rx="4"/>')
    middle = round(min(max((low + high) / 2, 60), WIDTH - 60))
    smic_label = (f'<text x="{s}" y="{AXIS + 30}" text-anchor="end">Smic {escape(_euros(round(smic)))}</text>' if s >= 90
                  else f'<text x="{LEFT - 8}" y="{AXIS + 30}">Smic {escape(_euros(round(smic)))}</text>')
    median_label = (f'<text x="{m}" y="{AXIS + 30}">médian ≈ {escape(_euros(median.gross))}</text>' if m <= WIDTH - 95
                    else f'<text x="{m}" y="{AXIS + 30}" text-anchor="end">médian ≈ {escape(_euros(median.gross))}</text>')
    # short class names (se-…: « salaire, échelle »): the drawing is on every métier page with a salary
    svg = (f'<svg class="se" viewBox="0 0 {WIDTH} 76" aria-hidden="true">'
           f'<path class="se-a" d="M{LEFT} {AXIS}H{RIGHT}"/>'
           f'<path class="se-s" d="M{s} {AXIS - 12}v28"/>'
           f'<path class="se-d" d="M{m} {AXIS - 12}v28"/>'
           f'{mark}'
           f'<text class="se-t" x="{middle}" y="{AXIS - 14}" text-anchor="middle">{escape(amount)}</text>'
           f'{smic_label}{median_label}'
           '</svg>')
    return {"svg": Markup(svg), "texte": escape(text)}
