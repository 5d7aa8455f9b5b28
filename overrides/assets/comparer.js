/* The comparison page (/comparer/?metiers=a,b[,c]): two or three métiers side by side.
 *
 * The address is the state: ?metiers= lists the slugs. Each métier's file, comparer/<slug>.json
 * (fiches_engine.views.comparison), holds plain texts, values with their slugs (so that shared
 * ones are found as the site groups them) and its salary's drawing, made and escaped at build
 * time. Every text goes in with textContent; the drawing is parsed as SVG, never as HTML. Adding or
 * removing a métier pushes a new address, so the back button returns to the previous comparison.
 */
(function () {
  "use strict";
  var root = document.getElementById("comparer");
  var message = document.getElementById("comparer-message");
  var table = document.getElementById("comparer-tableau");
  var form = document.getElementById("comparer-ajout");
  var field = document.getElementById("comparer-metier");
  var choices = document.getElementById("comparer-choix");
  if (!root || !message || !table || !form || !field || !window.fetch || !window.URLSearchParams) return;

  var MAX = 3;
  var files = {}; // slug -> promise of its file (null when the site has no such métier)
  var index = null; // the promise of the explorer's index: the titles to add a métier by
  var ROWS = [
    ["Salaire", salary],
    ["Formation", function (m) { return text(m.formation || "Non précisée"); }],
    ["Secteurs", values("secteurs")],
    ["Compétences", values("competences")],
    ["Qualités", values("qualites")],
    ["Ce qui attire", values("centres_interet")],
    ["Employeurs", function (m) { return text(m.employeurs.length ? m.employeurs.join(", ") : "Non précisés"); }],
    ["Conditions de travail", function (m) { return text(m.conditions || "Non précisées"); }],
    ["Offres ouvertes", count("offres", "offre ouverte", "offres ouvertes", "Aucune offre ouverte", "#offres")],
    ["Témoignages", count("temoignages", "témoignage", "témoignages", "Aucun témoignage", "#temoignages")]
  ];
  var shown = []; // the métiers of the table, as loaded

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function text(content) { return el("p", "", content); }

  function wanted() {
    var out = [];
    (new URLSearchParams(window.location.search).get("metiers") || "").split(",").forEach(function (slug) {
      slug = slug.trim().toLowerCase();
      if (slug && out.indexOf(slug) < 0) out.push(slug);
    });
    return out;
  }

  function go(slugs) {
    var params = new URLSearchParams(window.location.search);
    if (slugs.length) params.set("metiers", slugs.join(","));
    else params.delete("metiers");
    var search = params.toString();
    window.history.pushState(null, "", window.location.pathname + (search ? "?" + search : ""));
    show();
  }

  function load(slug) {
    if (!(slug in files)) {
      files[slug] = /^[a-z0-9-]+$/.test(slug) ? fetch(root.getAttribute("data-donnees") + slug + ".json").then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }) : Promise.resolve(null);
      files[slug].catch(function () { delete files[slug]; });
    }
    return files[slug];
  }

  function link(m, hash, content) {
    var a = el("a", "", content);
    a.href = root.getAttribute("data-fiches") + m.slug + "/" + (hash || "");
    return a;
  }

  function salary(m) {
    var cell = document.createDocumentFragment();
    if (!m.salaire) { cell.appendChild(text("Non précisé")); return cell; }
    var amount = text("");
    amount.appendChild(el("strong", "fiche-montant", m.salaire.montant));
    amount.appendChild(document.createTextNode(" brut mensuel"));
    cell.appendChild(amount);
    if (m.salaire.detail) cell.appendChild(el("p", "fiche-detail", "(" + m.salaire.detail + ")"));
    var svg = new DOMParser().parseFromString(m.salaire.dessin, "image/svg+xml").documentElement;
    if (svg && svg.nodeName === "svg") cell.appendChild(document.importNode(svg, true));
    cell.appendChild(el("p", "fiche-detail", m.salaire.texte));
    return cell;
  }

  // A list of values: those the other métiers have too first, marked, then its own.
  function values(key) {
    return function (m) {
      var others = shown.filter(function (o) { return o !== m; });
      var held = function (slug) {
        return others.filter(function (o) { return o[key].some(function (v) { return v[0] === slug; }); }).length;
      };
      var items = m[key].map(function (v, i) { return { label: v[1], shared: held(v[0]), order: i }; });
      if (!items.length) return text("Non précisé");
      items.sort(function (a, b) { return b.shared - a.shared || a.order - b.order; });
      var list = el("ul", "comparer__valeurs");
      items.forEach(function (item) {
        var li = el("li", item.shared ? "comparer__commun" : "", item.label);
        if (item.shared) {
          li.appendChild(el("span", "comparer__marque",
            item.shared === others.length ? (others.length > 1 ? "commun aux trois" : "en commun") : "en commun avec un autre"));
        }
        list.appendChild(li);
      });
      return list;
    };
  }

  function count(key, one, many, none, hash) {
    return function (m) {
      var n = m[key];
      if (!n) return text(none);
      var p = text("");
      p.appendChild(link(m, hash, n + " " + (n > 1 ? many : one)));
      return p;
    };
  }

  function render() {
    table.textContent = "";
    var t = el("table", "comparer__table");
    var titles = shown.map(function (m) { return m.titre; });
    t.appendChild(el("caption", "", "Comparaison de " + titles.slice(0, -1).join(", ") + " et " + titles[titles.length - 1]));
    var head = el("thead");
    var row = el("tr");
    var corner = el("td");
    row.appendChild(corner);
    shown.forEach(function (m) {
      var th = el("th");
      th.scope = "col";
      th.appendChild(link(m, "", m.titre));
      var remove = el("button", "comparer__retirer", "Retirer");
      remove.type = "button";
      remove.setAttribute("aria-label", "Retirer " + m.titre + " de la comparaison");
      remove.addEventListener("click", function () { go(wanted().filter(function (s) { return s !== m.slug; })); });
      th.appendChild(remove);
      row.appendChild(th);
    });
    head.appendChild(row);
    t.appendChild(head);
    var body = el("tbody");
    ROWS.forEach(function (criterion) {
      var tr = el("tr");
      var th = el("th", "", criterion[0]);
      th.scope = "row";
      tr.appendChild(th);
      shown.forEach(function (m) {
        var td = el("td");
        td.setAttribute("data-metier", m.titre);
        td.appendChild(criterion[1](m));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    table.appendChild(t);
  }

  function say(parts) {
    message.textContent = parts.filter(Boolean).join(" ");
  }

  function show() {
    var slugs = wanted();
    var over = slugs.length > MAX ? "On compare trois métiers au plus : les trois premiers de l'adresse sont montrés." : "";
    slugs = slugs.slice(0, MAX);
    // the form shows once the table is made, under it: shown before, the table would push it down
    if (!slugs.length) {
      form.hidden = false;
      shown = [];
      table.textContent = "";
      say(["Choisissez deux ou trois métiers à comparer : ajoutez-les ci-dessous, ou depuis la page d'un métier."]);
      return Promise.resolve();
    }
    return Promise.all(slugs.map(load)).then(function (found) {
      if (wanted().slice(0, MAX).join(",") !== slugs.join(",")) return; // the address changed meanwhile
      shown = found.filter(Boolean);
      var unknown = slugs.filter(function (slug, i) { return !found[i]; });
      var missing = unknown.length ? (unknown.length > 1 ? "Ces métiers n'existent pas ou plus sur le site : « "
        : "Ce métier n'existe pas ou plus sur le site : « ") + unknown.join(" », « ") + " »." : "";
      form.hidden = slugs.length >= MAX;
      if (shown.length < 2) {
        table.textContent = "";
        say([missing, shown.length ? "Il faut un deuxième métier pour comparer « " + shown[0].titre + " » : ajoutez-le ci-dessous."
          : "Choisissez deux ou trois métiers à comparer : ajoutez-les ci-dessous."]);
        return;
      }
      render();
      say([missing, over, shown.length + " métiers comparés : ce qu'ils ont en commun vient en premier dans chaque liste."]);
    }, function () {
      form.hidden = false;
      say(["La comparaison n'a pas pu être chargée : vérifiez votre connexion, puis rechargez la page."]);
    });
  }

  function titles() {
    if (!index) {
      index = fetch(root.getAttribute("data-index")).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (data) {
        choices.textContent = "";
        data.metiers.forEach(function (m) { var o = el("option"); o.value = m.t; choices.appendChild(o); });
        return data.metiers;
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  field.addEventListener("focus", function () { titles().catch(function () {}); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = field.value.trim().toLowerCase();
    titles().then(function (metiers) {
      var hit = metiers.filter(function (m) { return m.t.toLowerCase() === typed; })[0];
      if (!hit) { say(["Aucun métier ne s'appelle « " + field.value.trim() + " » : choisissez un titre dans la liste."]); return; }
      field.value = "";
      var slugs = wanted();
      if (slugs.indexOf(hit.u) < 0) slugs.push(hit.u);
      go(slugs);
    }, function () { say(["La liste des métiers n'a pas pu être chargée."]); });
  });
  window.addEventListener("popstate", show);
  show();
})();
