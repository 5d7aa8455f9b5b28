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
// two spaces, no folding, quotes only where YAML needs them. "Where YAML needs them" is judged by
// both YAMLs that read a fiche: the yaml library here (YAML 1.2), and PyYAML (YAML 1.1), which
// `fiches check` and yaml.safe_load read. A text is written in double quotes whenever PyYAML would
// read it bare as anything but that text: a boolean (yes, no, on, off), null (~), a number (1:30,
// 1_000, 0b1, .5), a date (2024-01-15, typed in a text field), = (YAML 1.1's value tag, on which
// safe_load fails), << (a merge key), a first character that YAML 1.1 takes for an indicator (%, @,
// `…), a tab, a line break YAML 1.1 knows and 1.2 does not (NEL, LS, PS), a character PyYAML refuses
// in a file (C1 controls, U+FFFE…), which are escaped. A date is left bare only in the date fields
// of the form (DATE_PATHS, from its configuration: the project writes dates bare there).
//
// The YAML library (npm "yaml", pinned in package.json) is given as a parameter, so that the same
// code runs in the browser (/admin/) and in Node for the tests (tests/tools/format_fiche.mjs).

export const SOURCE = "_texte_du_fichier";

// doubleQuotedMinMultiLineLength: a quoted text stays on its line, its line breaks written \n
const OPTIONS = { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true,
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER };
// Text that YAML 1.2 reads as text but PyYAML (YAML 1.1) would read as a boolean or a number.
const YAML11_SURPRISES = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
// PyYAML's implicit resolvers (yaml/resolver.py), which decide what a bare scalar is: anything
// they match is not read as a text. Python's $ also matches before a final line break.
const PYYAML_IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/, // bool
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/, // float
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?$/, // int
  /^(?:<<)\n?$/, // merge
  /^(?:~|null|Null|NULL|)\n?$/, // null
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/, // timestamp
  /^(?:=)\n?$/, // value
];
// A first character that YAML 1.1 takes for an indicator (PyYAML's scanner: check_plain), or one of
// -?: before a space; characters that YAML 1.1 reads as a line break or that PyYAML refuses in a
// file, and tabs and carriage returns (which a bare or block text would lose): all quoted.
const INDICATOR_FIRST = /^(?:[,[\]{}#&*!|>'"%@`]|[-?:](?:[ \t\r\n\x85\u2028\u2029]|$))/;
const TROUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\t\r\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// In a double-quoted text, what JSON leaves raw but YAML 1.1 reads as a line break or refuses.
const ESCAPED = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
const escape = (ch) => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
};
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

// Whether a text must be written in double quotes for every YAML to read it back as that text.
// A text of several lines is written as a block (|), line for line, when its lines have no space
// at either end and it neither starts nor ends with a line break; otherwise in quotes, where each
// line break is \n (YAML 1.1 and 1.2 disagree on blocks whose lines are only spaces).
export function mustQuote(text) {
  return YAML11_SURPRISES.test(text) || PYYAML_IMPLICIT.some((resolver) => resolver.test(text)) ||
    INDICATOR_FIRST.test(text) || TROUBLE.test(text) ||
    (text.includes("\n") && (/^\n|\n$/.test(text) || text.split("\n").some((line) => /^[ \t]|[ \t]$/.test(line))));
}

// The paths of the date fields of the form's configuration (Decap's config.yml, written from the
// schemas): "mise_a_jour", "source.date", "sources.*.date" (* for a list's items).
export function datePaths(config) {
  const paths = new Set();
  const walk = (fields, prefix) => {
    for (const field of fields || []) {
      const path = [...prefix, field.name];
      if (field.widget === "datetime") paths.add(path.join("."));
      if (field.widget === "object") walk(field.fields, path);
      if (field.widget === "list" && field.fields) walk(field.fields, [...path, "*"]);
      if (field.widget === "list" && field.field) {
        if (field.field.widget === "datetime") paths.add([...path, "*"].join("."));
        if (field.field.widget === "object") walk(field.field.fields, [...path, "*"]);
      }
    }
  };
  for (const collection of (config && config.collections) || []) walk(collection.fields, []);
  return paths;
}
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

// `dates`: the date fields' paths (datePaths), read when a value is written: the form fills it
// once it has read its configuration. Until then, and without it, a date is written in quotes.
export function ficheFormat(YAML, { dates = new Set() } = {}) {
  function pathOf(ancestors) {
    const names = [];
    for (const node of ancestors) {
      if (YAML.isPair(node)) names.push(String(YAML.isScalar(node.key) ? node.key.value : node.key));
      else if (YAML.isSeq(node)) names.push("*");
    }
    return names.join(".");
  }

  function write(key, value) {
    const doc = new YAML.Document({ [key]: value });
    let escapes = false;
    YAML.visit(doc, {
      Scalar(where, node, ancestors) {
        if (where === "key" || typeof node.value !== "string" || !mustQuote(node.value)) return;
        if (DATE.test(node.value) && dates.has(pathOf(ancestors))) return; // a date field's date
        node.type = "QUOTE_DOUBLE";
        escapes ||= ESCAPED.test(node.value);
        ESCAPED.lastIndex = 0;
      },
    });
    const text = doc.toString(OPTIONS);
    // only the quoted texts hold these characters: the keys are the schemas' names
    return escapes ? text.replace(ESCAPED, escape) : text;
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
