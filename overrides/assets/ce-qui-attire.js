/* « Qu'est-ce qui vous attire ? » (/ce-qui-attire/): the métiers ranked by the centres d'intérêt
 * the reader ticks, in the browser, from ce-qui-attire.json (fiches_engine.views.interests_index:
 * the centres d'intérêt once, then each métier with its title and the places of its own). Nothing is
 * sent anywhere; the choices stay in the address (?choix=a,b), so that a ranking can be kept or sent.
 * A métier comes first when it answers more of the choices, then in the order of the site's lists.
 */
(function () {
  "use strict";
  var form = document.getElementById("attire");
  var results = document.getElementById("attire-resultats");
  var list = document.getElementById("attire-metiers");
  var status = document.getElementById("attire-resultat");
  var more = document.getElementById("attire-plus");
  if (!form || !results || !list || !status || !more || !window.fetch || !window.URLSearchParams) return;

  var STEP = 20; // métiers shown at a time
  var limit = STEP;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="choix"]'));
  var data = null; // the promise of the file, once asked for

  function load() {
    if (!data) {
      data = fetch(form.getAttribute("data-source")).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
      data.catch(function () { data = null; });
    }
    return data;
  }

  function chosen() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  function plural(n, one, many) { return n + " " + (n > 1 ? many : one); }

  function rank(file, slugs) {
    var wanted = {};
    file.valeurs.forEach(function (value, i) { if (slugs.indexOf(value[0]) >= 0) wanted[i] = true; });
    var out = [];
    file.metiers.forEach(function (m, order) {
      var hits = m[2].filter(function (i) { return wanted[i]; });
      if (hits.length) out.push({ slug: m[0], title: m[1], hits: hits, order: order });
    });
    out.sort(function (a, b) { return b.hits.length - a.hits.length || a.order - b.order; });
    return out;
  }

  function item(found, file, count) {
    var li = document.createElement("li");
    li.className = "fiche-carte-liste";
    var title = document.createElement("h3");
    var link = document.createElement("a");
    link.href = form.getAttribute("data-fiches") + found.slug + "/";
    link.textContent = found.title;
    title.appendChild(link);
    li.appendChild(title);
    var reason = document.createElement("p");
    reason.className = "fiche-detail";
    var labels = found.hits.map(function (i) { return file.valeurs[i][1]; });
    reason.textContent = (found.hits.length === count ? (count > 1 ? "Répond à vos " + count + " choix : " : "Répond à votre choix : ")
      : "Répond à " + found.hits.length + " de vos " + count + " choix : ") + labels.join(", ") + ".";
    li.appendChild(reason);
    return li;
  }

  function writeUrl(slugs) {
    var params = new URLSearchParams(window.location.search);
    if (slugs.length) params.set("choix", slugs.join(","));
    else params.delete("choix");
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
  }

  function readUrl() {
    var wanted = (new URLSearchParams(window.location.search).get("choix") || "").split(",");
    boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
  }

  function update() {
    var slugs = chosen();
    writeUrl(slugs);
    if (!slugs.length) {
      results.hidden = true;
      status.textContent = "Cochez au moins une case pour voir les métiers qui y répondent.";
      return;
    }
    status.textContent = "Classement en cours…";
    load().then(function (file) {
      if (chosen().join(",") !== slugs.join(",")) return; // the reader ticked on meanwhile
      var ranked = rank(file, slugs);
      list.textContent = "";
      ranked.slice(0, limit).forEach(function (found) { list.appendChild(item(found, file, slugs.length)); });
      results.hidden = ranked.length === 0;
      more.hidden = ranked.length <= limit;
      status.textContent = ranked.length
        ? plural(ranked.length, "métier répond", "métiers répondent") + " à au moins un de vos choix."
        : "Aucun métier ne répond encore à ces choix.";
    }, function () {
      status.textContent = "Le classement n'a pas pu être chargé ; chaque centre d'intérêt garde sa page, plus bas.";
    });
  }

  form.addEventListener("change", function () { limit = STEP; update(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(function () { limit = STEP; update(); }, 0); });
  more.querySelector("button").addEventListener("click", function () { limit += STEP; update(); });
  window.addEventListener("popstate", function () { readUrl(); update(); });
  form.hidden = false;
  readUrl();
  update();
})();
