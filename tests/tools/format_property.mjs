// Property-based test of the form editor's front-matter format (admin/format-fiche.js), with
// fast-check: whatever text an editor types, the file it saves is read back as that very text by
// the project's loader (`fiches check`) and by PyYAML's yaml.safe_load, only that key's lines
// change, and a fiche in the project's style saved again without a change stays byte-identical.
//
// Both readers are Python: they answer through tests/tools/yaml_oracle.py, a child process, so
// fast-check shrinks a failing text to a small one. Its settings come as JSON on standard input:
// {"python": interpreter, "fiche": a fiche's text, "order": the form's keys, "dates": the date
// fields' paths, "runs": examples per property, "seed": fast-check's seed or null}. It prints the
// outcome of each property as JSON lines, and exits 1 when one fails.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import * as YAML from "yaml";
import { SOURCE, ficheFormat } from "../../admin/format-fiche.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const settings = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const format = ficheFormat(YAML, { dates: new Set(settings.dates) });

const oracle = spawn(settings.python, [fileURLToPath(new URL("yaml_oracle.py", import.meta.url))],
  { stdio: ["pipe", "pipe", "inherit"] });
const waiting = [];
createInterface({ input: oracle.stdout }).on("line", (line) => waiting.shift()(JSON.parse(line)));
const ascii = (text) => text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
function read(text) {
  return new Promise((resolve) => {
    waiting.push(resolve);
    oracle.stdin.write(`${ascii(JSON.stringify(text))}\n`);
  });
}

// Texts: any Unicode characters (no lone surrogate: no keyboard types one, and a file cannot hold
// one), and texts made of the pieces YAML reads as something else.
const PIECES = [
  "=", "<<", "2024-01-15", "2024-1-5 10:00:00", "2001-12-14t21:59:43.10-05:00", "yes", "No", "ON", "off", "y", "n",
  "true", "False", "~", "null", "Null", "NULL", "1:30", "190:20:30", "1_000", "0b101", "0x1F", "0o17", "012", "08",
  "+12", "-3", ".5", "1.", "1e3", "6.8523015e+5", "-.inf", ".NaN", "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*",
  "!", "!!str", "|", ">", "'", "\"", "%", "@", "`", " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\x85", "\u2028",
  "\u2029", "\ufeff", "\x7f", "\x00", "\x1b", "\x9f", "\ufffe", "\uffff", "---", "...", "- ", ": ", " #", "\\", "\\n",
  "a", "é", "Chargé·e", "😀", "&ancre", "*alias", "<<: *a", "{min: 1}", "[a, b]", "https://exemple.org/a?b=1#c",
];
const codePoint = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));
const anyText = fc.string({ unit: fc.oneof(codePoint, fc.constantFrom(...[..." -:#'\"\n\t"])), minLength: 1, maxLength: 24 });
const piecesText = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(""));
const text = fc.oneof(anyText, piecesText, fc.constantFrom(...PIECES));

// Where a text goes: a key of the fiche, an item of its lists, a key of a block, a list of blocks.
const TARGETS = [["resume"], ["titre"], ["competences", 1], ["formation", "texte"], ["formation", "domaines", 0],
  ["salaire", "source"], ["sources", 0, "titre"], ["appellations", 0]];

