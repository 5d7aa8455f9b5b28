// Starts the form editor (/admin/): unless the page is framed by another (cadre.js), loads Decap
// CMS, then our format and widgets (fiches-admin.js), which start it. Decap is not even loaded in a
// frame. A file rather than inline scripts: the site's Content-Security-Policy refuses those.
import { refuseFrame } from "./cadre.js";

if (!refuseFrame(window.location.href)) {
  // Decap CMS starts once our format and widgets are registered (fiches-admin.js calls CMS.init)
  window.CMS_MANUAL_INIT = true;
  const decap = document.createElement("script");
  decap.src = new URL("decap-cms.js", import.meta.url).href;
  decap.addEventListener("load", () => import("./fiches-admin.js"));
  document.body.append(decap);
}
