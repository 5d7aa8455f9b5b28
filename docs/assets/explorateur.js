/* Explorer of /metiers/: facet filters over metiers/explorateur.json, made at build time.
 *
 * The page lists every métier (it works without JavaScript); this script shows
 * the filters, hides the items that do not match, keeps the counts of each
 * facet value up to date and the filter state in the URL, so that a filtered
 * list can be sent as a link. No server, no library: a few hundred lines would
 * be more than material or MkDocs offer for this, and nothing else is needed.
 */
(function () {
  "use strict";
  var form = document.getElementById("explorateur");
  var list = document.getElementById("explorateur-liste");
  var status = document.getElementById("explorateur-resultat");
  if (!form || !list || !window.fetch) return;

  function norm(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  fetch(form.getAttribute("data-source"))
    .then(function (response) { return response.json(); })
    .then(start)
    .catch(function () { /* the full list stays, without filters */ });

  function start(data) {
    var rows = list.children;
    var items = data.metiers.map(function (m, i) {
      return { el: rows[i], text: norm(rows[i].textContent + " " + m.a), s: m.s, n: m.n, c: m.c, q: m.q, m: m.m };
    });
    var facets = Array.prototype.map.call(form.querySelectorAll("select[data-facette]"), function (select) {
      var values = data.facettes[select.getAttribute("data-facette")];
      var bySlug = {};
      values.forEach(function (v, i) { bySlug[v[0]] = i; });
      var first = select.options[0];
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v[0];
        option.textContent = v[1];
        select.appendChild(option);
      });
      return { select: select, key: select.getAttribute("data-cle"), values: values, bySlug: bySlug, first: first };
    });
    var query = form.elements.q;
    var salary = form.elements.salaire;

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      query.value = params.get("q") || "";
      salary.value = params.get("salaire") || "";
      facets.forEach(function (f) {
        var slug = params.get(f.select.name) || "";
        f.select.value = slug in f.bySlug ? slug : "";
      });
    }

    function state() {
      var words = norm(query.value).split(/\s+/).filter(Boolean);
      var min = parseInt(salary.value, 10);
      return {
        words: words,
        min: isNaN(min) ? null : min,
        chosen: facets.map(function (f) { return f.select.value ? f.bySlug[f.select.value] : null; })
      };
    }

    function matches(item, s, skip) {
      for (var w = 0; w < s.words.length; w++) if (item.text.indexOf(s.words[w]) < 0) return false;
      if (s.min !== null && (item.m === null || item.m < s.min)) return false;
      for (var f = 0; f < facets.length; f++) {
        if (f === skip || s.chosen[f] === null) continue;
        if (item[facets[f].key].indexOf(s.chosen[f]) < 0) return false;
      }
      return true;
    }

    function update() {
      var s = state();
      var shown = 0;
      items.forEach(function (item) {
        var ok = matches(item, s, -1);
        item.el.hidden = !ok;
        if (ok) shown++;
      });
      facets.forEach(function (f, index) {
        var counts = new Array(f.values.length).fill(0);
        items.forEach(function (item) {
          if (matches(item, s, index)) item[f.key].forEach(function (v) { counts[v]++; });
        });
        for (var i = 0; i < f.values.length; i++) {
          var option = f.select.options[i + 1];
          option.textContent = f.values[i][1] + " (" + counts[i] + ")";
          option.disabled = counts[i] === 0 && f.select.value !== f.values[i][0];
        }
      });
      status.textContent = shown === items.length
        ? items.length + " fiches métier."
        : shown + " métier" + (shown > 1 ? "s" : "") + " sur " + items.length + " correspond" +
          (shown > 1 ? "ent" : "") + " aux filtres.";
      var params = new URLSearchParams();
      if (query.value.trim()) params.set("q", query.value.trim());
      if (s.min !== null) params.set("salaire", String(s.min));
      facets.forEach(function (f) { if (f.select.value) params.set(f.select.name, f.select.value); });
      var search = params.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(null, "", url);
      }
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    window.addEventListener("popstate", function () { readUrl(); update(); });
    readUrl();
    form.hidden = false;
    update();
  }
})();
