// Sign-in to the form editor on a static host (GitHub Pages), without an OAuth server of ours.
//
// Why a page of our own: Decap CMS's GitHub backend signs in through an OAuth popup, whose server
// side (exchanging GitHub's code for a token with the app's secret) needs a server, which GitHub
// Pages is not. Decap opens that popup at backend.base_url + backend.auth_endpoint (config.yml,
// written by hooks/fiches_engine/form_editor.py): this page, on the site itself. It takes a
// fine-grained access token from the editor, checks it with GitHub (who is it, may they write to
// the repository), then hands it to Decap through Decap's own popup protocol
// ("authorizing:github", then "authorization:github:success:{token}"). Decap keeps it in the
// browser's localStorage, as it keeps any sign-in; "Se déconnecter" removes it.
import * as YAML from "./yaml/index.js";

const form = document.getElementById("connexion");
const message = document.getElementById("message");
const settings = fetch("config.yml").then((r) => r.text()).then((text) => YAML.parse(text).backend);
settings.then((backend) => { document.getElementById("depot").textContent = backend.repo; });

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

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = form.jeton.value.trim();
  if (!window.opener) {
    say("Ouvrez cette page depuis l'éditeur de fiches : bouton « Se connecter avec GitHub ».");
    return;
  }
  say("");
  try {
    const backend = await settings;
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
});
