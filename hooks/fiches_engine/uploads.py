"""What docs/ may hold: Markdown pages and raster images, each image checked by its bytes.

MkDocs publishes every file of docs/ as it is, on the site's own origin: an SVG with a <script>,
an HTML page or a script placed there (by the form editor's media library, which saves into
docs/assets/images, or by a pull request, whose diff shows an SVG as a picture) would run as the
site. So docs/ holds only pages (``.md``) and images in PNG, JPEG, WebP or AVIF, the formats a
browser only ever draws, under ``MAX_BYTES``. The site's own scripts and stylesheet live in the
theme's folder (overrides/assets/), never in docs/. Everything else is an error naming the file,
what was found in it, and what to do.

An image is recognised by Pillow (pinned in pyproject.toml), from its bytes, never from its name:
it tells the format from the file's header and decodes the whole image, so a page of HTML named
``photo.png``, a truncated file or a decompression bomb is refused; the name's extension must then
match the format, since the web server chooses the type it announces from the extension.

Dotfiles (names starting with a dot) are not published by MkDocs: the few that systems and git
users leave on their own (.DS_Store, .gitkeep, .keep) are passed over with a notice, any other
is an error, as in fiches/ (a hidden page or image would be a mistake, never published).

This module knows nothing of MkDocs: ``fiches check`` and the build's glue call ``check_docs``.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import warnings
from pathlib import Path

from PIL import Image
# The plugins of the accepted formats, registered now: opening with formats=FORMATS then never
# makes Pillow load its forty other plugins (a seventh of a second, at each `fiches check`).
from PIL import AvifImagePlugin, JpegImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401

from .errors import ContentError

MAX_BYTES = 300 * 1024  # twice the heaviest image the site ships (a 1100×720 screenshot, 153 Ko)
PAGE_EXTENSION = "md"
# Pillow's name of each format accepted -> the extensions a file of that format may have
FORMATS = {"PNG": ("png",), "JPEG": ("jpg", "jpeg"), "WEBP": ("webp",), "AVIF": ("avif",)}
SHOWN_FORMATS = {"WEBP": "WebP"}  # as editors write them; the others are as Pillow names them
ACCEPTED = "des pages Markdown (.md) et des images PNG, JPEG, WebP ou AVIF"
# Left by systems and git users on their own, not published by MkDocs (a dotfile): a notice only.
SYSTEM_DOTFILES = {".ds_store", ".gitkeep", ".keep"}
# Left by Windows, without a dot: MkDocs would publish them.
WINDOWS_FILES = {"thumbs.db", "desktop.ini"}
MARKDOWN_LIKE = {"markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt", "mdtext", "txt"}
NOTICE = "fichier du système, non publié"
HEAD = 4096  # what is read of a refused file to say what it holds

Stat = tuple[int, int]  # modification time (ns), size
Cache = dict[str, tuple[Stat, list[ContentError]]]  # file path -> what was found at that state


def _shown_format(pillow_name: str) -> str:
    return SHOWN_FORMATS.get(pillow_name, pillow_name)


def describe(data: bytes) -> str:
    """What a file holds, in a few French words, for the message that refuses it.

    Only words: what is allowed is decided by Pillow alone (``check_image``). Pillow names any
    image format it knows from the header; it does not read SVG or HTML, which are text: those,
    the dangerous ones, are named by their tag here (a few regular expressions, not worth a
    library), any other text by its first characters.
    """
    if not data:
        return "un fichier vide"
    try:
        with Image.open(io.BytesIO(data)) as image:  # any format Pillow knows; the header only
            return f"une image {_shown_format(image.format or '?')}"
    except Exception:  # noqa: BLE001 - any failure only means "not an image Pillow knows"
        pass
    head = data[:HEAD]
    text = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoded = text.decode(head, final=len(data) <= HEAD)
    except UnicodeDecodeError:
        decoded = None
    if decoded is not None and "\0" not in decoded:
        if re.search(r"<svg[\s>]", decoded, re.I):
            return "une image SVG (du code, qui peut contenir des scripts)"
        if re.search(r"<!doctype\s+html|<(html|head|body|script|iframe)[\s>]", decoded, re.I):
            return "une page HTML (du code, qui peut contenir des scripts)"
        first = next((line.strip() for line in decoded.lstrip("\ufeff").splitlines() if line.strip()), "")
        return f"du texte qui commence par « {first[:40]}{'…' if len(first) > 40 else ''} »" if first else "du texte vide"
    start = re.match(rb"[\x21-\x7e]{2,20}", head)
    return "des données d'un autre type" + (f", qui commencent par « {start.group().decode()} »" if start else "")


def _name(shown: str) -> tuple[str, str]:
    """A file's name without its extension, and its extension (empty when it has none)."""
    name = shown.rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    return (stem, extension) if dot else (name, "")


