"""The form editor on the published site: signing in to GitHub without a server of ours.

The site is built as the publishing workflow builds it (FICHES_EDITEUR=github, its address given);
chromium opens /admin/, clicks Decap's « Se connecter avec GitHub », and our sign-in page
(admin/connexion.html) opens in Decap's popup. GitHub's API is answered by the test (no network
here): a good token reaches the editor's collections, with every call to GitHub carrying it; a
refused token or one without write access gets a French message naming what to do; a save opens a
pull request in French (its title and body: admin/demande.js) whose file differs by the edited line alone.

The token can write to the repository, and stays in the browser: only a fine-grained one is taken,
refused otherwise before GitHub sees it; signing out leaves it nowhere in the browser's storage; the
preview runs no script typed in a body; the pages start nothing in another page's frame, and have
no inline script (the site's Content-Security-Policy allows none of a contributor's).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from conftest import FIXTURE_EPOCH, add_axe, changed_lines, copy_project, free_port, mkdocs_build, serve_folder
from fiches_engine import csp
from test_html_valid import vnu_errors

REPO = "fiches-metiers/fiches"
GOOD, READ_ONLY = "github_pat_bon", "github_pat_lecture"
SIGN_OUT = "Déconnexion"  # Decap's French sign-out, in its account menu (the guide names it)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("publie") / "projet")
    site = tmp_path_factory.mktemp("publie-site")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = mkdocs_build(project, site, "--strict", env={
        "SOURCE_DATE_EPOCH": FIXTURE_EPOCH, "FICHES_EDITEUR": "github", "FICHES_SITE_URL": url,
        "FICHES_REPO_NAME": REPO})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(site, port):
        yield site, url, project


def git_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class FakeGitHub:
    """GitHub's REST API as Decap and our sign-in page call it, with the tokens they send; the
    repository's files are those of ``project`` (folders listed as git trees, files as blobs)."""

    def __init__(self, project: Path | None = None) -> None:
        self.tokens: list[str] = []
        self.calls: list[str] = []
        self.project = project
        self.blobs: dict[str, bytes] = {}
        self.trees: dict[str, list[dict]] = {}  # trees the editor made: sha -> entries
        self.refs: dict[str, str] = {"heads/main": "c0" * 20}  # branch -> commit
        self.pulls: list[dict] = []  # pull requests the editor opened
        self.commits: list[str] = []  # the messages of the commits it made
        self.unknown: list[str] = []

    def tree(self, folder: str) -> dict | None:
        where = self.project / folder if self.project else None
        if where is None or not where.is_dir():
            return None
        entries = []
        for file in sorted(where.iterdir()):
            if file.is_file():
                data = file.read_bytes()
                self.blobs[git_sha(data)] = data
                entries.append({"path": file.name, "mode": "100644", "type": "blob", "sha": git_sha(data),
                                "size": len(data)})
        return {"sha": git_sha(folder.encode()), "tree": entries, "truncated": False}

    def handle(self, route) -> None:
        request = route.request
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers=self.cors)
            return
        token = (request.headers.get("authorization") or "").removeprefix("token ").removeprefix("Bearer ")
        self.tokens.append(token)
        path = request.url.split("api.github.com", 1)[1].split("?", 1)[0]
        self.calls.append(f"{request.method} {path}")
        if token not in (GOOD, READ_ONLY):
            self.reply(route, 401, {"message": "Bad credentials"})
        elif path == "/user":
            self.reply(route, 200, {"login": "redactrice", "name": "Rédactrice", "avatar_url": ""})
        elif path == f"/repos/{REPO}":
            self.reply(route, 200, {"full_name": REPO, "default_branch": "main", "owner": {"login": REPO.split("/")[0]},
                                    "permissions": {"admin": False, "push": token == GOOD, "pull": True}})
        elif request.method != "GET" or "/git/ref" in path or "/branches/" in path:
            self.write(route, request, path.removeprefix(f"/repos/{REPO}"))
        elif path.startswith(f"/repos/{REPO}/pulls"):
            self.reply(route, 200, self.pulls)
        elif path.startswith(f"/repos/{REPO}/git/trees/main:") and (tree := self.tree(
                unquote(path.split(":", 1)[1]))) is not None:
            self.reply(route, 200, tree)
        elif path.startswith(f"/repos/{REPO}/git/blobs/") and path.rsplit("/", 1)[1] in self.blobs:
            data = self.blobs[path.rsplit("/", 1)[1]]
            self.reply(route, 200, {"sha": path.rsplit("/", 1)[1], "encoding": "base64", "size": len(data),
                                    "content": base64.b64encode(data).decode()})
        else:
            self.reply(route, 404, {"message": "Not Found"})

    def write(self, route, request, path: str) -> None:
        """The calls that make a branch, a commit and a pull request, as GitHub answers them."""
        body = json.loads(request.post_data or "null")
        head = lambda ref: {"ref": f"refs/{ref}", "object": {"sha": self.refs[ref], "type": "commit"}}  # noqa: E731
        if request.method == "GET" and path.startswith(("/git/ref/", "/git/refs/")):
            ref = path.split("/", 3)[3]
            self.reply(route, *((200, head(ref)) if ref in self.refs else (404, {"message": "Not Found"})))
        elif request.method == "GET" and path.startswith("/branches/"):
            name = path.split("/", 2)[2]
            sha = self.refs.get(f"heads/{name}")
            self.reply(route, *((200, {"name": name, "commit": {"sha": sha, "commit": {"tree": {"sha": "e0" * 20}}}})
                                if sha else (404, {"message": "Branch not found"})))
        elif path == "/git/blobs":
            data = base64.b64decode(body["content"]) if body.get("encoding") == "base64" else body["content"].encode()
            self.blobs[git_sha(data)] = data
            self.reply(route, 201, {"sha": git_sha(data)})
        elif path == "/git/trees":
            sha = git_sha(json.dumps(body, sort_keys=True).encode())
            self.trees[sha] = body["tree"]
            self.reply(route, 201, {"sha": sha, "tree": body["tree"]})
        elif path == "/git/commits":
            self.commits.append(body["message"])
            sha = git_sha(json.dumps(body, sort_keys=True).encode())
            self.reply(route, 201, {"sha": sha, "tree": {"sha": body["tree"]}, "parents": body.get("parents", [])})
        elif path == "/git/refs":
            self.refs[body["ref"].removeprefix("refs/")] = body["sha"]
            self.reply(route, 201, head(body["ref"].removeprefix("refs/")))
        elif path.startswith("/git/refs/"):  # PATCH: the branch moves to a new commit
            self.refs[path.removeprefix("/git/refs/")] = body["sha"]
            self.reply(route, 200, head(path.removeprefix("/git/refs/")))
        elif path == "/pulls":
            number = len(self.pulls) + 1
            pull = {"number": number, "state": "open", "title": body["title"], "body": body.get("body", ""),
                    "head": {"ref": body["head"].split(":")[-1],
                             "sha": self.refs.get(f"heads/{body['head'].split(':')[-1]}")},
                    "base": {"ref": body["base"]}, "labels": [], "user": {"login": "redactrice"},
                    "html_url": f"https://github.com/{REPO}/pull/{number}", "updated_at": "2024-06-01T00:00:00Z"}
            self.pulls.append(pull)
            self.reply(route, 201, pull)
        elif path.startswith("/issues/") and path.endswith("/labels"):
            pull = self.pulls[int(path.split("/")[2]) - 1]
            pull["labels"] = [{"name": name} for name in (body if isinstance(body, list) else body.get("labels", []))]
            self.reply(route, 200, pull["labels"])
        else:
            self.unknown.append(f"{request.method} {path}")
            self.reply(route, 404, {"message": "Not Found"})

    cors = {"access-control-allow-origin": "*", "access-control-allow-headers": "*",
            "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE"}

    def reply(self, route, status: int, body) -> None:
        route.fulfill(status=status, headers=self.cors, content_type="application/json", body=json.dumps(body))


