"""The indentation of the templates is removed from the pages, never what <pre> and <textarea> hold."""

from __future__ import annotations

import pytest

from fiches_engine.html_size import strip_indentation

CASES = [
    ("<div>\n    <p>a</p>\n\t\t<p>b</p>\n</div>", "<div>\n<p>a</p>\n<p>b</p>\n</div>"),
    ("<ul>\n  \n\n    <li>x</li>\n \t \n</ul>\n", "<ul>\n<li>x</li>\n</ul>\n"),
    ("  <p>début</p>", "  <p>début</p>"),  # not after a line break: left alone
    ("<p>a  \n  b</p>", "<p>a  \nb</p>"),  # spaces ending a line are not indentation
    ("<div>\n  <pre><code>si x:\n    y()\n\n    z()</code></pre>\n  </div>",
     "<div>\n<pre><code>si x:\n    y()\n\n    z()</code></pre>\n</div>"),
    ("<form>\n  <TEXTAREA name=t>\n  garder\n\n</TEXTAREA>\n  </form>",
     "<form>\n<TEXTAREA name=t>\n  garder\n\n</TEXTAREA>\n</form>"),
    ("<p>\u00a0insécable</p>\n\u00a0<p>x</p>", "<p>\u00a0insécable</p>\n\u00a0<p>x</p>"),  # not whitespace of HTML
]


@pytest.mark.parametrize(("page", "expected"), CASES)
def test_indentation_goes_and_preformatted_text_stays(page: str, expected: str) -> None:
    assert strip_indentation(page) == expected
