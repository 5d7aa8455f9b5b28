/* A selection without an account: « Garder » on a métier's or an offer's page keeps it in this
 * browser (localStorage, nothing sent anywhere), and /ma-selection/ lists what was kept, removes
 * it, compares the métiers kept and gives a link that rebuilds the same selection elsewhere
 * (?metiers=a,b&offres=c: the titles then come from the site's data files, donnees/<kind>/<slug>.json).
 * An offer kept keeps its deadline, so that one closed since is shown closed.
 */
(function () {
  "use strict";
  var KEY = "fiches-selection";
  var KINDS = ["metiers", "offres"];
  var LISTS = { metiers: ["selection-metiers", "selection-metiers-bloc"], offres: ["selection-offres", "selection-offres-bloc"] };
  if (!window.JSON || !window.URLSearchParams) return;

  function read() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      var out = {};
      KINDS.forEach(function (kind) {
        out[kind] = (Array.isArray(data[kind]) ? data[kind] : []).filter(function (item) {
          return item && typeof item.slug === "string" && /^[a-z0-9-]+$/.test(item.slug) && typeof item.titre === "string";
        });
      });
      return out;
    } catch (error) {
      return null; // no storage here (a private window may refuse it): nothing to keep
    }
  }

  function write(selection) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(selection));
      return true;
    } catch (error) {
      return false;
    }
  }

  function find(selection, kind, slug) {
    for (var i = 0; i < selection[kind].length; i++) if (selection[kind][i].slug === slug) return i;
    return -1;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  // « Garder » on a fiche's page, with « Comparer » for a métier and the way to the selection; the
  // site's root is the manifest's folder
  var keep = document.getElementById("fiche-garder");
  var manifest = document.querySelector('link[rel="manifest"]');
  if (keep && manifest && read()) {
    var kind = keep.getAttribute("data-genre");
    var slug = keep.getAttribute("data-slug");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    keep.appendChild(button);
    if (kind === "metiers") {
      var compare = document.createElement("a");
      compare.className = "md-button";
      compare.href = new URL("comparer/?metiers=" + slug, manifest.href).href;
      compare.textContent = "Comparer";
      keep.appendChild(compare);
    }
    var mine = document.createElement("a");
    mine.href = new URL("ma-selection/", manifest.href).href;
    mine.textContent = "Ma sélection";
    keep.appendChild(mine);
    var label = function () {
      var kept = find(read(), kind, slug) >= 0;
      button.setAttribute("aria-pressed", String(kept));
      button.textContent = kept ? "Gardé ✓" : "Garder";
      button.title = kept ? "Retirer de ma sélection" : "Garder dans ma sélection, dans ce navigateur";
    };
    button.addEventListener("click", function () {
      var selection = read();
      if (!selection) return;
      var at = find(selection, kind, slug);
      if (at >= 0) selection[kind].splice(at, 1);
      else selection[kind].push({ slug: slug, titre: document.querySelector("h1").textContent.trim(),
        limite: keep.getAttribute("data-limite") || undefined });
      write(selection);
      label();
    });
    window.addEventListener("storage", label); // kept or removed in another tab
    label();
    keep.hidden = false;
  }

  // The page « Ma sélection ».
  var root = document.getElementById("selection");
  if (!root) return;
  var message = document.getElementById("selection-message");
  var received = document.getElementById("selection-lien-recu");
  var share = document.getElementById("selection-partage");
  var shareField = document.getElementById("selection-lien");
  var compare = document.getElementById("selection-comparer");
  if (!read()) {
    message.textContent = "Ce navigateur ne permet pas de garder une sélection (stockage local refusé, par exemple en navigation privée).";
    return;
  }

  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    var out = {};
    var any = false;
    KINDS.forEach(function (kind) {
      out[kind] = [];
      (params.get(kind) || "").split(",").forEach(function (slug) {
        slug = slug.trim();
        if (/^[a-z0-9-]+$/.test(slug) && out[kind].indexOf(slug) < 0) { out[kind].push(slug); any = true; }
      });
    });
    return any ? out : null;
  }

  // The titles (and deadlines) of a selection received by link, from the site's data files.
  function resolve(slugs) {
    var jobs = [];
    var out = { metiers: [], offres: [] };
    KINDS.forEach(function (kind) {
      slugs[kind].forEach(function (slug, i) {
        jobs.push(fetch(root.getAttribute("data-donnees") + kind + "/" + slug + ".json").then(function (r) {
          return r.ok ? r.json() : null;
        }).then(function (record) {
          if (record && typeof record.titre === "string") {
            out[kind][i] = { slug: slug, titre: record.titre, limite: record.date_limite || undefined };
          }
        }, function () {}));
      });
    });
    return Promise.all(jobs).then(function () {
      KINDS.forEach(function (kind) { out[kind] = out[kind].filter(Boolean); });
      return out;
    });
  }

  function link(kind, item) {
    var a = document.createElement("a");
    a.href = root.getAttribute("data-" + kind) + item.slug + "/";
    a.textContent = item.titre;
    return a;
  }

  function show(selection, editable) {
    var total = 0;
    KINDS.forEach(function (kind) {
      var list = document.getElementById(LISTS[kind][0]);
      list.textContent = "";
      selection[kind].forEach(function (item) {
        var li = document.createElement("li");
        li.appendChild(link(kind, item));
        if (kind === "offres" && item.limite && item.limite < today()) {
          var closed = document.createElement("span");
          closed.className = "fiche-badge fiche-badge--close";
          closed.textContent = "Offre clôturée";
          li.appendChild(document.createTextNode(" "));
          li.appendChild(closed);
        }
        if (editable) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "comparer__retirer";
          remove.textContent = "Retirer";
          remove.setAttribute("aria-label", "Retirer " + item.titre + " de ma sélection");
          remove.addEventListener("click", function () {
            var now = read();
            var at = find(now, kind, item.slug);
            if (at >= 0) now[kind].splice(at, 1);
            write(now);
            show(now, true);
            message.textContent = "« " + item.titre + " » est retiré de votre sélection.";
          });
          li.appendChild(remove);
        }
        list.appendChild(li);
      });
      document.getElementById(LISTS[kind][1]).hidden = selection[kind].length === 0;
      total += selection[kind].length;
    });
    var metiers = selection.metiers.map(function (item) { return item.slug; });
    compare.hidden = metiers.length < 2;
    compare.textContent = "";
    if (metiers.length >= 2) {
      var a = document.createElement("a");
      a.className = "md-button";
      a.href = root.getAttribute("data-comparer") + "?metiers=" + metiers.slice(0, 3).join(",");
      a.textContent = metiers.length > 3 ? "Comparer les trois premiers métiers" : "Comparer ces métiers";
      compare.appendChild(a);
    }
    var params = new URLSearchParams();
    KINDS.forEach(function (kind) {
      if (selection[kind].length) params.set(kind, selection[kind].map(function (item) { return item.slug; }).join(","));
    });
    shareField.value = window.location.origin + window.location.pathname + "?" + params.toString();
    share.hidden = !editable || total === 0;
    if (!total) message.textContent = "Votre sélection est vide : le bouton « Garder » d'un métier ou d'une offre l'y ajoute.";
    return total;
  }

  document.getElementById("selection-copier").addEventListener("click", function () {
    shareField.select();
    var done = function () { message.textContent = "Lien copié."; };
    if (navigator.clipboard) navigator.clipboard.writeText(shareField.value).then(done, function () {});
  });

  var asked = fromAddress();
  if (!asked) {
    var n = show(read(), true);
    if (n) message.textContent = n + (n > 1 ? " éléments gardés" : " élément gardé") + " dans ce navigateur.";
    return;
  }
  message.textContent = "Chargement de la sélection reçue…";
  resolve(asked).then(function (selection) {
    var n = show(selection, false);
    var lost = asked.metiers.length + asked.offres.length - n;
    message.textContent = "Sélection reçue par un lien : " + n + (n > 1 ? " éléments" : " élément") +
      (lost ? " (" + lost + " n'existe" + (lost > 1 ? "nt" : "") + " plus sur le site)" : "") + ".";
    received.hidden = n === 0;
    document.getElementById("selection-garder-lien").addEventListener("click", function () {
      write(selection);
      window.history.replaceState(null, "", window.location.pathname);
      received.hidden = true;
      show(read(), true);
      message.textContent = "Cette sélection est maintenant gardée dans ce navigateur.";
    });
  });
})();