def frontmatter_title(fiche: Path) -> str:
    return next(line for line in fiche.read_text(encoding="utf-8").splitlines() if line.startswith("titre: "))[7:]


def sign_in(browser, url: str, token: str, project: Path | None = None, viewport: dict | None = None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="fr-FR")
    github = FakeGitHub(project)
    context.route("https://api.github.com/**", github.handle)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}admin/")
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Se connecter avec GitHub").click()
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.url == f"{url}admin/connexion.html?provider=github&site_id=127.0.0.1&scope=repo"
    popup.get_by_label("Jeton d'accès GitHub").fill(token)
    popup.get_by_role("button", name="Se connecter").click()
    return context, page, popup, github, errors


def test_the_published_editor_signs_in_with_an_access_token(browser, published) -> None:
    site, url, project = published
    assert (site / "admin" / "connexion.html").is_file() and (site / "admin" / "decap-cms.js").is_file()
    context, page, popup, github, errors = sign_in(browser, url, GOOD, project)
    try:
        popup.wait_for_event("close", timeout=15_000)  # Decap closes it once it has the token
        try:
            page.get_by_role("link", name="Métiers").first.wait_for(timeout=15_000)
        except Exception:
            print(page.inner_text("body"), github.calls)
            raise
        # the métiers of the repository, read through GitHub's API with the token, listed by title
        titles = [frontmatter_title(f) for f in sorted((project / "fiches" / "metiers").glob("*.md"))]
        page.get_by_text(titles[0], exact=True).wait_for(timeout=15_000)
        assert all(title in page.inner_text("body") for title in titles)
        assert github.tokens and set(github.tokens) == {GOOD}
        stored = page.evaluate("() => JSON.parse(localStorage.getItem('decap-cms-user'))")
        assert stored["token"] == GOOD and stored["backendName"] == "github"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("token, message", [
    ("github_pat_faux", "GitHub refuse ce jeton : il est mal copié, expiré ou révoqué."),
    (READ_ONLY, f"Ce jeton ne peut pas écrire dans {REPO}"),
])
def test_a_token_github_refuses_gets_a_french_message(browser, published, token: str, message: str) -> None:
    _, url, _ = published
    context, page, popup, github, _ = sign_in(browser, url, token)
    try:
        popup.get_by_role("alert").filter(has_text=message).wait_for(timeout=10_000)
        assert not popup.is_closed()
        assert page.evaluate("() => localStorage.getItem('decap-cms-user')") is None
    finally:
        context.close()