def refused(shown: str, found: str, folder: str) -> ContentError:
    """A file whose name is neither a page nor an accepted image; ``found``: what it holds (describe)."""
    stem, extension = _name(shown)
    if extension.lower() in MARKDOWN_LIKE | {PAGE_EXTENSION}:
        hint = f"une page du site est un fichier .md : renommez-le en « {stem}.md »."
    elif found.startswith("une image"):
        hint = f"exportez l'image en PNG, JPEG, WebP ou AVIF ({MAX_BYTES // 1024} Ko au plus) depuis un logiciel d'images."
    else:
        hint = (f"retirez ce fichier de {folder}/ ; pour une image, exportez-la en PNG, JPEG, WebP ou AVIF "
                f"({MAX_BYTES // 1024} Ko au plus).")
    kind = f"« .{extension} »" if extension else "sans extension"
    return ContentError(shown, 1, "", f"fichier {kind} refusé, trouvé {found} : {folder}/ ne publie que {ACCEPTED}.",
                        hint)


def check_image(shown: str, data: bytes, extension: str, stem: str) -> list[ContentError]:
    """The errors of a file named as an accepted image (``extension``), from its bytes."""
    claimed = next(_shown_format(f) for f, extensions in FORMATS.items() if extension.lower() in extensions)
    export = "exportez-la à nouveau en PNG, JPEG, WebP ou AVIF depuis un logiciel d'images"
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS (89 million) and refuses above twice as many:
        # both are refused here, a browser would have to hold the whole bitmap.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                found = image.format or ""
                image.verify()  # the file's structure: PNG's checksums and its end, for one
            with Image.open(io.BytesIO(data), formats=[found]) as image:
                image.load()  # decodes every pixel: a truncated or forged file fails here
        except Image.UnidentifiedImageError:
            what = describe(data)
            if what.startswith("une image"):
                return [ContentError(shown, 1, "", f"le nom dit {claimed}, mais le contenu est {what}, format refusé.",
                                     f"{export} ; renommer un fichier ne change pas son format.")]
            return [ContentError(shown, 1, "", f"le nom dit une image {claimed}, mais le contenu n'est pas une image : "
                                 f"trouvé {what}.", f"{export} ; renommer un fichier ne change pas son format.")]
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            return [ContentError(shown, 1, "", f"image trop grande : plus de {Image.MAX_IMAGE_PIXELS // 1_000_000} "
                                 "millions de pixels.", "réduisez-la : 1 200 pixels de large suffisent à une page du site.")]
        except Exception:  # noqa: BLE001 - Pillow's decoders raise OSError, SyntaxError, ValueError...
            return [ContentError(shown, 1, "", f"image {claimed} abîmée ou incomplète : elle ne se décode pas.",
                                 f"{export}.")]
    if extension.lower() not in FORMATS[found]:
        return [ContentError(shown, 1, "", f"le nom dit {claimed}, mais le contenu est une image {_shown_format(found)}.",
                             f"renommez-le en « {stem}.{FORMATS[found][0]} ».")]
    return []