const canonical = (value) => JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v)
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
const equal = (a, b) => canonical(a) === canonical(b);
function setIn(value, [first, ...rest], leaf) {
  const copy = Array.isArray(value) ? [...value] : { ...value };
  copy[first] = rest.length ? setIn(value[first] ?? (typeof rest[0] === "number" ? [] : {}), rest, leaf) : leaf;
  return copy;
}
function fields(entry) {
  const { [SOURCE]: _, body, ...data } = entry;
  return data;
}
// A file's lines without those of a top-level key: from its line to the next line that starts
// another key or ends the front matter.
function without(file, key) {
  const lines = file.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${key}:`));
  if (start === -1) return lines;
  let end = start + 1;
  while (end < lines.length && !/^[A-Za-z_]+:|^---/.test(lines[end])) end += 1;
  return [...lines.slice(0, start), ...lines.slice(end)];
}
// What both readers make of a file; fails with what differs.
async function readsBack(file, expected, body) {
  const got = await read(file);
  if (got.crash) throw new Error(`the project's loader crashed: ${got.crash}`);
  if (got.errors.length) throw new Error(`fiches check: ${got.errors.join(" | ")}\n${file}`);
  if (!equal(got.project, expected)) {
    throw new Error(`the project's loader reads ${canonical(got.project)}\ninstead of ${canonical(expected)}\n${file}`);
  }
  if (!equal(got.safe_load, expected)) {
    throw new Error(`yaml.safe_load reads ${canonical(got.safe_load)}\ninstead of ${canonical(expected)}\n${file}`);
  }
  if (got.body.trim() !== body.trim()) throw new Error(`the body changed: ${JSON.stringify(got.body)}`);
}

const base = format.fromFile(settings.fiche);
const baseFields = fields(base);
// the fixture as both readers read it (its dates are left out: safe_load makes them dates)
const withoutDates = (data) => JSON.parse(JSON.stringify(data, (k, v) => (typeof v === "string" &&
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) ? undefined : v)));
const fixture = withoutDates(baseFields);
const fixtureFile = format.toFile({ ...fixture, body: base.body }, settings.order);

const properties = {
  // a text typed in a field of a fiche in the project's style: read back as typed, by both readers,
  // and only its key's lines change
  "typed text reads back": fc.asyncProperty(fc.constantFrom(...TARGETS), text, async (target, typed) => {
    const entry = format.fromFile(fixtureFile);
    const changed = setIn(fields(entry), target, typed);
    const file = format.toFile({ ...changed, body: entry.body, [SOURCE]: entry[SOURCE] }, settings.order);
    await readsBack(file, changed, entry.body);
    if (!equal(without(file, target[0]), without(fixtureFile, target[0]))) {
      throw new Error(`lines other than ${target[0]}'s changed:\n${file}`);
    }
  }),
  // a new fiche written from texts: read back as given; saved again without a change, and written
  // again from what it reads, it is byte-identical
  "a fiche in the project's style stays byte-identical": fc.asyncProperty(
    fc.array(fc.tuple(fc.constantFrom(...TARGETS), text), { minLength: 1, maxLength: 4 }), async (edits) => {
      let data = fixture;
      for (const [target, typed] of edits) data = setIn(data, target, typed);
      const file = format.toFile({ ...data, body: base.body }, settings.order);
      await readsBack(file, data, base.body);
      const entry = format.fromFile(file);
      if (!equal(fields(entry), data)) throw new Error(`the form reads ${canonical(fields(entry))}\n${file}`);
      // Decap keeps an entry as Immutable data and gives it back as plain objects: a copy
      const again = format.toFile(JSON.parse(JSON.stringify(entry)), settings.order);
      if (again !== file) throw new Error(`saved without a change, the file changed:\n${file}\n${again}`);
      const { [SOURCE]: _, ...written } = entry;
      const rewritten = format.toFile(written, settings.order);
      if (rewritten !== file) throw new Error(`written again from its values, the file changed:\n${file}\n${rewritten}`);
    }),
};

let failed = false;
for (const [name, property] of Object.entries(properties)) {
  const outcome = await fc.check(property, { numRuns: settings.runs, ...(settings.seed == null ? {} : { seed: settings.seed }) });
  failed ||= outcome.failed;
  process.stdout.write(`${JSON.stringify({ property: name, failed: outcome.failed, runs: outcome.numRuns, seed: outcome.seed,
    counterexample: outcome.counterexample, error: outcome.failed ? String(outcome.errorInstance ?? outcome.error) : null })}\n`);
}
oracle.stdin.end();
process.exit(failed ? 1 : 0);
