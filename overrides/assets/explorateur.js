/* Explorer of /metiers/: facet filters over every métier, from files made at build time.
 *
 * The list pages work without JavaScript (fifty métiers a page, plain links). This script
 * shows the filters, and downloads nothing until the reader starts filtering: then the
 * compact index of every métier (metiers/explorateur.json); as a compétence is typed,
 * the shard of the compétences with a word starting with its first three letters
 * (metiers/explorateur/ges.json); once one is chosen, the bucket that holds its métiers. While a filter is set it shows the matching métiers in
 * place of the page's list, keeps the counts of each value up to date and the filters in
 * the URL, so that a filtered list can be sent as a link. No server, no library: a few
 * hundred lines would be more than material or MkDocs offer for this.
 */
(function () {
  "use strict";
  var form = document.getElementById("explorateur");
  var pages = document.getElementById("explorateur-pages");
  var found = document.getElementById("explorateur-trouves");
  var more = document.getElementById("explorateur-plus");
  var status = document.getElementById("explorateur-resultat");
  if (!form || !pages || !found || !document.getElementById("explorateur-comparer") || !window.fetch ||
      !window.URLSearchParams) return;

  var STEP = 50; // results shown at a time, as many as a page of the list
  var MAX_COMPARED = 3;
  var picked = []; // slugs of the métiers ticked to compare
  var compareBar = document.getElementById("explorateur-comparer");
  var pageStatus = status.textContent;
  var stopWords = form.getAttribute("data-mots-vides").split(" ");
  var query = form.elements.q;
  var salary = form.elements.salaire;
  var skill = form.elements.competence;
  var choices = document.getElementById("f-competence-choix");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facette]"));
  var index = null; // the promise of the compact index, once asked for
  var shards = {}; // file name (three letters, or a bucket) -> promise of its content
  var chosenSkill = null; // {slug, label, metiers: {position: true}}
  var limit = STEP;

  function norm(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // What fiches_engine.slugs.slugify does, so that typed words meet the shards' keys.
  function slugify(text) {
    return text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  // The words of a compétence that name shards (fiches_engine.views.shard_keys).
  function keyWords(text) {
    return slugify(text).split("-").filter(function (w) { return w.length > 1 && stopWords.indexOf(w) < 0; });
  }

  function getJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + " : " + response.status);
      return response.json();
    });
  }

  function loadIndex() {
    if (!index) {
      index = getJson(form.getAttribute("data-source")).then(function (data) {
        var facets = {};
        selects.forEach(function (select) {
          var values = data.facettes[select.getAttribute("data-facette")];
          var bySlug = {};
          values.forEach(function (v, i) { bySlug[v[0]] = i; });
          facets[select.name] = { values: values, bySlug: bySlug };
        });
        var sectors = data.facettes.secteurs;
        var items = data.metiers.map(function (m, position) {
          var words = [m.t, m.a].concat(m.s.map(function (i) { return sectors[i][1]; }));
          m.position = position;
          m.text = norm(words.join(" "));
          return m;
        });
        return { facets: facets, items: items };
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  function loadShard(key) {
    if (!shards[key]) {
      shards[key] = getJson(form.getAttribute("data-competences") + key + ".json");
      shards[key].catch(function () { delete shards[key]; });
    }
    return shards[key];
  }

  // Compétences of the shard whose words all start as the typed words do, the most shared first.
  function skillsFor(text) {
    var typed = keyWords(text);
    // shards are named after three letters, or a whole shorter word (« rh »): wait for either
    var whole = typed.length > 1 || /[^A-Za-z0-9\u00C0-\u024F]$/.test(text);
    if (!typed.length || (typed[0].length < 3 && !whole)) return Promise.resolve([]);
    return loadShard(typed[0].slice(0, 3)).then(function (shard) {
      var out = [];
      shard.forEach(function (entry) {
        var slug = entry[3] || slugify(entry[0]);
        var words = slug.split("-");
        var all = typed.every(function (t) { return words.some(function (w) { return w.indexOf(t) === 0; }); });
        if (all) out.push({ slug: slug, label: entry[0], count: entry[1], bucket: entry[2] });
      });
      out.sort(function (a, b) { return b.count - a.count || a.label.localeCompare(b.label, "fr"); });
      return out;
    }, function () { return []; });
  }

  // The chosen compétence, with the positions of its métiers (from its bucket).
  function choose(skillFound) {
    chosenSkill = null;
    if (!skillFound) return Promise.resolve();
    return loadShard("metiers-" + skillFound.bucket).then(function (bucket) {
      var set = {};
      (bucket[skillFound.slug] || []).forEach(function (i) { set[i] = true; });
      chosenSkill = { slug: skillFound.slug, label: skillFound.label, metiers: set };
    });
  }

  function onSkillTyped() {
    var text = skill.value;
    skillsFor(text).then(function (list) {
      if (skill.value !== text) return; // the reader typed on meanwhile
      choices.textContent = "";
      list.slice(0, 30).forEach(function (s) {
        var option = document.createElement("option");
        option.value = s.label;
        option.textContent = s.count + " métier" + (s.count > 1 ? "s" : "");
        choices.appendChild(option);
      });
      var exact = list.filter(function (s) { return norm(s.label) === norm(text.trim()); })[0];
      return choose(exact).then(function () { if (skill.value === text) update(); });
    });
  }

  function state() {
    var min = parseInt(salary.value, 10);
    return {
      words: norm(query.value).split(/\s+/).filter(Boolean),
      min: isNaN(min) ? null : min,
      chosen: selects.map(function (select) { return select.value || null; })
    };
  }

  function active(s) {
    return s.words.length > 0 || s.min !== null || chosenSkill !== null ||
      s.chosen.some(function (v) { return v !== null; });
  }

  function matches(item, s, data, skip) {
    for (var w = 0; w < s.words.length; w++) if (item.text.indexOf(s.words[w]) < 0) return false;
    if (s.min !== null && (item.m === null || item.m < s.min)) return false;
    if (chosenSkill && !chosenSkill.metiers[item.position]) return false;
    for (var f = 0; f < selects.length; f++) {
      if (f === skip || s.chosen[f] === null) continue;
      var facet = data.facets[selects[f].name];
      if (item[selects[f].getAttribute("data-cle")].indexOf(facet.bySlug[s.chosen[f]]) < 0) return false;
    }
    return true;
  }

  function card(item, data) {
    var li = document.createElement("li");
    li.className = "fiche-carte-liste";
    var title = document.createElement("h2");
    var link = document.createElement("a");
    link.href = form.getAttribute("data-fiches") + item.u + "/";
    link.textContent = item.t;
    title.appendChild(link);
    li.appendChild(title);
    var details = item.s.map(function (i) { return data.facets.secteur.values[i][1]; }).join(", ");
    item.n.forEach(function (i) { details += " · " + data.facets.formation.values[i][1]; });
    if (item.p) details += " · " + item.p + " brut/mois";
    var p = document.createElement("p");
    p.className = "fiche-detail";
    p.textContent = details;
    li.appendChild(p);
    // « Comparer »: up to three métiers of the results, then the comparison page (overrides/comparer.html)
    var pick = document.createElement("p");
    pick.className = "explorateur__comparer";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = item.u;
    box.checked = picked.indexOf(item.u) >= 0;
    box.setAttribute("aria-label", "Comparer " + item.t);
    var label = document.createElement("label"); // around the box: no id to keep unique
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Comparer"));
    box.addEventListener("change", function () {
      if (box.checked && picked.indexOf(item.u) < 0) picked.push(item.u);
      if (!box.checked) picked = picked.filter(function (slug) { return slug !== item.u; });
      comparing();
    });
    pick.appendChild(label);
    li.appendChild(pick);
    return li;
  }

  // The bar under the results: a link to compare the métiers ticked, two or three.
  function comparing() {
    var link = compareBar.querySelector("a");
    compareBar.hidden = picked.length === 0;
    link.hidden = picked.length < 2;
    link.href = form.getAttribute("data-comparer") + "?metiers=" + picked.join(",");
    link.textContent = "Comparer les " + picked.length + " métiers cochés";
    compareBar.querySelector("span").textContent = picked.length < 2 ? "Cochez un deuxième métier pour comparer." :
      picked.length >= MAX_COMPARED ? "Trois métiers au plus." : "";
    Array.prototype.forEach.call(found.querySelectorAll(".explorateur__comparer input"), function (box) {
      box.disabled = !box.checked && picked.length >= MAX_COMPARED;
    });
  }

  function writeUrl(s) {
    var params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    if (s.min !== null) params.set("salaire", String(s.min));
    selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
    if (chosenSkill) params.set("competence", chosenSkill.slug);
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
  }

  function update() {
    var s = state();
    writeUrl(s);
    if (!active(s)) {
      pages.hidden = false;
      found.hidden = more.hidden = true;
      status.textContent = pageStatus;
      if (index) index.then(counts.bind(null, s));
      return;
    }
    loadIndex().then(function (data) {
      var now = state();
      if (JSON.stringify(now) !== JSON.stringify(s)) return; // a later update shows the later state
      var hits = data.items.filter(function (item) { return matches(item, s, data, -1); });
      found.textContent = "";
      hits.slice(0, limit).forEach(function (item) { found.appendChild(card(item, data)); });
      comparing();
      pages.hidden = true;
      found.hidden = false;
      more.hidden = hits.length <= limit;
      status.textContent = hits.length + " métier" + (hits.length > 1 ? "s" : "") + " sur " + data.items.length +
        " correspond" + (hits.length > 1 ? "ent" : "") + " aux filtres.";
      counts(s, data);
    }, function () {
      status.textContent = "Les filtres n'ont pas pu être chargés ; la liste complète reste affichée.";
    });
  }

  // Each value of each select says how many métiers it would leave, given the other filters.
  function counts(s, data) {
    selects.forEach(function (select, f) {
      var facet = data.facets[select.name];
      var key = select.getAttribute("data-cle");
      var n = new Array(facet.values.length).fill(0);
      data.items.forEach(function (item) {
        if (matches(item, s, data, f)) item[key].forEach(function (v) { n[v]++; });
      });
      for (var i = 1; i < select.options.length; i++) {
        var option = select.options[i];
        var at = facet.bySlug[option.value];
        option.textContent = facet.values[at][1] + " (" + n[at] + ")";
        option.disabled = n[at] === 0 && select.value !== option.value;
      }
    });
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    query.value = params.get("q") || "";
    salary.value = params.get("salaire") || "";
    selects.forEach(function (select) {
      var slug = params.get(select.name) || "";
      select.value = select.querySelector('option[value="' + CSS.escape(slug) + '"]') ? slug : "";
    });
    var slug = params.get("competence") || "";
    chosenSkill = null;
    skill.value = "";
    if (!slug) return Promise.resolve();
    return skillsFor(slug).then(function (list) {
      var exact = list.filter(function (s) { return s.slug === slug; })[0];
      if (exact) skill.value = exact.label;
      return choose(exact);
    });
  }

  function restart() {
    limit = STEP;
    update();
  }

  form.addEventListener("focusin", function () { loadIndex().catch(function () {}); });
  query.addEventListener("input", restart);
  salary.addEventListener("input", restart);
  skill.addEventListener("input", function () { limit = STEP; onSkillTyped(); });
  form.addEventListener("change", function (event) { if (event.target.tagName === "SELECT") restart(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(function () { chosenSkill = null; restart(); }, 0); });
  more.querySelector("button").addEventListener("click", function () { limit += STEP; update(); });
  window.addEventListener("popstate", function () { readUrl().then(restart); });
  form.hidden = false;
  readUrl().then(update);
})();