@pytest.mark.parametrize("token, message", [
    ("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "Ce jeton est un jeton classique (il commence par ghp_) : il ouvre "
                                                 "tous vos dépôts, pas seulement celui du site, et l'éditeur le refuse."),
    ("gho_16C7e42F292c6912E7710c838347Ae178B4a", "Ce n'est pas un jeton « fine-grained » de GitHub"),
    ("un mot de passe", "Ce n'est pas un jeton « fine-grained » de GitHub"),
])
def test_a_token_that_is_not_fine_grained_is_refused_before_github_sees_it(browser, published, token: str,
                                                                          message: str) -> None:
    """A classic token opens every repository of its owner: it is refused, with how to make the right one,
    and GitHub never receives it (nor anything else)."""
    _, url, _ = published
    context, page, popup, github, errors = sign_in(browser, url, token)
    try:
        alert = popup.get_by_role("alert").filter(has_text=message)
        alert.wait_for(timeout=10_000)
        text = alert.inner_text()
        assert ("Créez-en un dans Settings › Developer settings › Fine-grained tokens › Generate new token : accès au "
                f"seul dépôt {REPO}, permissions Contents et Pull requests en Read and write, expiration de 90 jours "
                "au plus.") in text
        popup.wait_for_timeout(500)
        assert github.calls == [] and github.tokens == []
        assert not popup.is_closed()
        assert page.evaluate("() => localStorage.getItem('decap-cms-user')") is None
        assert errors == []
    finally:
        context.close()


def stored_anywhere(page, token: str) -> list[str]:
    """Where the page's origin keeps ``token``: localStorage, sessionStorage, IndexedDB (Decap's cache)."""
    return page.evaluate("""async (token) => {
        const found = [];
        for (const [name, store] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
            for (let i = 0; i < store.length; i++) {
                if (`${store.key(i)}=${store.getItem(store.key(i))}`.includes(token)) found.push(`${name}:${store.key(i)}`);
            }
        }
        for (const { name } of await indexedDB.databases()) {
            const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = ko; });
            for (const storeName of db.objectStoreNames) {
                const values = await new Promise((ok, ko) => {
                    const r = db.transaction(storeName).objectStore(storeName).getAll();
                    r.onsuccess = () => ok(r.result); r.onerror = ko;
                });
                if (values.some((value) => JSON.stringify(value ?? null).includes(token))) found.push(`indexedDB:${name}/${storeName}`);
            }
            db.close();
        }
        return found;
    }""", token)


