"""Every published page carries a strict Content-Security-Policy, and the site runs under it.

The site is built as the publishing workflow builds it (the form editor included), with a
hand-written page that carries a script, as a pull request could bring one (docs/ pages are not
cleaned as fiches are). Chromium then goes through every kind of page, searching, filtering,
printing and signing in to the form editor, and the policy must never be violated; the
contributor's script, and a script injected into the page later, must be blocked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE_EPOCH, copy_project, free_port, mkdocs_build, serve_folder
from test_admin_github import GOOD, REPO, FakeGitHub

from fiches_engine.csp import inline_scripts, policy_of, script_hash

INTRUDER = """# Une page piégée

Un paragraphe.

<script>window.intrus = "script";</script>

<img src="nulle-part.png" alt="" onerror="window.intrus = 'attribut'">

[Un lien](javascript:window.intrus='lien')
"""

# Records every violation of the policy, in every frame, before the page's own scripts run.
WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("csp") / "projet")
    (project / "docs" / "page-piegee.md").write_text(INTRUDER, encoding="utf-8")
    site = tmp_path_factory.mktemp("csp-site")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = mkdocs_build(project, site, env={
        "SOURCE_DATE_EPOCH": FIXTURE_EPOCH, "FICHES_EDITEUR": "github", "FICHES_SITE_URL": url,
        "FICHES_REPO_NAME": REPO})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(site, port):
        yield site, url, project


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_has_its_policy_first(published) -> None:
    site, _, _ = published
    pages = _pages(site)
    assert len(pages) > 40 and site / "404.html" in pages and site / "admin" / "index.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = re.search(r"<head>\s*(<[^>]+>)", html)
        assert head and head[1].startswith('<meta http-equiv="Content-Security-Policy"'), page
        assert html.index('<meta charset="utf-8">') < 1024, page  # the encoding in the first 1,024 bytes
        policy = dict(d.strip().split(" ", 1) for d in policy_of(html).split(";"))
        scripts = policy["script-src"].split()
        assert "'unsafe-inline'" not in scripts and "'strict-dynamic'" not in scripts
        # strings run as JavaScript: only Decap's page, whose configuration check needs it (form_editor)
        assert ("'unsafe-eval'" in scripts) == (page == site / "admin" / "index.html"), page
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
        assert policy["default-src"] == "'self'"
        admin = page.parent.name == "admin"
        assert policy["connect-src"] == ("'self' https://api.github.com" if admin else "'self'"), page
        # exactly the inline scripts the page runs are allowed, by their hashes
        hashes = {s.removeprefix("'sha256-").rstrip("'") for s in scripts if s.startswith("'sha256-")}
        outside = html.split("<article", 1)[0] + html.rsplit("</article>", 1)[-1]
        assert hashes == {script_hash(s) for s in inline_scripts(outside)}, page


def test_a_contributors_script_is_in_the_page_and_not_allowed(published) -> None:
    site, _, _ = published
    html = (site / "page-piegee" / "index.html").read_text(encoding="utf-8")
    allowed = policy_of(html)
    assert 'window.intrus = "script"' in html  # MkDocs writes a hand-written page's HTML as it is
    assert script_hash('window.intrus = "script";') not in allowed
    assert "fiches:contenu" not in html


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, console, errors


def _violations(page) -> list[str]:
    return [v for frame in page.frames for v in frame.evaluate("() => window.__violations || []")]


@pytest.mark.parametrize("path", ["", "metiers/charge-de-missions-locales/", "temoignages/aude-adb-solidatech/",
                                  "offres/la-tresse-coordination-communication/", "competences/", "404.html",
                                  "donnees/", "contribuer/", "contribuer/a-revoir/"])
def test_pages_run_without_a_violation(browser, published, path: str) -> None:
    _, url, _ = published
    context, page, console, errors = _open(browser, url + path)
    try:
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => typeof __md_get === 'function' && document.documentElement.classList.contains('js')")
        assert _violations(page) == [] and console == [] and errors == []
        # printed: the print view (its own style sheet rules) runs under the same policy
        page.emulate_media(media="print")
        page.pdf(format="A4")
        assert _violations(page) == [] and console == []
    finally:
        context.close()


def test_search_and_explorer_run_without_a_violation(browser, published) -> None:
    _, url, _ = published
    context, page, console, errors = _open(browser, url + "metiers/")
    try:
        page.wait_for_selector("#explorateur:not([hidden])")
        page.select_option("#f-secteur", "action-sociale")
        page.wait_for_selector("#explorateur-trouves:not([hidden])")
        page.locator("#f-competence").press_sequentially("gestion", delay=20)
        page.wait_for_timeout(500)
        assert "secteur=action-sociale" in page.url
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("mission", delay=30)  # Pagefind: its script, its WebAssembly, its index
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        assert _violations(page) == [] and console == [] and errors == []
    finally:
        context.close()


def test_scripts_a_contributor_brings_are_blocked(browser, published) -> None:
    _, url, _ = published
    context, page, console, _ = _open(browser, url + "page-piegee/")
    try:
        page.wait_for_load_state("networkidle")
        page.get_by_role("link", name="Un lien").click()
        # and a script a bug would inject into the page later
        page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.intrus = 'injecté'";
                                document.body.append(s);
                                document.body.insertAdjacentHTML("beforeend", '<img src="x.png" onerror="window.intrus=1">'); }""")
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.intrus") is None
        blocked = _violations(page)
        # the page's <script> and javascript: link, the injected <script>; the two onerror= attributes
        assert len([v for v in blocked if v.startswith("script-src-elem inline")]) == 3, blocked
        assert len([v for v in blocked if v.startswith("script-src-attr inline")]) == 2, blocked
        # material's own inline scripts ran: allowed by their hashes
        assert page.evaluate("() => typeof __md_get === 'function'")
    finally:
        context.close()


def test_the_form_editor_signs_in_and_edits_without_a_violation(browser, published) -> None:
    site, url, project = published
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    # Every page of the context reports its violations as they happen: the sign-in popup closes
    # itself as soon as Decap has the token, too soon to be asked afterwards.
    reported: list[str] = []
    context.expose_function("__signalerViolation", lambda violation: reported.append(violation))
    context.add_init_script(WATCH + """
document.addEventListener("securitypolicyviolation",
  (e) => window.__signalerViolation(location.pathname + " " + e.effectiveDirective + " " + (e.blockedURI || "inline")));""")
    context.route("https://api.github.com/**", FakeGitHub(project).handle)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{url}admin/")
        with page.expect_popup() as opened:
            page.get_by_role("button", name="Se connecter avec GitHub").click()
        popup = opened.value
        popup.get_by_label("Jeton d'accès GitHub").fill(GOOD)
        popup.get_by_role("button", name="Se connecter").click()
        popup.wait_for_event("close", timeout=15_000)
        assert reported == []
        page.get_by_role("link", name="Métiers").first.wait_for(timeout=15_000)
        page.get_by_text("Chargé·e de missions locales", exact=True).first.click()
        page.get_by_label("Titre").first.wait_for(timeout=15_000)
        page.wait_for_timeout(1000)  # the preview pane renders the fiche
        assert _violations(page) == [], _violations(page)
        assert reported == [] and errors == []
    finally:
        context.close()
