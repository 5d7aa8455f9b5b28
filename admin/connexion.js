// Sign-in to the form editor on a static host (GitHub Pages), without an OAuth server of ours.
//
// Why a page of our own: Decap CMS's GitHub backend signs in through an OAuth popup, whose server
// side (exchanging GitHub's code for a token with the app's secret) needs a server, which GitHub
// Pages is not. Decap opens that popup at backend.base_url + backend.auth_endpoint (config.yml,
// written by hooks/fiches_engine/form_editor.py): this page, on the site itself. It takes a
// fine-grained access token from the editor, checks it with GitHub (who is it, may they write to
// the repository), then hands it to Decap through Decap's own popup protocol
// ("authorizing:github", then "authorization:github:success:{token}"). Decap keeps it in the
// browser's localStorage ("decap-cms-user"), as it keeps any sign-in; its « Déconnexion » removes
// it (tests/test_admin_github.py checks both).
//
// Only fine-grained tokens (github_pat_…) are taken, before anything is sent to GitHub: one opens
// only the repositories and permissions chosen when it was made, and expires. A classic token
// (ghp_…) opens every repository of its owner with the rights of its scopes, and may never expire:
// kept in the browser, it would be worth far more to whoever got it. OAuth and app tokens (gho_,
// ghu_, ghs_…) are not made for this page. The page runs in no frame (cadre.js): its form stays
// hidden until that is checked.
import { refuseFrame } from "./cadre.js";
import * as YAML from "./yaml/index.js";

const FINE_GRAINED = "github_pat_";
let form, message, settings;

// In another page's frame, the page shows only why, with a link to the editor (./) in a tab of its own.
if (!refuseFrame("./")) {
  form = document.getElementById("connexion");
  message = document.getElementById("message");
  settings = fetch("config.yml").then((r) => r.text()).then((text) => YAML.parse(text).backend);
  settings.then((backend) => {
    document.getElementById("depot").textContent = backend.repo;
    document.getElementById("proprietaire").textContent = backend.repo.split("/")[0];
  });
  form.addEventListener("submit", signIn);
  form.closest("main").hidden = false;
}

// Why a token that is not fine-grained is refused, and how to make the right one ("" if it is).
function notFineGrained(token, repo) {
  if (token.startsWith(FINE_GRAINED)) return "";
  const why = token.startsWith("ghp_")
    ? "Ce jeton est un jeton classique (il commence par ghp_) : il ouvre tous vos dépôts, pas seulement celui du site, "
      + "et l'éditeur le refuse."
    : "Ce n'est pas un jeton « fine-grained » de GitHub, le seul que l'éditeur accepte : il commence par github_pat_.";
  return `${why} Créez-en un dans Settings › Developer settings › Fine-grained tokens › Generate new token : `
    + `accès au seul dépôt ${repo}, permissions Contents et Pull requests en Read and write, `
    + "expiration de 90 jours au plus.";
}

function say(text) {
  message.textContent = text;
}

async function github(backend, token, path) {
  const root = (backend.api_root || "https://api.github.com").replace(/\/$/, "");
  let response;
  try {
    response = await fetch(`${root}${path}`, { headers: { Authorization: `token ${token}`, Accept: "application/vnd.github+json" } });
  } catch {
    throw new Error("GitHub ne répond pas : vérifiez votre connexion à Internet, puis réessayez.");
  }
  if (response.status === 401) {
    throw new Error("GitHub refuse ce jeton : il est mal copié, expiré ou révoqué. Copiez-le à nouveau, ou créez-en un autre.");
  }
  if (response.status === 404 || response.status === 403) {
    throw new Error(`Ce jeton ne donne pas accès au dépôt ${backend.repo} : à l'étape 2, choisissez ce dépôt dans « Repository access ».`);
  }
  if (!response.ok) throw new Error(`GitHub a répondu ${response.status} : réessayez dans un moment.`);
  return response.json();
}

// Decap's popup protocol: say we are authorizing, wait for the editor's echo, then send the token.
function handOver(token) {
  const origin = window.location.origin;
  window.addEventListener("message", function echo(event) {
    if (event.origin !== origin || event.data !== "authorizing:github") return;
    window.removeEventListener("message", echo);
    window.opener.postMessage(`authorization:github:success:${JSON.stringify({ token, provider: "github" })}`, origin);
  });
  window.opener.postMessage("authorizing:github", origin);
}

async function signIn(event) {
  event.preventDefault();
  const token = form.jeton.value.trim();
  if (!window.opener) {
    say("Ouvrez cette page depuis l'éditeur de fiches : bouton « Se connecter avec GitHub ».");
    return;
  }
  say("");
  try {
    const backend = await settings;
    const refused = notFineGrained(token, backend.repo);
    if (refused) throw new Error(refused);  // before any call to GitHub
    const user = await github(backend, token, "/user");
    const repo = await github(backend, token, `/repos/${backend.repo}`);
    if (!repo.permissions || !repo.permissions.push) {
      throw new Error(`Ce jeton ne peut pas écrire dans ${backend.repo} : à l'étape 3, mettez « Contents » sur « Read and write ».`);
    }
    say(`Connecté·e comme ${user.login}.`);
    handOver(token);
  } catch (error) {
    say(error.message);
  }
}
