"""docs/ publishes only pages and raster images: each file is checked by its bytes (uploads.py).

Samples are made here, never read from the project: real PNG, JPEG, WebP and AVIF images drawn
by Pillow, and what a contributor could drop in the form's media folder or a pull request (an
SVG that runs a script, an HTML page, a script, a page of HTML named .png, an image too heavy).
The same samples go through the engine, `fiches check` and `mkdocs build`.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from PIL import Image, features

from conftest import ROOT, copy_project, mkdocs_build
from test_admin import editor, open_editor  # noqa: F401 - the form editor on a copy, and its page
from fiches_engine import uploads

BASE = ROOT / "tests" / "fixtures" / "base"
IMAGES = "docs/assets/images"  # the form editor's media folder


def image(fmt: str, size: tuple[int, int] = (64, 48)) -> Callable[[], bytes]:
    def make() -> bytes:
        out = io.BytesIO()
        Image.new("RGB", size, (30, 90, 160)).save(out, fmt)
        return out.getvalue()
    return make


def noise_png() -> bytes:
    """A PNG of random pixels, which no compression shrinks: over the limit."""
    side = 400
    pixels = random.Random(26).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, "PNG")
    assert len(out.getvalue()) > uploads.MAX_BYTES
    return out.getvalue()


def text(content: str) -> Callable[[], bytes]:
    return lambda: content.encode("utf-8")


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>'
HTML = "<!DOCTYPE html>\n<html><body><script>fetch('/admin/')</script></body></html>\n"
EXPORT = "Astuce : exportez l'image en PNG, JPEG, WebP ou AVIF (300 Ko au plus) depuis un logiciel d'images."
REMOVE = "Astuce : retirez ce fichier de docs/ ; pour une image, exportez-la en PNG, JPEG, WebP ou AVIF (300 Ko au plus)."
ONLY = "docs/ ne publie que des pages Markdown (.md) et des images PNG, JPEG, WebP ou AVIF."
AGAIN = ("Astuce : exportez-la à nouveau en PNG, JPEG, WebP ou AVIF depuis un logiciel d'images ; renommer un "
         "fichier ne change pas son format.")

# path under the project -> how to make its bytes, and the error expected (None: accepted)
SAMPLES: dict[str, tuple[Callable[[], bytes], str | None]] = {
    f"{IMAGES}/photo.png": (image("PNG"), None),
    f"{IMAGES}/photo.jpg": (image("JPEG"), None),
    f"{IMAGES}/photo.jpeg": (image("JPEG"), None),
    f"{IMAGES}/photo.webp": (image("WEBP"), None),
    f"{IMAGES}/photo.avif": (image("AVIF"), None),
    "docs/guide/page.md": (text("# Une page\n"), None),
    f"{IMAGES}/logo.svg": (text(SVG), f"{IMAGES}/logo.svg:1: fichier « .svg » refusé, trouvé une image SVG (du code, qui "
                                      f"peut contenir des scripts) : {ONLY} {EXPORT}"),
    f"{IMAGES}/page.html": (text(HTML), f"{IMAGES}/page.html:1: fichier « .html » refusé, trouvé une page HTML (du code, "
                                        f"qui peut contenir des scripts) : {ONLY} {REMOVE}"),
    "docs/script.js": (text("document.cookie;\n"), "docs/script.js:1: fichier « .js » refusé, trouvé du texte qui "
                                                  f"commence par « document.cookie; » : {ONLY} {REMOVE}"),
    f"{IMAGES}/fausse.png": (text(HTML), f"{IMAGES}/fausse.png:1: le nom dit une image PNG, mais le contenu n'est pas "
                                         f"une image : trouvé une page HTML (du code, qui peut contenir des scripts). {AGAIN}"),
    f"{IMAGES}/lourde.png": (noise_png, f"{IMAGES}/lourde.png:1: image trop lourde ({len(noise_png()) // 1024} Ko, limite "
                                        "300 Ko). Astuce : réduisez-la (1 200 pixels de large suffisent à une page du site), "
                                        "ou exportez-la en WebP ou AVIF, plus légers à qualité égale."),
    f"{IMAGES}/jpeg.png": (image("JPEG"), f"{IMAGES}/jpeg.png:1: le nom dit PNG, mais le contenu est une image JPEG. "
                                          "Astuce : renommez-le en « jpeg.jpg »."),
    f"{IMAGES}/anime.gif": (image("GIF"), f"{IMAGES}/anime.gif:1: fichier « .gif » refusé, trouvé une image GIF : {ONLY} "
                                          f"{EXPORT}"),
    f"{IMAGES}/gif.webp": (image("GIF"), f"{IMAGES}/gif.webp:1: le nom dit WebP, mais le contenu est une image GIF, "
                                         f"format refusé. {AGAIN}"),
    f"{IMAGES}/coupee.png": (lambda: image("PNG")()[:-20], f"{IMAGES}/coupee.png:1: image PNG abîmée ou incomplète : elle "
                             "ne se décode pas. Astuce : exportez-la à nouveau en PNG, JPEG, WebP ou AVIF depuis un "
                             "logiciel d'images."),
    "docs/guide.markdown": (text("# Guide\n"), "docs/guide.markdown:1: fichier « .markdown » refusé, trouvé du texte qui "
                                               f"commence par « # Guide » : {ONLY} Astuce : une page du site est un "
                                               "fichier .md : renommez-le en « guide.md »."),
    "docs/notes.pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", f"docs/notes.pdf:1: fichier « .pdf » refusé, trouvé des "
                       f"données d'un autre type, qui commencent par « %PDF-1.7 » : {ONLY} {REMOVE}"),
    f"{IMAGES}/.cachee.png": (image("PNG"), f"{IMAGES}/.cachee.png:1: fichier caché : il ne serait pas publié. Astuce : "
                                            "supprimez-le ; une page ou une image a un nom sans point au début."),
    f"{IMAGES}/Thumbs.db": (lambda: b"\xd0\xcf\x11\xe0", f"{IMAGES}/Thumbs.db:1: fichier du système Windows : il serait "
                                                         "publié avec le site. Astuce : supprimez-le de docs/."),
    f"{IMAGES}/.DS_Store": (lambda: b"\0\0\0\1Bud1", None),  # passed over, with a notice
}
REFUSED = [(path, message) for path, (_, message) in SAMPLES.items() if message]


def write_samples(project: Path) -> None:
    for path, (make, _) in SAMPLES.items():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make())


def test_pillow_reads_every_accepted_format() -> None:
    # AVIF is in Pillow's wheels since 11.3; a Pillow built without libavif would refuse real AVIF images
    assert all(features.check(name) for name in ("avif", "webp", "jpg", "zlib"))


def test_each_sample_is_accepted_or_refused_with_its_message(tmp_path: Path) -> None:
    write_samples(tmp_path)
    errors, ignored = uploads.check_docs(tmp_path / "docs")
    assert [str(error) for error in errors] == sorted(message for _, message in REFUSED)
    assert ignored == [f"{IMAGES}/.DS_Store"]
    assert uploads.notice(ignored[0]) == f"ignoré : {IMAGES}/.DS_Store (fichier du système, non publié)."


def test_a_link_to_a_folder_or_out_of_the_project_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "projet" / "docs"
    docs.mkdir(parents=True)
    outside = tmp_path / "ailleurs.png"
    outside.write_bytes(image("PNG")())
    (docs / "ailleurs.png").symlink_to(outside)
    (docs / "dossier").symlink_to(tmp_path, target_is_directory=True)
    (docs / ".cache").mkdir()
    errors, _ = uploads.check_docs(docs)
    assert [str(error) for error in errors] == [
        "docs/.cache:1: dossier caché : son contenu ne serait pas publié. Astuce : supprimez-le ; un dossier du site a "
        "un nom sans point au début.",
        "docs/ailleurs.png:1: lien symbolique vers un fichier hors du projet : refusé. Astuce : copiez le fichier dans "
        "le projet au lieu d'un lien.",
        "docs/dossier:1: lien symbolique vers un dossier : refusé. Astuce : mettez les pages et les images elles-mêmes "
        "dans docs/.",
    ]


def test_a_preview_decodes_an_image_again_only_when_it_changed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    photo = docs / "photo.png"
    photo.write_bytes(image("PNG")())
    cache: uploads.Cache = {}
    assert uploads.check_docs(docs, cache) == ([], [])
    assert list(cache) == [str(photo)]
    photo.write_text(HTML, encoding="utf-8")  # replaced: another size, another time
    errors, _ = uploads.check_docs(docs, cache)
    assert [e.path for e in errors] == ["docs/photo.png"]
    photo.unlink()
    assert uploads.check_docs(docs, cache) == ([], []) and cache == {}


def fiches_check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run([sys.executable, "-m", "fiches_engine.cli", "check", *args], cwd=project,
                          capture_output=True, text=True, env=env, timeout=120)


def test_fiches_check_refuses_each_bad_file_of_docs(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    write_samples(tmp_path)
    result = fiches_check(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"ignoré : {IMAGES}/.DS_Store (fichier du système, non publié)." in lines
    assert [line for line in lines if line.startswith("docs/")] == sorted(message for _, message in REFUSED)
    assert lines[-1].startswith(f"✗ {len(REFUSED)} erreurs dans {len(REFUSED)} fichiers (4 fiches lues en ")
    assert "Traceback" not in result.stderr
    # one file named on the command line: its error alone, and on the pull request's diff
    result = fiches_check(tmp_path, "--format", "github", f"{IMAGES}/logo.svg")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("docs/")] == [SAMPLES[f"{IMAGES}/logo.svg"][1]]
    assert [line for line in lines if line.startswith("::error ")] == [
        f"::error file={IMAGES}/logo.svg,line=1,title=Fichier::" + SAMPLES[f"{IMAGES}/logo.svg"][1].split(":1: ", 1)[1]]
    # and without them, docs/ passes
    for path, (_, message) in SAMPLES.items():
        if message:
            (tmp_path / path).unlink()
    result = fiches_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_build_stops_before_writing_anything(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet")
    target = project / IMAGES / "logo.svg"
    target.write_text(SVG, encoding="utf-8")
    (project / IMAGES / "fausse.png").write_text(HTML, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien site", encoding="utf-8")
    result = mkdocs_build(project, site, "--strict")
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in out
    assert "2 erreur(s) dans docs/, le site n'est pas construit :" in out
    assert f"  {SAMPLES[f'{IMAGES}/logo.svg'][1]}" in out.splitlines()
    assert f"  {SAMPLES[f'{IMAGES}/fausse.png'][1]}" in out.splitlines()
    # the previous site is whole, and no half-written one is left beside it
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["projet", "site"]


def test_the_form_refuses_an_image_over_the_limit(browser, editor) -> None:
    """Decap's media library, opened by the body's image button, refuses a file over the limit with
    its own French message before sending anything (it has no setting for the types: its picker
    asks for image/*, and `fiches check` refuses the rest on the pull request)."""
    project, url = editor
    page, errors = open_editor(browser, url)
    page.goto(f"{url}#/collections/metiers/entries/charge-de-mission")
    page.get_by_role("button", name="Ajouter un composant").click()
    page.get_by_role("menuitem", name="Image").click()
    page.get_by_role("button", name="Choisir une image").click()
    upload = page.locator("input[type=file]")
    assert upload.get_attribute("accept") == "image/*"
    alerts: list[str] = []  # Decap's window.alert, accepted as it shows (it blocks the page until then)
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.accept()))
    upload.set_input_files(files=[{"name": "lourde.png", "mimeType": "image/png", "buffer": noise_png()}])
    for _ in range(50):
        if alerts:
            break
        page.wait_for_timeout(100)
    assert alerts == ["Le fichier est trop volumineux.\nL'instance est configurée pour bloquer les envois de plus de "
                      f"{uploads.MAX_BYTES // 1000} kB."]
    assert not (project / IMAGES / "lourde.png").exists()
    assert errors == []
    page.close()