def check_file(path: str, shown: str, folder: str) -> list[ContentError]:
    """The errors of one file of docs/ (``path`` on disk, ``shown`` as editors see it)."""
    name = os.path.basename(shown)
    stem, extension = _name(shown)
    if extension == PAGE_EXTENSION:
        return []
    if name.lower() in WINDOWS_FILES:
        return [ContentError(shown, 1, "", "fichier du système Windows : il serait publié avec le site.",
                             f"supprimez-le de {folder}/.")]
    size = os.path.getsize(path)
    if not any(extension.lower() in extensions for extensions in FORMATS.values()):
        with open(path, "rb") as file:
            head = file.read(HEAD + 1)
        return [refused(shown, describe(head), folder)]
    if size > MAX_BYTES:
        return [ContentError(shown, 1, "", f"image trop lourde ({size // 1024} Ko, limite {MAX_BYTES // 1024} Ko).",
                             "réduisez-la (1 200 pixels de large suffisent à une page du site), ou exportez-la en "
                             "WebP ou AVIF, plus légers à qualité égale.")]
    with open(path, "rb") as file:
        data = file.read()
    return check_image(shown, data, extension, stem)


def check_docs(docs_dir: Path, cache: Cache | None = None) -> tuple[list[ContentError], list[str]]:
    """Every error of the files of ``docs_dir``, and the system dotfiles passed over (shown paths).

    ``cache`` (a preview keeps it between rebuilds) holds what each file gave at its last state:
    an image is decoded again only when it changed.
    """
    errors: list[ContentError] = []
    ignored: list[str] = []
    folder_name = docs_dir.name
    top = str(docs_dir)
    root = os.path.realpath(os.path.dirname(os.path.abspath(top)))
    seen: set[str] = set()
    for folder, dirs, names in os.walk(top):
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        base = folder_name if rel == "." else f"{folder_name}/{rel}"
        walked = []
        for name in sorted(dirs):
            shown = f"{base}/{name}"
            if os.path.islink(os.path.join(folder, name)):  # MkDocs would follow it: not followed here
                errors.append(ContentError(shown, 1, "", "lien symbolique vers un dossier : refusé.",
                                           f"mettez les pages et les images elles-mêmes dans {folder_name}/."))
            elif name.startswith("."):
                errors.append(ContentError(shown, 1, "", "dossier caché : son contenu ne serait pas publié.",
                                           "supprimez-le ; un dossier du site a un nom sans point au début."))
            else:
                walked.append(name)
        dirs[:] = walked
        for name in sorted(names):
            shown, path = f"{base}/{name}", os.path.join(folder, name)
            if name.lower() in SYSTEM_DOTFILES:
                ignored.append(shown)
                continue
            if name.startswith("."):
                errors.append(ContentError(shown, 1, "", "fichier caché : il ne serait pas publié.",
                                           "supprimez-le ; une page ou une image a un nom sans point au début."))
                continue
            if os.path.islink(path):
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    errors.append(ContentError(shown, 1, "", "lien symbolique cassé : il ne mène à aucun fichier.",
                                               "supprimez-le, ou remplacez-le par le fichier lui-même."))
                    continue
                if os.path.commonpath([root, target]) != root:
                    errors.append(ContentError(shown, 1, "", "lien symbolique vers un fichier hors du projet : refusé.",
                                               "copiez le fichier dans le projet au lieu d'un lien."))
                    continue
            stat = os.stat(path)
            state = (stat.st_mtime_ns, stat.st_size)
            known = cache.get(path) if cache is not None else None
            if known is not None and known[0] == state:
                found = known[1]
            else:
                found = check_file(path, shown, folder_name)
                if cache is not None:
                    cache[path] = (state, found)
            seen.add(path)
            errors += found
    if cache is not None:
        for gone in set(cache) - seen:
            del cache[gone]
    return sorted(errors, key=lambda e: e.path), ignored


def notice(shown: str) -> str:
    return f"ignoré : {shown} ({NOTICE})."
