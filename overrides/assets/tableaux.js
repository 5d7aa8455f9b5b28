// Wide tables and code blocks scroll sideways on small screens (material's .md-typeset__scrollwrap
// around tables, and pre > code). A reader who uses the keyboard must be able to reach and scroll
// such a region (WCAG 2.1.1, axe-core's "scrollable-region-focusable"): one that scrolls joins the
// tab order, one that does not stays out of it. Checked again when the window changes size.
(() => {
  "use strict";
  const update = () => {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code")) {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    }
  };
  // material wraps the tables itself, and replaces the page's content on instant navigation
  if (typeof document$ !== "undefined") document$.subscribe(() => requestAnimationFrame(update));
  else document.addEventListener("DOMContentLoaded", update);
  addEventListener("resize", update);
})();
