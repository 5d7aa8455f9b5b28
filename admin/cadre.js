// The form editor (/admin/) never runs inside a frame. Another site could show it in an invisible
// <iframe> and lead an editor signed in there to click or type for it (clickjacking), with their
// GitHub token. A server would refuse with Content-Security-Policy frame-ancestors or
// X-Frame-Options, but GitHub Pages sends no header of ours, and frame-ancestors is ignored in a
// <meta> policy: the pages check it themselves, in this file (the pages' policy allows no inline
// script). Nothing of ours frames /admin/, so every frame is refused, of this site or another.
//
// The pages show nothing that can be used before this check has passed: index.html loads Decap
// CMS only after it (editeur.js), connexion.html keeps its form hidden until then (connexion.js).

export function framed() {
  try {
    return window.top !== window.self;
  } catch {
    return true; // a browser that will not even compare: framed, and by someone else
  }
}

// If the page is framed: removes its own content, says why in French, links to `target` (the
// editor) in a tab of its own, and returns true. Otherwise returns false and changes nothing.
export function refuseFrame(target) {
  if (!framed()) return false;
  for (const content of document.querySelectorAll("main")) content.remove();
  const main = document.createElement("main");
  const title = document.createElement("h1");
  title.textContent = "L'éditeur de fiches s'ouvre dans son propre onglet";
  const why = document.createElement("p");
  why.textContent = "Cette page est affichée à l'intérieur d'une autre page. Pour que personne ne puisse vous faire "
    + "cliquer ou saisir votre jeton d'accès à votre insu, l'éditeur ne démarre pas ici.";
  const link = document.createElement("a");
  link.href = new URL(target, window.location.href).href;
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = "Ouvrir l'éditeur de fiches dans un nouvel onglet";
  const where = document.createElement("p");
  where.append(link);
  main.append(title, why, where);
  document.body.prepend(main);
  return true;
}
