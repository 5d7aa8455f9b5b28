/* Reading offline (fiches_engine.offline): registers the service worker that keeps the pages a
 * reader visits, says when the page shown is the copy kept from an earlier visit, and shows closed
 * the offers whose deadline has passed since the page was made (a copy read offline, or a page
 * built before the deadline), so that none is taken for open.
 */
(function () {
  "use strict";
  var manifest = document.querySelector('link[rel="manifest"]');
  if (manifest && "serviceWorker" in navigator && window.isSecureContext) {
    // a preview writes no worker (its pages change at every save): the registration fails quietly
    navigator.serviceWorker.register(new URL("sw.js", manifest.href).href).catch(function () {});
  }

  var built = document.querySelector('meta[name="fiches-date"]');
  function notice() {
    var banner = document.getElementById("fiches-hors-ligne");
    if (navigator.onLine) {
      if (banner) banner.hidden = true;
      return;
    }
    if (!banner) {
      banner = document.createElement("p");
      banner.id = "fiches-hors-ligne";
      banner.className = "fiches-hors-ligne";
      banner.setAttribute("role", "status");
      var content = document.querySelector(".md-content__inner") || document.body;
      content.insertBefore(banner, content.firstChild);
    }
    banner.hidden = false;
    banner.textContent = "Hors connexion : vous lisez la copie de cette page enregistrée lors de votre dernière visite" +
      (built ? " (site mis à jour le " + built.getAttribute("content") + ")" : "") +
      ". Les offres et les chiffres ont pu changer depuis.";
  }
  window.addEventListener("online", notice);
  window.addEventListener("offline", notice);
  notice();

  var now = new Date();
  var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
  function passed(time) { return time && time.getAttribute("datetime") < today; }
  function badge() {
    var strong = document.createElement("strong");
    strong.className = "fiche-badge fiche-badge--close";
    strong.textContent = "Offre clôturée";
    return strong;
  }
  // an offer's own page
  var open = document.querySelector(".fiche-ouverte");
  if (open && passed(open.querySelector("time[datetime]"))) {
    var date = open.querySelector("time").cloneNode(true);
    open.className = "fiche-cloture";
    open.textContent = "";
    open.appendChild(badge());
    open.appendChild(document.createTextNode(" La date limite de candidature était le "));
    open.appendChild(date);
    open.appendChild(document.createTextNode(" : on ne peut plus répondre à cette offre."));
    Array.prototype.forEach.call(document.querySelectorAll(".fiche-contact"), function (node) { node.hidden = true; });
  }
  // offers in a list (a métier's page, the home page, the offers)
  Array.prototype.forEach.call(document.querySelectorAll("li.fiche-offre:not(.fiche-offre--close)"), function (li) {
    var time = li.querySelector("time[datetime]");
    if (!passed(time)) return;
    li.className += " fiche-offre--close";
    var meta = time.parentNode;
    Array.prototype.forEach.call(meta.childNodes, function (node) {
      if (node.nodeType === 3 && node.nodeValue.indexOf("candidature jusqu'au") >= 0) {
        node.nodeValue = node.nodeValue.replace("candidature jusqu'au", " depuis le");
        meta.insertBefore(badge(), node);
      }
    });
  });
})();