def test_signing_out_removes_the_token_from_the_browser(browser, published) -> None:
    """Decap keeps the signed-in user, token included, in localStorage: its sign-out leaves it
    nowhere in the browser's storage, and the editor asks to sign in again, even after a reload."""
    _, url, project = published
    context, page, popup, github, errors = sign_in(browser, url, GOOD, project)
    try:
        popup.wait_for_event("close", timeout=15_000)
        page.get_by_role("link", name="Métiers").first.wait_for(timeout=15_000)
        assert stored_anywhere(page, GOOD) == ["localStorage:decap-cms-user"]
        page.get_by_role("button", name="Menu du compte").click()
        page.get_by_role("menuitem", name=SIGN_OUT).click()
        page.get_by_role("button", name="Se connecter avec GitHub").wait_for(timeout=10_000)
        assert stored_anywhere(page, GOOD) == []
        page.reload()
        page.get_by_role("button", name="Se connecter avec GitHub").wait_for(timeout=15_000)
        assert stored_anywhere(page, GOOD) == []
        assert errors == []
    finally:
        context.close()


def test_html_typed_in_a_body_runs_no_script_in_the_preview(browser, published) -> None:
    """Decap's preview shows a body's HTML in the page that holds the token: sanitized (DOMPurify), as
    the configuration asks of every Markdown field, an <img onerror=…> typed there runs nothing."""
    site, url, project = published
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    markdown = [field for collection in config["collections"] for field in collection["fields"]
                if field.get("widget") == "markdown"]
    assert markdown and all(field["sanitize_preview"] is True for field in markdown)
    context, page, popup, github, errors = sign_in(browser, url, GOOD, project)
    try:
        popup.wait_for_event("close", timeout=15_000)
        page.goto(f"{url}admin/#/collections/metiers/entries/charge-de-mission")
        page.get_by_label("Résumé").wait_for(timeout=15_000)
        page.get_by_role("switch").last.click()  # the body's « Markdown » mode: its text as typed
        page.locator("[data-slate-editor]").last.click()
        page.keyboard.press("Control+End")
        page.keyboard.type('\n\n<img src="x" onerror="window.parent.xss = 1">\n\nFin du texte.')
        preview = page.frame("preview-pane")
        preview.get_by_text("Fin du texte.").wait_for(timeout=10_000)
        image = preview.locator('img[src="x"]')
        image.wait_for(state="attached")
        assert image.evaluate("img => img.getAttributeNames()") == ["src"]
        page.wait_for_timeout(500)  # the image fails to load: its onerror would have run by now
        assert page.evaluate("() => window.xss") is None and preview.evaluate("() => window.xss") is None
        assert errors == []
    finally:
        context.close()


