// The form editor of the fiches (/admin/): Decap CMS with the project's front-matter format
// (format-fiche.js) and its own widget for a salary given as an amount or a range. The
// configuration (config.yml) is written from the JSON Schemas at build time
// (hooks/fiches_engine/form_editor.py).
import * as YAML from "./yaml/index.js";
import { datePaths, ficheFormat } from "./format-fiche.js";
// The preview pane drawn as the site draws a fiche, Decap's French completed, the pull request in French
import "./apercu.js";
import "./langue.js";
import "./textes-composants.js";
import "./demande.js";

const CMS = window.CMS;
const h = window.h;

// The format writes a date bare in the form's date fields only (a date-like text typed in a text
// field is quoted): it learns them from the configuration Decap reads too, long before any save.
const dates = new Set();
fetch("config.yml").then((response) => response.text())
  .then((text) => datePaths(YAML.parse(text)).forEach((path) => dates.add(path))).catch(() => {});
CMS.registerCustomFormat("fiche", "md", ficheFormat(YAML, { dates }));

// salaire.brut_mensuel: a whole number of euros (2917) or a range {min, max}. Decap has no widget
// for a value of two shapes: this one shows one field, or two with « fourchette » ticked.
// Decap gives a range read from the file as an Immutable Map (its entries' data are Immutable),
// and gives back what the widget last emitted: the value is made plain JavaScript before it is
// read, and the widget emits plain values only (a number, "" or {min, max}), never Decap's Map,
// whose own fields (size, _root, __altered…) would otherwise be saved in the fiche.
function plain(value) {
  return value && typeof value === "object" && typeof value.toJS === "function" ? value.toJS() : value;
}
function isRange(value) {
  return Boolean(value) && typeof value === "object";
}
const Montant = window.createClass({
  getInitialState() {
    return { range: isRange(plain(this.props.value)) };
  },
  number(text) {
    const n = Number.parseInt(text, 10);
    return Number.isNaN(n) ? "" : n;
  },
  set(part, text) {
    const current = plain(this.props.value);
    const range = isRange(current) ? { min: current.min ?? "", max: current.max ?? "" } : { min: "", max: "" };
    range[part] = this.number(text);
    this.props.onChange(range);
  },
  // Ticked, the amount becomes the range's minimum and the maximum waits to be typed; unticked,
  // the minimum becomes the amount.
  toggle(event) {
    const range = event.target.checked;
    this.setState({ range });
    const current = plain(this.props.value);
    if (range) this.props.onChange({ min: typeof current === "number" ? current : "", max: "" });
    else this.props.onChange(isRange(current) ? current.min ?? "" : current);
  },
  // Decap asks before saving: a range with one end only (« fourchette » ticked, the maximum not
  // typed yet) would be saved as {min} alone, which the schema refuses. A range with neither end is
  // an empty field, left out of the file like any other.
  isValid() {
    const value = plain(this.props.value);
    const ends = isRange(value) ? [value.min, value.max].filter((end) => (end ?? "") !== "").length : 0;
    if (ends !== 1) return true;
    return { error: { type: "CUSTOM", message:
      "Fourchette incomplète : donnez le minimum et le maximum, ou décochez « fourchette »." } };
  },
  render() {
    const { forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
    const value = plain(this.props.value);
    const input = (id, label, current, onChange) => h("label", { htmlFor: id, style: { display: "block" } }, label,
      h("input", { id, type: "number", inputMode: "numeric", min: 300, max: 30000, step: 1, value: current ?? "",
        className: classNameWrapper, onFocus: setActiveStyle, onBlur: setInactiveStyle,
        onChange: (event) => onChange(event.target.value) }));
    const toggle = h("label", { htmlFor: `${forID}-fourchette`, style: { display: "block", margin: "8px 0" } },
      h("input", { id: `${forID}-fourchette`, type: "checkbox", checked: this.state.range,
        onChange: (event) => this.toggle(event) }), " fourchette (minimum et maximum)");
    if (!this.state.range) {
      return h("div", {}, toggle, input(forID, "Euros bruts par mois ", isRange(value) ? "" : value,
        (text) => this.props.onChange(this.number(text))));
    }
    const range = isRange(value) ? value : {};
    return h("div", {}, toggle,
      input(forID, "Minimum ", range.min, (text) => this.set("min", text)),
      input(`${forID}-max`, "Maximum ", range.max, (text) => this.set("max", text)));
  },
});
const MontantApercu = window.createClass({
  render() {
    const v = plain(this.props.value);
    return h("p", {}, isRange(v) ? `${v.min} à ${v.max} €` : v ? `${v} €` : "");
  },
});
CMS.registerWidget("montant", Montant, MontantApercu);

// A compétence, a qualité, a secteur…: a text field that offers the values the métiers already
// use (suggestions.json, written at build time), and takes a new one as well. The browser's own
// <datalist> does the suggesting: one list per kind of value, shared by every field.
const suggestions = fetch("suggestions.json").then((response) => response.json()).catch(() => ({}));
function datalist(name) {
  const id = `suggestions-${name}`;
  if (!document.getElementById(id)) {
    const list = document.createElement("datalist");
    list.id = id;
    document.body.append(list);
    suggestions.then((all) => list.append(...(all[name] || []).map((value) => new Option(value))));
  }
  return id;
}
const Suggestion = window.createClass({
  render() {
    const { forID, value, field, onChange, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
    return h("input", { id: forID, type: "text", value: value || "", list: datalist(field.get("suggestions")),
      autoComplete: "off", className: classNameWrapper, onFocus: setActiveStyle, onBlur: setInactiveStyle,
      onChange: (event) => onChange(event.target.value) });
  },
});
const SuggestionApercu = window.createClass({
  render() {
    return h("span", {}, this.props.value || "");
  },
});
CMS.registerWidget("suggestion", Suggestion, SuggestionApercu);

CMS.init();
