"""The Content-Security-Policy of every published page, written first in its <head>.

GitHub Pages sends no headers of ours, so the policy is a ``<meta http-equiv>``, which browsers
obey for everything but ``frame-ancestors``, ``report-uri`` and ``sandbox`` (the form editor keeps
itself out of frames by script: admin/). Scripts run only from the site's own files, plus the
inline scripts the templates write, each allowed by its hash: computed here from the page as it is
written, so the policy cannot drift from the templates. A page's content (a fiche's body, a
hand-written page: what a contributor brings) is marked while the page is made, and no inline
script in it is ever hashed: one there does not run, nor does an ``on…=`` attribute, a
``javascript:`` link or a script a bug would inject into the page later.

The inline scripts kept are material's, in its partials (``partials/javascripts/base.html``:
``__md_scope`` and the storage helpers its bundle calls, which differ by the page's depth;
``partials/javascripts/content.html``); moving them to files would mean forking material's
templates. Data blocks (``application/json``, ``application/ld+json``) are not run and need no hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass

# Around the page's content while it is made (page_content), gone from the published page. The
# content lies between the first start and the last end: a marker a contributor writes inside it
# stays inside it.
CONTENT_START = "<!--fiches:contenu-->"
CONTENT_END = "<!--/fiches:contenu-->"

_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
# HTML's JavaScript MIME types (https://mimesniff.spec.whatwg.org/#javascript-mime-type), and module
_RUN = {"", "module", "application/ecmascript", "application/javascript", "application/x-ecmascript",
        "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
        "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
        "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript"}


@dataclass(frozen=True)
class Policy:
    """One kind of page's policy, without its hashes. Every source is of the site's own origin
    unless a field adds one."""

    connect: tuple[str, ...] = ()  # other origins the page's scripts talk to (the form: GitHub's API)
    style_inline: bool = False  # <style> elements and style= attributes (the form: Decap's styles)
    images: tuple[str, ...] = ("data:",)  # material's icons are data: URLs in its stylesheet
    frames: tuple[str, ...] = ("'none'",)
    evaluates: bool = False  # strings run as JavaScript ('unsafe-eval': the form editor, see form_editor)

    def directives(self, hashes: tuple[str, ...]) -> str:
        # 'wasm-unsafe-eval': Pagefind's search (every page has the search box) runs WebAssembly;
        # it lets the page compile WebAssembly, not evaluate strings as JavaScript.
        scripts = " ".join(("'self'", *(f"'sha256-{h}'" for h in hashes),
                            "'unsafe-eval'" if self.evaluates else "'wasm-unsafe-eval'"))
        styles = "'self' 'unsafe-inline'" if self.style_inline else "'self'"
        parts = [("default-src", "'self'"), ("script-src", scripts), ("style-src", styles),
                 ("img-src", " ".join(("'self'", *self.images))), ("font-src", "'self'"),
                 ("connect-src", " ".join(("'self'", *self.connect))), ("frame-src", " ".join(self.frames)),
                 ("worker-src", "'self'"), ("manifest-src", "'self'"), ("object-src", "'none'"),
                 ("base-uri", "'self'"), ("form-action", "'self'")]
        return "; ".join(f"{name} {value}" for name, value in parts)


SITE = Policy()


def mark_content(html: str) -> str:
    """A page's content, between the markers that keep its scripts from being hashed."""
    return f"{CONTENT_START}{html}{CONTENT_END}"


def inline_scripts(html: str, start: int = 0, end: int | None = None) -> list[str]:
    """The text of each inline script of ``html[start:end]`` that a browser runs (not data blocks).

    Found with plain searches rather than one regular expression over the page: four times faster
    on a fiche page, where it runs once a page. A script the templates wrote in capitals would be
    missed, hence not allowed: a test sees it blocked, never the other way round."""
    end = len(html) if end is None else end
    found = []
    at = html.find("<script", start, end)
    while at >= 0:
        close = html.find(">", at, end)
        stop = html.find("</script>", close, end) if close >= 0 else -1
        if stop < 0:
            break
        attributes = html[at + 7:close]
        if not _SRC.search(attributes):
            kind = _TYPE.search(attributes)
            if kind is None or "".join(kind.groups("")).strip().lower() in _RUN:
                found.append(html[close + 1:stop])
        at = html.find("<script", stop, end)
    return found


@functools.lru_cache(maxsize=256)  # a few distinct scripts a site: material's, by page depth
def script_hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.lru_cache(maxsize=256)
def _meta(policy: Policy, hashes: tuple[str, ...]) -> str:
    directives = policy.directives(hashes)
    assert not set('"&<>') & set(directives), directives  # written as is in the attribute
    return f'<meta http-equiv="Content-Security-Policy" content="{directives}">'


def secure(page: str, policy: Policy = SITE) -> str:
    """The page as published: its policy the first element of <head>, the content markers gone.

    The hashes are those of the inline scripts outside the page's content, as written (so after
    any other change to the page's text, such as html_size.strip_indentation). The content lies
    between the first start marker and the last end marker; markers a contributor wrote inside it
    are left there, as the HTML comments they are."""
    start, end = page.find(CONTENT_START), page.rfind(CONTENT_END)
    if start < 0 or end < start:
        start = end = len(page)
        skip_start = skip_end = 0
    else:
        skip_start, skip_end = len(CONTENT_START), len(CONTENT_END)
    scripts = inline_scripts(page, 0, start) + inline_scripts(page, end + skip_end)
    hashes = tuple(dict.fromkeys(script_hash(text) for text in scripts))
    head = page.find("<head>", 0, start)
    if head < 0:
        found = _HEAD.search(page, 0, start)
        if found is None:
            raise ValueError("page sans <head> : la politique de sécurité ne peut pas y être écrite")
        head_end = found.end()
    else:
        head_end = head + len("<head>")
    return "".join((page[:head_end], _meta(policy, hashes), page[head_end:start],
                    page[start + skip_start:end], page[end + skip_end:]))


def policy_of(page: str) -> str | None:
    """The policy a published page declares (tests, checks)."""
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    return found[1] if found else None