FRAMING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
<body><iframe title="editor" src="{url}admin/" width="1000" height="600"></iframe>
<iframe title="sign-in" src="{url}admin/connexion.html?provider=github" width="600" height="600"></iframe></body></html>
"""


@pytest.mark.parametrize("framer", ["another origin", "the same origin"])
def test_the_editor_does_not_start_in_a_frame(browser, published, tmp_path: Path, framer: str) -> None:
    """Shown in another page's frame (clickjacking), /admin/ loads no Decap CMS and its sign-in page
    takes no token: each shows why, in French, with a link opening the editor in a tab of its own."""
    _, url, _ = published
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    github = FakeGitHub()
    context.route("https://api.github.com/**", github.handle)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with contextlib.ExitStack() as stack:
            if framer == "another origin":
                (tmp_path / "index.html").write_text(FRAMING.format(url=url), encoding="utf-8")
                framing = stack.enter_context(serve_folder(tmp_path))
                assert framing != url
            else:
                framing = f"{url}essai-cadre.html"
                page.route(framing, lambda route: route.fulfill(content_type="text/html", body=FRAMING.format(url=url)))
            page.goto(framing)
            page.wait_for_load_state("load")
            for title, target in (("editor", f"{url}admin/"), ("sign-in", f"{url}admin/")):
                frame = page.frame_locator(f"iframe[title={title}]")
                frame.get_by_role("heading", name="L'éditeur de fiches s'ouvre dans son propre onglet").wait_for(
                    timeout=10_000)
                frame.get_by_text("l'éditeur ne démarre pas ici").wait_for()
                link = frame.get_by_role("link", name="Ouvrir l'éditeur de fiches dans un nouvel onglet")
                assert (link.get_attribute("href"), link.get_attribute("target")) == (target, "_blank")
            page.wait_for_timeout(1000)  # time Decap would take to start
            editor = next(f for f in page.frames if f.url == f"{url}admin/")
            assert editor.evaluate("() => [typeof window.CMS, typeof window.CMS_MANUAL_INIT]") == ["undefined",
                                                                                                "undefined"]
            assert not any(u.endswith(("decap-cms.js", "fiches-admin.js", "config.yml")) for u in requested), requested
            assert editor.get_by_role("button").count() == 0
            sign_in_page = next(f for f in page.frames if f.url.startswith(f"{url}admin/connexion.html"))
            assert sign_in_page.locator("input, button, form").count() == 0
            # the link opens the editor in a tab of its own, where it starts
            with context.expect_page() as opened:
                page.frame_locator("iframe[title=editor]").get_by_role("link").click()
            tab = opened.value
            tab.get_by_role("button", name="Se connecter avec GitHub").wait_for(timeout=15_000)
            assert tab.url.startswith(f"{url}admin/")
        assert github.calls == [] and errors == []
    finally:
        context.close()


def test_the_sign_in_page_passes_axe(browser, published, axe) -> None:
    _, url, _ = published
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="fr-FR")
    try:
        page.goto(f"{url}admin/connexion.html")
        page.get_by_text("fiches-metiers/fiches").wait_for()  # the repository, read from config.yml
        add_axe(page, axe)
        violations = page.evaluate(
            "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")
        assert violations == []
        # opened directly rather than by the editor's button: it says where to start
        page.get_by_label("Jeton d'accès GitHub").fill(GOOD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("alert").filter(has_text="Ouvrez cette page depuis l'éditeur de fiches").wait_for()
    finally:
        page.close()


def test_the_sign_in_page_is_styled_within_its_policy(browser, published) -> None:
    """The sign-in page's policy allows no inline style: its styles are a file, and nothing is refused."""
    _, url, _ = published
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        page.add_init_script("document.addEventListener('securitypolicyviolation', (e) => "
                             "(window.refused ||= []).push(`${e.violatedDirective} ${e.blockedURI}`))")
        page.goto(f"{url}admin/connexion.html")
        page.get_by_text(REPO).wait_for()
        button = page.get_by_role("button", name="Se connecter")
        assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(63, 81, 181)"
        assert page.evaluate("() => window.refused || []") == []
    finally:
        page.close()


def test_the_editors_pages_are_valid_html(published) -> None:
    site, _, _ = published
    assert vnu_errors(site / "admin") == []


class Inline(HTMLParser):
    """The inline scripts and event handler attributes (onclick=…) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append(f"<script> at line {self.getpos()[0]}")
        self.found += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]


def test_the_editors_pages_have_no_inline_script(published) -> None:
    """The form editor's scripts are all files of admin/: its pages' policy needs no hash, and an inline
    script found there would be one nobody wrote."""
    site, _, _ = published
    pages = sorted((site / "admin").glob("*.html"))
    assert [page.name for page in pages] == ["connexion.html", "index.html"]
    for page in pages:
        parser = Inline()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.name
        assert "'sha256-" not in (csp.policy_of(page.read_text(encoding="utf-8")) or ""), page.name


PULL_REQUEST_BODY = """\
Cette proposition vient du formulaire d'édition du site : elle modifie la fiche métier « Chargé·e de mission » \
(fichier `fiches/metiers/charge-de-mission.md`).

Une fois la proposition acceptée, la fiche sera en ligne à l'adresse {url}metiers/charge-de-mission/

## La suite

1. Les vérifications automatiques relisent la fiche et construisent le site avec elle, en quelques minutes. \
Si quelque chose ne va pas, elles l'écrivent en français dans l'onglet **Files changed**, sous la ligne concernée, \
avec la clé et un conseil.
2. Une personne de l'équipe relit la proposition puis l'accepte : le site est mis à jour quelques minutes après.

## Répondre à une relecture

