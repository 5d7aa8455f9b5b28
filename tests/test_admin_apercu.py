"""The form editor shows a fiche as the site will, and speaks French to the end.

On the site built as the publishing workflow builds it (test_admin_github's ``published``, GitHub's
API answered by the test): the preview pane draws a métier with the site's stylesheets (found in the
built home page) and the same sections as its page on the site, the « En bref » card word for word,
follows what the editor types, runs nothing typed in the body and meets no refusal of the page's
Content-Security-Policy. Decap's French interface has every text its English one has (admin/langue.js).
The pull request a save opens is in French: tests/test_admin_github.py.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from fiches_engine import form_editor
from test_admin_github import GOOD, frontmatter_title, published, sign_in  # noqa: F401 (a fixture)

# Decap's English texts that are the same in French (words of both languages, or no words at all)
SAME_IN_FRENCH = {
    "collection.sidebar.collections",  # Collections
    "collection.collectionTop.newButton",  # ＋ %{collectionLabel}
    "editor.editorNotesPane.title",  # Notes
    "editor.editorWidgets.markdown.code",  # Code
    "editor.editorWidgets.markdown.markdown",  # Markdown
    "mediaLibrary.mediaLibraryModal.images",  # Images
    "ui.toast.onFailToAuth",  # %{details}
    "workflow.workflow.dateFormat",  # MMMM D
    "workflow.workflowCard.lastChangeNoAuthor",  # %{date}
}

FLAT_LOCALES = """() => {
    const flat = (o, p = "") => Object.entries(o || {}).flatMap(([k, v]) =>
        v && typeof v === "object" ? flat(v, `${p}${k}.`) : [[`${p}${k}`, v]]);
    return [Object.fromEntries(flat(CMS.getLocale("en"))), Object.fromEntries(flat(CMS.getLocale("fr")))];
}"""


def test_decap_has_a_french_text_for_every_english_one(browser, published) -> None:
    """Decap falls back to English for a key its French lacks (the account menu was « Account options
    dropdown »): every key of Decap's English has a French text in the page, and no French text is the
    English one left as it was, but for words both languages share."""
    _, url, _ = published
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        page.goto(f"{url}admin/")
        page.get_by_role("button", name="Se connecter avec GitHub").wait_for(timeout=15_000)
        english, french = page.evaluate(FLAT_LOCALES)
        assert len(english) > 200
        assert [key for key in english if key not in french] == []
        assert {key for key in english if french[key] == english[key]} <= SAME_IN_FRENCH
        assert french["ui.settingsDropdown.account"] == "Menu du compte"
        assert french["workflow.workflow.newPost"] == "Nouvelle fiche"  # not Decap's « Nouvel article »
    finally:
        page.close()


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_site_styles_are_read_from_the_home_page() -> None:
    page = ('<html><head><link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css">'
            '<link rel="preload" href="assets/x.css"><link rel="stylesheet" href="https://fonts.example/f.css">'
            '<link rel="stylesheet" href="assets/fiches.css"></head>'
            '<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo">'
            '<link rel="stylesheet" href="assets/dans-le-corps.css"></body></html>')
    assert form_editor.site_styles(page) == (
        ["../assets/stylesheets/main.0123abcd.min.css", "../assets/fiches.css"],
        {"data-md-color-scheme": "default", "data-md-color-primary": "indigo"})


PREVIEW_REFUSALS = """
// Decap writes the preview's document (srcdoc) and its stylesheets once the frame has loaded: a
// listener set then, before Decap's own, hears every refusal of the page's policy in that frame.
document.addEventListener("load", (event) => {
    if (event.target.id !== "preview-pane") return;
    event.target.contentDocument.addEventListener("securitypolicyviolation", (e) =>
        (window.refusedInPreview ||= []).push(`${e.violatedDirective} ${e.blockedURI}`));
}, true);"""


def test_the_preview_shows_the_fiche_as_the_site_does(browser, published) -> None:
    """A métier in the preview pane: the site's stylesheets, its sections as on its page (the « En bref »
    card word for word, the salary as the site writes it), its testimonials, what is typed at once, the
    body through Decap's sanitized preview, nothing refused by the page's policy."""
    site, url, project = published
    home = (site / "index.html").read_text(encoding="utf-8")
    sheets = [urljoin(url, href) for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)]
    assert any("/stylesheets/main." in s for s in sheets) and f"{url}assets/fiches.css" in sheets
    context, page, popup, github, errors = sign_in(browser, url, GOOD, project)
    # what the page's policy refuses in the preview's frame (Decap's own page is refused other things,
    # such as the onerror of an <img> its Markdown editor parses: not the preview's)
    try:
        popup.wait_for_event("close", timeout=15_000)
        context.add_init_script(PREVIEW_REFUSALS)
        page.get_by_role("link", name="Métiers").first.wait_for(timeout=15_000)  # signed in
        # a métier with a salary: its « En bref » card, word for word as on its page
        slug = "charge-de-missions-locales"
        page.goto(f"{url}admin/#/collections/metiers/entries/{slug}")
        page.reload()  # the page again, with PREVIEW_REFUSALS (a change of address alone loads no page)
        page.get_by_label("Résumé").wait_for(timeout=15_000)
        preview = page.frame_locator("#preview-pane")
        title = frontmatter_title(project / "fiches" / "metiers" / f"{slug}.md")
        preview.get_by_role("heading", level=1, name=title, exact=True).wait_for(timeout=10_000)
        on_site = context.new_page()
        on_site.goto(f"{url}metiers/{slug}/")
        card = preview.locator(".fiche-carte")
        assert "2 917 € brut mensuel" in normalized(card.inner_text())
        assert normalized(card.inner_text()) == normalized(on_site.locator(".fiche-carte").inner_text())
        for part in (".fiche-resume", ".fiche-appellations", ".fiche-qualites", ".fiche-sources"):
            assert normalized(preview.locator(part).inner_text()) == normalized(on_site.locator(part).inner_text()), part
        # the site's stylesheets, applied: material's typeset and the site's chips and amounts
        loaded = preview.locator("html").evaluate("() => [...document.styleSheets].map((s) => s.href).filter(Boolean)")
        assert set(sheets) <= set(loaded)
        assert preview.locator("ul.fiche-etiquettes").first.evaluate("e => getComputedStyle(e).display") == "flex"
        assert preview.locator(".fiche-montant").evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        assert (preview.locator(".md-typeset h1").first.evaluate("e => getComputedStyle(e).fontWeight")
                == on_site.locator(".md-typeset h1").first.evaluate("e => getComputedStyle(e).fontWeight"))

        # a métier others speak of: its testimonials, as its page lists them; what is typed shows at once
        slug = "charge-de-mission"
        page.goto(f"{url}admin/#/collections/metiers/entries/{slug}")
        page.reload()  # Decap's editor reads an entry when it opens, not when only the address changes
        page.get_by_label("Résumé").wait_for(timeout=15_000)
        preview = page.frame_locator("#preview-pane")
        preview.get_by_role("heading", level=1, name=frontmatter_title(project / "fiches" / "metiers" / f"{slug}.md"),
                            exact=True).wait_for(timeout=10_000)
        on_site.goto(f"{url}metiers/{slug}/")
        said = preview.locator("section[aria-labelledby=temoignages]")
        assert normalized(said.inner_text()) == normalized(
            on_site.locator("section[aria-labelledby=temoignages]").inner_text())
        assert "Ils et elles en parlent" in said.inner_text()
        page.get_by_label("Résumé").fill("Un résumé tout neuf, tapé dans le formulaire.")
        preview.locator(".fiche-resume").filter(has_text="Un résumé tout neuf, tapé dans le formulaire.").wait_for(
            timeout=5_000)
        # the body: Decap's sanitized Markdown preview, inside the page's typeset; an onerror runs nothing
        page.get_by_role("switch").last.click()  # the body's « Markdown » mode: its text as typed
        page.locator("[data-slate-editor]").last.click()
        page.keyboard.press("Control+End")
        page.keyboard.type('\n\n<img src="x" onerror="window.parent.xss = 1">\n\nFin du texte.')
        preview.locator(".md-typeset").get_by_text("Fin du texte.").wait_for(timeout=10_000)
        image = preview.locator('img[src="x"]')
        image.wait_for(state="attached")
        assert image.evaluate("img => img.getAttributeNames()") == ["src"]
        page.wait_for_timeout(500)  # the image fails to load: its onerror would have run by now
        assert page.evaluate("() => window.xss") is None and preview.locator("html").evaluate("() => window.xss") is None
        assert page.evaluate("() => window.refusedInPreview || []") == [] and errors == []
        # (and a refusal there would have been seen: a stylesheet of another site)
        preview.locator("html").evaluate("""() => document.head.append(Object.assign(document.createElement("link"),
            {rel: "stylesheet", href: "https://ailleurs.example/style.css"}))""")
        page.wait_for_function("() => (window.refusedInPreview || []).length > 0", timeout=5_000)
        assert page.evaluate("() => window.refusedInPreview") == ["style-src-elem https://ailleurs.example/style.css"]
    finally:
        context.close()


# English words of react-select's and Decap's texts, as they would show in the form
ENGLISH = re.compile(r"\b(No options|Loading|Remove|Select|results? available|search term|Use Up|press|focused|"
                     r"selected|deselected|field|option)\b")


def test_the_form_s_choice_boxes_and_labels_speak_french(browser, published) -> None:
    """What Decap's locale cannot reach (admin/textes-composants.js): react-select's notices, remove
    buttons and screen-reader messages, and the date buttons named by the label an editor reads, not
    by a key; no field's group is named by its widget's type."""
    _, url, project = published
    context, page, popup, _, errors = sign_in(browser, url, GOOD, project)
    readings = """() => ({
        labels: [...document.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label")),
        spoken: [...document.querySelectorAll('[class*="-a11yText"]')].map((e) => e.textContent),
        menus: [...document.querySelectorAll('[class*="-menu"]')].map((e) => e.innerText),
    })"""
    try:
        popup.wait_for_event("close", timeout=15_000)
        page.goto(f"{url}admin/#/collections/metiers/entries/charge-de-mission")
        page.locator('[aria-label^="Retirer "]').first.wait_for(timeout=15_000)  # a related métier's × button
        metier = page.evaluate(readings)
        page.goto(f"{url}admin/#/collections/offres/new")
        # a new offer's preview asks for what is missing, rather than « Candidature jusqu'au  inclus »
        pane = page.frame_locator("#preview-pane")
        pane.get_by_text("Date limite de candidature à indiquer.").wait_for(timeout=15_000)
        pane.get_by_text("À choisir dans le champ « Métiers ».").wait_for()
        page.get_by_label("Contrat").click()
        page.keyboard.type("zzz")
        page.get_by_text("Aucun choix ne correspond").wait_for(timeout=10_000)
        typed = page.evaluate(readings)
        assert "0 choix pour « zzz »." in "".join(typed["spoken"])
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        page.keyboard.type("Service")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Mettre la date du jour dans « Date limite de candidature »").wait_for()
        chosen = page.evaluate(readings)
        assert "service civique : choisi." in "".join(chosen["spoken"]).lower()
        assert not [t for t in chosen["labels"] if t.startswith("Champ ")]  # « Champ string »: removed
        for seen in (typed, chosen, metier):
            english = [t for t in seen["labels"] + seen["spoken"] + seen["menus"] if ENGLISH.search(t)]
            assert english == []
        assert errors == []
    finally:
        context.close()
