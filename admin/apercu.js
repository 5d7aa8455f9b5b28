// The form's preview pane: each fiche drawn as its page on the site draws it (overrides/metier.html,
// temoignage.html, offre.html), with the site's own stylesheets, the same sections in the same order,
// amounts and dates written as the site writes them (fiches_engine/french.py: « 2 917 € », « 1er juin
// 2024 »), updated at each keystroke (Decap renders the template again when the entry changes).
//
// What the form alone cannot know comes from apercu.json, written by the build
// (fiches_engine/form_editor.preview): the site's stylesheets (material's carry a hash in their names:
// read from the built home page, never written here), its colours, the testimonials of each métier,
// the titles of the métiers, the French wording of coded values.
//
// Nothing of the fiche runs: every value is text put in elements by React (escaped), a link is kept only
// when it is http(s) or mailto, and the body is Decap's own Markdown preview (widgetFor("body")), which
// the configuration sanitizes (sanitize_preview: DOMPurify). The preview's frame has the page's
// Content-Security-Policy: stylesheets of the site only, no inline script.

const CMS = window.CMS;
const h = window.h;

const donnees = await fetch(new URL("apercu.json", import.meta.url))
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}));
const libelles = { niveaux: {}, bases: {}, contrats: {}, unites: {}, teletravail: {}, ...(donnees.libelles || {}) };
const couleurs = donnees.couleurs || {};

for (const feuille of donnees.feuilles || []) CMS.registerPreviewStyle(new URL(feuille, window.location.href).href);
CMS.registerPreviewStyle(new URL("apercu.css", import.meta.url).href);

const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
  "novembre", "décembre"];
const deux = (n) => String(n).padStart(2, "0");

// A date of the form (AAAA-MM-JJ, or a Date) as the site writes it: « 1er juin 2024 ».
export function date(value) {
  let y, m, d;
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    [y, m, d] = [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()];
  } else {
    const found = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ""));
    if (!found || Number(found[2]) < 1 || Number(found[2]) > 12) return null;
    [y, m, d] = found.slice(1).map(Number);
  }
  return { iso: `${y}-${deux(m)}-${deux(d)}`, texte: `${d === 1 ? "1er" : d} ${MOIS[m - 1]} ${y}` };
}

const quand = (value) => {
  const found = date(value);
  return found ? h("time", { dateTime: found.iso }, found.texte) : null;
};

function chiffre(value) {
  if (value === null || value === undefined || value === "" || typeof value === "boolean") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

// format_number: 2917 -> « 2 917 », 1234.5 -> « 1 234,50 » (plain spaces, as the site writes them)
export function nombre(value) {
  const n = Number(value);
  const groupes = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  const signe = n < 0 ? "-" : "";
  if (Number.isInteger(n)) return signe + groupes(String(Math.abs(n)));
  const [entier, centimes] = Math.abs(n).toFixed(2).split(".");
  return `${signe}${groupes(entier)},${centimes}`;
}

export const euros = (value) => `${nombre(value)} €`;

// salaire.brut_mensuel, an amount or a range {min, max}, as format_euro_range writes it
export function montant(brut) {
  if (brut && typeof brut === "object") {
    const [min, max] = [chiffre(brut.min), chiffre(brut.max)];
    if (min === null || max === null) return min === null && max === null ? null : euros(min ?? max);
    return min === max ? euros(min) : `${nombre(min)} à ${euros(max)}`;
  }
  const n = chiffre(brut);
  return n === null ? null : euros(n);
}

// A link of the fiche, only to another site or an address (never javascript: or data:)
const sur = (url) => (typeof url === "string" && /^(https?:\/\/|mailto:)/i.test(url.trim()) ? url.trim() : undefined);
const ici = (adresse) => new URL(adresse, window.location.href).href;
const textes = (values) => [...new Set((Array.isArray(values) ? values : []).map((v) => String(v ?? "").trim()).filter(Boolean))];
const bloc = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {});

function lue(entry) {
  const data = entry.get("data");
  return data && typeof data.toJS === "function" ? data.toJS() : bloc(data);
}

function page(...children) {
  return h("div", { className: "md-content fiches-apercu", ...couleurs, lang: "fr" },
    h("article", { className: "md-content__inner md-typeset" }, ...children));
}

const ligne = (key, terme, ...valeur) => [h("dt", { key: `${key}-t` }, terme), h("dd", { key: `${key}-d` }, ...valeur)];
const etiquettes = (values) => h("ul", { className: "fiche-etiquettes" }, values.map((v) => h("li", { key: v }, v)));

// partials/fiche-source.html: « titre », auteur, date
function source(s, key) {
  if (!s || !s.titre) return null;
  const titre = `« ${s.titre} »`;
  return h("span", { key }, sur(s.url) ? h("a", { href: sur(s.url), rel: "nofollow noopener" }, titre) : titre,
    s.auteur ? `, ${s.auteur}` : null, date(s.date) ? [", ", h("time", { key: "t", dateTime: date(s.date).iso }, date(s.date).texte)] : null);
}

