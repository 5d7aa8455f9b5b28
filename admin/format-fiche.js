// The fiches' front-matter format for the form editor (Decap CMS's CMS.registerCustomFormat).
//
// Why our own format rather than Decap's "frontmatter": Decap writes the whole YAML again on every
// save, with its library's defaults (lines folded at 80 characters, its own quotes), so opening and
// saving a fiche without a change would rewrite lines an editor never touched, and every pull
// request would carry that noise. This format keeps the file's text and changes only the lines of
// the keys whose value changed:
// - reading: the fields and the body, and the file's text in SOURCE, a key the form does not show;
// - writing: if no value changed, the file's text as it was, byte for byte; otherwise each changed
//   key's lines are replaced by the key written anew, a key emptied in the form is removed, a new
//   key is written after the key that comes before it in the form's order. Comments stay.
// Values are written as the project writes them (tests/fixtures, `fiches new`): lists indented by
// two spaces, no folding, quotes only where YAML needs them, and also around the words that
// PyYAML (YAML 1.1, which `fiches check` reads) would take for something else than text: yes, no,
// on, off, 1:30, 1_000…
//
// The YAML library (npm "yaml", pinned in package.json) is given as a parameter, so that the same
// code runs in the browser (/admin/) and in Node for the tests (tests/tools/format_fiche.mjs).

export const SOURCE = "_texte_du_fichier";

const OPTIONS = { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true };
// Text that YAML 1.2 reads as text but PyYAML (YAML 1.1) would read as a boolean or a number.
const YAML11_SURPRISES = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
const FRONT_MATTER = /^(---[ \t]*\r?\n)([\s\S]*?)(^---[ \t]*(?:\r?\n|$))/m;

function isEmpty(value) {
  return value === undefined || value === null || value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
}

// What the form gives, without the fields it leaves empty (an emptied optional field is removed,
// not written as "": the schemas refuse empty texts).
export function clean(value) {
  if (Array.isArray(value)) {
    return value.map(clean).filter((item) => !isEmpty(item));
  }
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, inner] of Object.entries(value)) {
      const cleaned = clean(inner);
      if (!isEmpty(cleaned)) out[key] = cleaned;
    }
    return out;
  }
  return value;
}

// Whether a key's value is the same once the empty values are left out (a placeholder "" of
// `fiches new`, which the form shows as an empty field, is the same as no value).
function same(a, b) {
  const [ca, cb] = [clean(a), clean(b)];
  return (isEmpty(ca) && isEmpty(cb)) || JSON.stringify(ca) === JSON.stringify(cb);
}

function split(content) {
  const match = content.startsWith("---") ? FRONT_MATTER.exec(content) : null;
  if (!match || match.index !== 0) return { head: "", front: null, separator: "", rest: content };
  return { head: match[1], front: match[2], separator: match[3], rest: content.slice(match[0].length) };
}

export function ficheFormat(YAML) {
  function write(key, value) {
    const doc = new YAML.Document({ [key]: value });
    YAML.visit(doc, {
      Scalar(_, node) {
        if (typeof node.value === "string" && YAML11_SURPRISES.test(node.value)) node.type = "QUOTE_DOUBLE";
      },
    });
    return doc.toString(OPTIONS);
  }

  function fromFile(content) {
    const { front, rest } = split(content);
    const data = front && front.trim() ? YAML.parse(front) || {} : {};
    // the project writes one blank line between the front matter and the body
    return { ...data, body: rest.replace(/^\r?\n/, ""), [SOURCE]: content };
  }

  function fresh(fields, body) {
    const keys = Object.keys(fields);
    const front = keys.map((key) => write(key, fields[key])).join("");
    return `---\n${front}---\n\n${body.replace(/\s*$/, "\n")}`;
  }

  function toFile(data, sortedKeys = []) {
    const { body = "", [SOURCE]: source, ...given } = data;
    const fields = clean(given);
    const order = [...sortedKeys.filter((key) => key !== "body"), ...Object.keys(fields)];
    if (typeof source !== "string") {
      const ordered = {};
      for (const key of order) if (key in fields && !(key in ordered)) ordered[key] = fields[key];
      return fresh(ordered, body);
    }
    const { head, front, separator, rest } = split(source);
    if (front === null) return fresh(fields, body);
    const before = YAML.parse(front) || {};
    const oldBody = rest.replace(/^\r?\n/, "");
    const bodyKept = oldBody.replace(/\s*$/, "") === body.replace(/\s*$/, "");
    const doc = YAML.parseDocument(front);
    const pairs = new Map((doc.contents?.items || []).map((pair) => [pair.key.value, pair]));
    // where a key's lines end: after the newline that ends its value (and a comment on that line)
    const lineEnd = (index) => (index > 0 && front[index - 1] === "\n") ? index : (front.indexOf("\n", index) + 1 || front.length);
    const edits = []; // [start, end, text], applied from the end
    for (const [key, pair] of pairs) {
      if (same(before[key], fields[key])) continue;
      const valueEnd = pair.value ? pair.value.range[1] : pair.key.range[1];
      if (key in fields) {
        const text = write(key, fields[key]);
        edits.push([pair.key.range[0], valueEnd, front[valueEnd - 1] === "\n" ? text : text.replace(/\n$/, "")]);
      } else {
        edits.push([pair.key.range[0], lineEnd(valueEnd), ""]);
      }
    }
    const added = new Map(); // where -> the new keys written there, in the form's order
    for (const key of new Set(order)) {
      if (!(key in fields) || pairs.has(key)) continue;
      const previous = order.slice(0, order.indexOf(key)).reverse().find((k) => pairs.has(k));
      const pair = previous && pairs.get(previous);
      const at = pair ? lineEnd(pair.value ? pair.value.range[1] : pair.key.range[1]) : 0;
      added.set(at, (added.get(at) || "") + write(key, fields[key]));
    }
    for (const [at, text] of added) edits.push([at, at, text]);
    if (edits.length === 0 && bodyKept) return source;
    let text = front;
    for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0] || b[1] - a[1])) {
      text = text.slice(0, start) + replacement + text.slice(end);
    }
    const newRest = bodyKept ? rest : `\n${body.replace(/\s*$/, "\n")}`;
    return head + text + separator + newRest;
  }

  return { fromFile, toFile };
}
