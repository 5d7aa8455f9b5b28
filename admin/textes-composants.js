// The French of what Decap's locale cannot reach (langue.js completes the locale itself).
//
// - Decap's choice and métier fields are react-select 5 boxes. Their own texts are English constants
//   that Decap passes no option for: « No options », « Loading... », the remove buttons' labels
//   (« Remove Chargé·e de mission ») and every message read to screen readers (« 7 results available.
//   Use Up and Down to choose options… »).
// - Decap names two things with a field's key or its widget's type where an editor knows the label:
//   the date buttons (« Mettre la date du jour dans date_limite »), and it gives each field's group an
//   aria-label « string field » (« Champ string ») that names nothing an editor knows. That group is a
//   plain <div>, where ARIA allows no label, and the field inside it is labelled by its own <label>:
//   the group's aria-label is removed.
//
// Patching node_modules would be undone by the next `npm ci`, and a fork of Decap is a fork to keep.
// This rewrites those texts in the page as Decap draws them: a MutationObserver on the text and the
// aria-label attributes. React writes these texts whole at its next render, which this rewrites
// again; a text this does not recognise is left as it is, and a test looks for English in the form
// (tests/test_admin_apercu.py), so a text a new Decap adds is noticed.

const TEXTS = [
  [/^No options$/, () => "Aucun choix ne correspond"],
  [/^Loading\.\.\.$/, () => "Chargement…"],
  // the screen readers' messages (react-select's defaultAriaLiveMessages and screenReaderStatus)
  [/^(\d+) results? available(?: for search term (.*))?\.$/s,
    (n, term) => `${n} choix${term === undefined ? "" : ` pour « ${term} »`}.`],
  [/^Use Up and Down to choose options, press Enter to select the currently focused option, press Escape to exit the menu(, press Tab to select the option and exit the menu)?\.$/,
    (tab) => "Flèches haut et bas pour parcourir les choix, Entrée pour prendre celui qui est en surbrillance, "
      + `Échap pour fermer la liste${tab ? ", Tab pour le prendre et quitter la liste" : ""}.`],
  [/^(.*) is focused (,type to refine list)?, press Down to open the menu, ( press left to focus selected values)?$/s,
    (label, search, multi) => `${label === "Select" ? "Liste de choix" : label}${search ? ", tapez pour filtrer les choix" : ""}, `
      + `flèche bas pour ouvrir la liste${multi ? ", flèche gauche pour aller aux choix déjà faits" : ""}.`],
  [/^Use left and right to toggle between focused values, press Backspace to remove the currently focused value$/,
    () => "Flèches gauche et droite pour passer d'un choix fait à l'autre, Retour arrière pour retirer celui qui est en surbrillance."],
  [/^option (.*), deselected\.$/s, (label) => `${label} : retiré.`],
  [/^All selected options have been cleared\.$/, () => "Tous les choix ont été retirés."],
  [/^options? (.*), selected\.$/s, (labels) => `${labels} : choisi.`],
  [/^option (.*) is disabled\. Select another option\.$/s, (label) => `${label} ne peut pas être choisi : prenez-en un autre.`],
  [/^value (.*) focused, (\d+) of (\d+)\.$/s, (label, i, n) => `${label}, choix fait ${i} sur ${n}.`],
  [/^(.*?)( selected)?( disabled)?, (\d+) of (\d+)\.$/s,
    (label, selected, disabled, i, n) => `${label}${selected ? ", choisi" : ""}${disabled ? ", indisponible" : ""}, ${i} sur ${n}.`],
];

// the label an editor sees for the field a Decap control group holds (« Date limite »)
function fieldLabel(group) {
  const label = group && group.querySelector("label");
  return label ? label.firstChild?.textContent?.trim() || label.textContent.trim() : null;
}

const GROUP = /^Champ /; // langue.js: editor.editorControl.field.widgetLabel
const GROUPS = '[class*="-ControlContainer"]'; // a field's group, by the label its style carries
const SET_TO_NOW = /^Mettre la date du jour dans (.*)$/; // langue.js: editorWidgets.datetime.setToNow

function label(el) {
  const text = el.getAttribute("aria-label");
  if (!text) return;
  let french = null;
  if (text.startsWith("Remove ")) {
    french = `Retirer ${text.slice("Remove ".length)}`;
  } else if (GROUP.test(text) && el.matches(GROUPS)) {
    el.removeAttribute("aria-label");
    return;
  } else if (SET_TO_NOW.test(text) && !text.includes("« ")) {
    const name = fieldLabel(el.closest(GROUPS));
    if (name) french = `Mettre la date du jour dans « ${name} »`;
  }
  if (french && french !== text) el.setAttribute("aria-label", french);
}

// react-select's own parts, by the labels its styles carry in their class names: a text an editor
// typed (a fiche's body, a field) is never touched
const SELECT_PARTS = '[class*="-menu"], [class*="-a11yText"]';

function text(node) {
  const found = node.data;
  if (!found || found.length > 400 || !/[A-Za-z]/.test(found)) return;
  if (!node.parentElement?.closest(SELECT_PARTS) || node.parentElement.closest("[contenteditable]")) return;
  for (const [pattern, french] of TEXTS) {
    const match = pattern.exec(found);
    if (match) {
      node.data = french(...match.slice(1));
      return;
    }
  }
}

function visit(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    text(node);
  } else if (node.nodeType === Node.ELEMENT_NODE) {
    if (node.hasAttribute("aria-label")) label(node);
    for (const el of node.querySelectorAll("[aria-label]")) label(el);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) text(walker.currentNode);
  }
}

export function translate(root) {
  visit(root);
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "characterData") text(record.target);
      else if (record.type === "attributes") label(record.target);
      else record.addedNodes.forEach(visit);
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["aria-label"] });
}

translate(document.body);
