/* Site search with Pagefind, in material's header search box.
 *
 * Pagefind (run on the built site by the hooks) writes a chunked index with
 * French stemming; its own script, pagefind/pagefind.js, loads only the
 * pieces a query needs. This file only wires it to material's markup:
 * open/close, typing, kind filters, results as material draws them, keys.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-fiches-recherche]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var input = root.querySelector(".md-search__input");
  var list = root.querySelector(".md-search-result__list");
  var meta = root.querySelector(".md-search-result__meta");
  var types = root.querySelectorAll("input[name=type]");
  var engine = null;
  var asked = 0;

  var FIRST = 5, SHOWN = 20;

  /* Pagefind's own script, loaded on first use (when the box opens or gets the focus). */
  function load() {
    if (!engine) {
      // an absolute URL: import() takes "pagefind/x.js" for a package name, not a path
      var script = new URL(root.getAttribute("data-pagefind") + "pagefind.js", document.baseURI).href;
      engine = import(script).then(function (pagefind) {
        // noWorker: in chromium at 5,000 métiers, searching in Pagefind's Web Worker took 20-60 ms
        // with pauses of a second or more now and then; on the page itself, 10-50 ms and no pause.
        return pagefind.options({ excerptLength: 24, noWorker: true }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  /* French elided words, as fiches_engine/search_index.py knows them. */
  var ELIDED = "l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu";

  /* The index was made from pages whose elisions were split ("l' insertion", see
     fiches_engine/search_index.py): titles and excerpts get them back as written. */
  var SPLIT = new RegExp("(^|[^\\p{L}\\p{N}])(" + ELIDED + ")('|’|&#39;|&#x27;) (?=(<mark>)?\\p{L})", "giu");
  function joinElisions(text) {
    return text.replace(SPLIT, "$1$2$3");
  }

  /* Pagefind's excerpts are HTML with <mark>: keep the text and the marks, nothing else. */
  function excerpt(html) {
    var out = document.createElement("p");
    var doc = new DOMParser().parseFromString(joinElisions(html), "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 3) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else out.appendChild(document.createTextNode(node.textContent || ""));
    });
    return out;
  }

  function item(result) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = result.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var kind = document.createElement("p");
    kind.className = "fiches-recherche__type";
    kind.textContent = (result.meta && result.meta.type) || "Page";
    var title = document.createElement("h1");
    title.textContent = joinElisions((result.meta && result.meta.title) || result.url);
    article.appendChild(kind);
    article.appendChild(title);
    article.appendChild(excerpt(result.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  /* French elisions: "l'insertion" is searched as "insertion" (the index splits them the same way). */
  function clean(query) {
    return query.replace(new RegExp("\\b(" + ELIDED + ")['’](?=\\S)", "gi"), "").trim();
  }

  function chosenType() {
    for (var i = 0; i < types.length; i++) if (types[i].checked) return types[i].value;
    return "";
  }

  /* Search as the reader types, with at most one search under way: a query typed while one
     runs waits for it, and only the latest such query is searched then. Results come as soon
     as the engine allows, and fast typing never piles searches up (which a fixed delay
     cannot promise on a slow phone). */
  var running = false, again = false;

  function run() {
    if (running) { again = true; return; }
    var query = clean(input.value);
    var ticket = ++asked;
    if (!query) {
      list.textContent = "";
      meta.textContent = "Tapez un mot pour chercher";
      return;
    }
    running = true;
    load().then(function (pagefind) {
      var type = chosenType();
      return pagefind.search(query, type ? { filters: { type: type } } : {});
    }).then(function (search) {
      // Each result's text is a small file: the first few are shown as soon as they arrive,
      // the next ones follow, so that results appear without waiting for all of them.
      function show(from, to) {
        return Promise.all(search.results.slice(from, to).map(function (r) { return r.data(); })).then(function (data) {
          if (ticket !== asked) return false;
          if (from === 0) list.textContent = "";
          data.forEach(function (result) { list.appendChild(item(result)); });
          return true;
        });
      }
      return show(0, FIRST).then(function (current) {
        if (!current) return;
        var n = search.results.length;
        meta.textContent = n === 0 ? "Aucun résultat" : n === 1 ? "1 résultat" : n + " résultats";
        show(FIRST, SHOWN);
      });
    }).catch(function () {
      meta.textContent = "La recherche n'a pas pu se charger.";
    }).then(function () {
      running = false;
      if (again) { again = false; run(); }
    });
  }

  input.addEventListener("input", run);
  types.forEach(function (radio) { radio.addEventListener("change", run); });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  root.querySelector("form").addEventListener("reset", function () { window.setTimeout(run, 0); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { load(); window.setTimeout(function () { input.focus(); }, 50); }
  });
  input.addEventListener("focus", function () { if (!toggle.checked) { toggle.checked = true; } load(); });
  document.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (event.key === "ArrowDown" && toggle.checked && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && toggle.checked && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus(); else links[at - 1].focus();
    } else if ((event.key === "/" || event.key === "s") && !toggle.checked &&
               !/input|textarea|select/i.test((document.activeElement || {}).tagName || "")) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
    }
  });
})();