Les remarques arrivent ici, dans l'onglet **Conversation**, et GitHub vous les envoie aussi par courriel. \
Répondez sous chaque remarque. Pour corriger la fiche, rouvrez-la dans le formulaire (onglet **Flux**), \
modifiez-la puis cliquez sur **Enregistrer** : la correction s'ajoute à cette proposition et les vérifications \
recommencent."""


def test_a_save_on_the_published_site_opens_a_pull_request(browser, published) -> None:
    """The editorial workflow: the edited fiche goes to a branch of its own and a pull request to
    main, where the checks and the review apply; its file differs by the edited line alone."""
    _, url, project = published
    context, page, popup, github, errors = sign_in(browser, url, GOOD, project)
    try:
        popup.wait_for_event("close", timeout=15_000)
        page.goto(f"{url}admin/#/collections/metiers/entries/charge-de-mission")
        resume = "Le ou la chargé·e de mission conduit un programme d'actions, du diagnostic au bilan, avec les partenaires."
        page.get_by_label("Résumé").fill(resume)
        page.get_by_role("button", name="Enregistrer").first.click()
        deadline = time.monotonic() + 15
        while not github.pulls and time.monotonic() < deadline:
            page.wait_for_timeout(200)  # the fake API answers while Playwright waits
        assert [(p["head"]["ref"], p["base"]["ref"], p["title"]) for p in github.pulls] == [
            ("cms/metiers/charge-de-mission", "main", "Modifier la fiche métier « Chargé·e de mission »")]
        # in French, not Decap's "Automatically generated by Decap CMS" (admin/demande.js)
        assert github.pulls[0]["body"] == PULL_REQUEST_BODY.format(url=url)
        assert github.refs["heads/cms/metiers/charge-de-mission"] == github.pulls[0]["head"]["sha"]
        [entries] = github.trees.values()
        [entry] = [e for e in entries if e["path"] == "fiches/metiers/charge-de-mission.md"]
        before = (project / "fiches" / "metiers" / "charge-de-mission.md").read_text(encoding="utf-8")
        after = github.blobs[entry["sha"]].decode("utf-8")
        changed = changed_lines(before, after)
        assert changed == [next(f"-{line}" for line in before.splitlines() if line.startswith("resume:")),
                           f"+resume: {resume}"]
        assert github.unknown == [] and errors == []
    finally:
        context.close()


def test_a_new_fiche_from_the_form_opens_a_pull_request_in_french(browser, published) -> None:
    """A testimonial written from scratch in the form: its pull request and commit say, in French,
    that it adds one, and give the file and the address it will have."""
    _, url, project = published
    context, page, popup, github, errors = sign_in(browser, url, GOOD, project)
    try:
        popup.wait_for_event("close", timeout=15_000)
        metier = frontmatter_title(project / "fiches" / "metiers" / "charge-de-mission.md")
        page.goto(f"{url}admin/#/collections/temoignages/new")
        page.get_by_label("Titre", exact=True).fill("Une journée à la mission locale")
        page.get_by_label("Prénom").fill("Léa")
        page.get_by_label("Poste").fill("Chargée de mission insertion")
        page.get_by_label("Métiers").click()
        page.keyboard.type(metier[:12])
        page.get_by_text(metier, exact=True).last.click()
        page.locator("[data-slate-editor]").click()  # the page's text is required
        page.keyboard.type("Le matin, les rendez-vous avec les jeunes ; l'après-midi, les partenaires.")
        page.get_by_role("button", name="Enregistrer").first.click()
        deadline = time.monotonic() + 15
        while not github.pulls and time.monotonic() < deadline:
            page.wait_for_timeout(200)  # the fake API answers while Playwright waits
        slug = "une-journee-a-la-mission-locale"
        assert [(p["head"]["ref"], p["base"]["ref"], p["title"]) for p in github.pulls] == [
            (f"cms/temoignages/{slug}", "main", "Ajouter le témoignage « Une journée à la mission locale »")]
        body = github.pulls[0]["body"]
        assert body.startswith("Cette proposition vient du formulaire d'édition du site : elle ajoute le témoignage "
                               f"« Une journée à la mission locale » (fichier `fiches/temoignages/{slug}.md`).\n")
        assert f"la fiche sera en ligne à l'adresse {url}temoignages/{slug}/\n" in body
        assert "## La suite" in body and "## Répondre à une relecture" in body and "Decap" not in body
        assert github.commits == [f"Nouvelle fiche : {slug}"]
        [entries] = github.trees.values()
        [entry] = [e for e in entries if e["path"] == f"fiches/temoignages/{slug}.md"]
        saved = github.blobs[entry["sha"]].decode("utf-8")
        assert saved == ("---\ntitre: Une journée à la mission locale\npersonne:\n  prenom: Léa\n"
                         "  poste: Chargée de mission insertion\nmetiers:\n  - charge-de-mission\n---\n\n"
                         "Le matin, les rendez-vous avec les jeunes ; l'après-midi, les partenaires.\n")
        assert github.unknown == [] and errors == []
    finally:
        context.close()