// partials/fiche-pied.html: the métiers a témoignage or an offre speaks of, then its source
function pied(f, un, plusieurs) {
  const slugs = textes(f.metiers);
  const metiers = donnees.metiers || {};
  return [
    h("section", { key: "metiers", "aria-labelledby": "metiers-lies" },
      h("h2", { id: "metiers-lies" }, slugs.length > 1 ? plusieurs : un),
      slugs.length ? h("ul", { className: "fiche-liens" }, slugs.map((slug) => h("li", { key: slug },
        metiers[slug] ? h("a", { href: ici(metiers[slug].adresse) }, metiers[slug].titre) : slug)))
        : h("p", {}, "À choisir dans le champ « Métiers ».")),
    f.source && f.source.titre ? h("section", { key: "source", className: "fiche-sources", "aria-labelledby": "sources" },
      h("h2", { id: "sources" }, "Source"), h("p", {}, source(f.source))) : null,
  ];
}

const Metier = window.createClass({
  render() {
    const { entry, widgetFor } = this.props;
    const f = lue(entry);
    const salaire = bloc(f.salaire);
    const formation = bloc(f.formation);
    const codes = bloc(f.codes);
    const carte = [];
    const paye = montant(salaire.brut_mensuel);
    if (paye) {
      const detail = [salaire.base ? libelles.bases[salaire.base] || "" : null,
        salaire.source ? `source : ${salaire.source}` : null, salaire.annee ? String(salaire.annee) : null]
        .filter((part) => part !== null);
      carte.push(...ligne("salaire", "Salaire", h("span", { className: "fiche-montant" }, paye), " brut mensuel",
        detail.join(", ") ? [" ", h("span", { key: "d", className: "fiche-detail" }, `(${detail.join(", ")})`)] : null));
    }
    const domaines = textes(formation.domaines);
    if (formation.niveau || domaines.length || formation.texte) {
      carte.push(...ligne("formation", "Formation",
        formation.niveau ? h("strong", {}, libelles.niveaux[formation.niveau] || formation.niveau) : null,
        domaines.length ? [" ", h("span", { key: "d", className: "fiche-detail" }, `(${domaines.join(", ")})`)] : null,
        formation.texte ? [h("br", { key: "br" }), formation.texte] : null));
    }
    carte.push(...ligne("secteurs", "Secteurs", textes(f.secteurs).join(", ")));
    if (textes(f.employeurs).length) carte.push(...ligne("employeurs", "Employeurs", textes(f.employeurs).join(", ")));
    const rome = textes(codes.rome);
    if (rome.length || codes.esco || codes.isco) {
      carte.push(...ligne("codes", "Codes", rome.length ? `ROME ${rome.join(", ")}` : null,
        codes.isco ? ` · ISCO ${codes.isco}` : null,
        codes.esco ? [" · ", sur(codes.esco) ? h("a", { key: "esco", href: sur(codes.esco), rel: "nofollow noopener" }, "ESCO") : "ESCO"] : null));
    }
    const temoignages = (donnees.temoignages || {})[entry.get("slug")] || [];
    const sources = (Array.isArray(f.sources) ? f.sources : []).filter((s) => s && s.titre);
    return page(
      h("h1", {}, f.titre || ""),
      textes(f.appellations).length ? h("p", { className: "fiche-appellations" }, `Aussi appelé : ${textes(f.appellations).join(", ")}`) : null,
      h("p", { className: "fiche-resume" }, f.resume || ""),
      h("section", { className: "fiche-carte", "aria-labelledby": "en-bref" }, h("h2", { id: "en-bref" }, "En bref"), h("dl", {}, carte)),
      h("section", { className: "fiche-qualites", "aria-labelledby": "savoir-faire" },
        h("h2", { id: "savoir-faire" }, "Compétences"), etiquettes(textes(f.competences)),
        h("h2", { id: "savoir-etre" }, "Qualités"), etiquettes(textes(f.qualites)),
        textes(f.centres_interet).length ? [h("h2", { key: "h", id: "centres-interet" }, "Ce qui attire vers ce métier"),
          h("ul", { key: "l", className: "fiche-etiquettes" }, textes(f.centres_interet).map((c) => h("li", { key: c }, c)))] : null),
      widgetFor("body"),
      temoignages.length ? h("section", { "aria-labelledby": "temoignages" }, h("h2", { id: "temoignages" }, "Ils et elles en parlent"),
        h("ul", { className: "fiche-temoignages" }, temoignages.map((t) => h("li", { key: t.adresse },
          t.citation ? h("blockquote", {}, t.citation) : null,
          h("a", { href: ici(t.adresse) }, `${t.prenom}${t.age ? `, ${t.age} ans` : ""}${t.structure ? `, ${t.structure}` : ""}`))))) : null,
      sources.length || date(f.mise_a_jour) ? h("section", { className: "fiche-sources", "aria-labelledby": "sources" },
        h("h2", { id: "sources" }, "Sources"), h("ul", {}, sources.map((s, i) => h("li", { key: i }, source(s)))),
        date(f.mise_a_jour) ? h("p", {}, "Fiche relue le ", quand(f.mise_a_jour), ".") : null) : null,
    );
  },
});

const Temoignage = window.createClass({
  render() {
    const { entry, widgetFor } = this.props;
    const f = lue(entry);
    const p = bloc(f.personne);
    return page(
      h("h1", {}, f.titre || ""),
      h("section", { className: "fiche-carte", "aria-labelledby": "qui-parle" }, h("h2", { id: "qui-parle" }, "Qui parle"),
        h("dl", {}, ligne("prenom", "Prénom", `${p.prenom || ""}${p.age ? `, ${p.age} ans` : ""}`),
          ligne("poste", "Poste", p.poste || ""), p.structure ? ligne("structure", "Structure", p.structure) : null,
          date(f.date) ? ligne("date", "Date", quand(f.date)) : null)),
      f.citation ? h("blockquote", { className: "fiche-citation" }, f.citation) : null,
      widgetFor("body"),
      ...pied(f, "Le métier dont parle ce témoignage", "Les métiers dont parle ce témoignage"),
    );
  },
});

// Closed from the day after its deadline (Offre.is_closed), by this computer's calendar
function cloturee(limite) {
  const now = new Date();
  return limite ? `${now.getFullYear()}-${deux(now.getMonth() + 1)}-${deux(now.getDate())}` > limite.iso : false;
}

const Offre = window.createClass({
  render() {
    const { entry, widgetFor } = this.props;
    const f = lue(entry);
    const structure = bloc(f.structure);
    const lieu = bloc(f.lieu);
    const r = bloc(f.remuneration);
    const contact = bloc(f.contact);
    const limite = date(f.date_limite);
    const close = cloturee(limite);
    const [debut, fin] = [date(f.debut), date(f.fin)];
    const periode = debut && fin ? `du ${debut.texte} au ${fin.texte}` : debut ? `à partir du ${debut.texte}` : null;
    const paye = chiffre(r.montant) === null ? null : euros(chiffre(r.montant));
    const mots = [r.unite ? libelles.unites[r.unite] || r.unite : null,
      typeof r.brut === "boolean" ? (r.brut ? "brut" : "net") : null].filter(Boolean).join(" ");
    // a new offer has no deadline yet: the preview says so rather than « jusqu'au  inclus »
    const statut = !limite
      ? h("p", { className: "fiche-ouverte", role: "status" }, "Date limite de candidature à indiquer.")
      : close
      ? h("p", { className: "fiche-cloture", role: "status" }, h("strong", { className: "fiche-badge fiche-badge--close" }, "Offre clôturée"),
        " La date limite de candidature était le ", quand(f.date_limite), " : cette offre reste lisible pour mémoire, mais on ne peut plus y répondre.")
      : h("p", { className: "fiche-ouverte", role: "status" }, h("strong", { className: "fiche-badge" }, "Offre ouverte"),
        " Candidature jusqu'au ", quand(f.date_limite), " inclus.");
    return page(
      h("h1", {}, f.titre || ""),
      statut,
      h("section", { className: "fiche-carte", "aria-labelledby": "en-bref" }, h("h2", { id: "en-bref" }, "En bref"),
        h("dl", {},
          ligne("structure", "Structure", sur(structure.url) ? h("a", { href: sur(structure.url), rel: "nofollow noopener" }, structure.nom || "")
            : structure.nom || "", structure.type ? [" ", h("span", { key: "t", className: "fiche-detail" }, `(${structure.type})`)] : null),
          ligne("lieu", "Lieu", `${lieu.commune || ""}${lieu.departement ? ` (${lieu.departement})` : ""}${lieu.region ? `, ${lieu.region}` : ""}`
            + `${lieu.teletravail ? ` · ${libelles.teletravail[lieu.teletravail] || lieu.teletravail}` : ""}`),
          ligne("contrat", "Contrat", libelles.contrats[f.contrat] || f.contrat || ""),
          periode ? ligne("dates", "Dates", periode) : null,
          paye ? ligne("remuneration", "Rémunération", h("span", { className: "fiche-montant" }, paye), mots ? ` ${mots}` : null) : null,
          ligne("limite", "Date limite", quand(f.date_limite)),
          date(f.publiee) ? ligne("publiee", "Publiée le", quand(f.publiee)) : null,
          (contact.email || contact.url) && !close ? ligne("contact", "Contact",
            contact.email ? h("a", { href: `mailto:${contact.email}` }, contact.email) : null, contact.email && contact.url ? " " : null,
            sur(contact.url) ? h("a", { href: sur(contact.url), rel: "nofollow noopener" }, "page de candidature") : null) : null)),
      widgetFor("body"),
      ...pied(f, "Métier concerné", "Métiers concernés"),
    );
  },
});

CMS.registerPreviewTemplate("metiers", Metier);
CMS.registerPreviewTemplate("temoignages", Temoignage);
CMS.registerPreviewTemplate("offres", Offre);
