// remark configuration: checks the front matter of every fiche against the project's JSON Schemas,
// in VS Code (extension unifiedjs.vscode-remark) and on the command line (`npm run verifier`).
//
// The rule is remark-lint-frontmatter-schema, fed the schemas as they are, with two adjustments:
// - Its `schemas` option (path -> globs) bundles each schema with json-schema-ref-parser, which
//   rewrites the `$ref`s inside commun.schema.json ("#/$defs/texte") into pointers that resolve to
//   nothing (json-schema-ref-parser#338). So each schema is given with `embed`, unbundled, and
//   commun.schema.json is handed to Ajv (`ajvOptions.schemas`), which resolves
//   "commun.schema.json#/$defs/..." by its `$id` like the Python checker does. `embed` applies to
//   every file, so one rule instance per folder is made and the file's folder picks it.
// - Its Ajv is the draft-07 class, which does not know the 2020-12 meta-schema named by `$schema`:
//   `validateSchema: false` skips checking the schema itself. The keywords our schemas use mean the
//   same in both drafts.
// Messages are then rewritten in French from the schemas' `x-attendu` texts, and unknown or missing
// keys are put on their own line. `fiches check` stays the reference: it also checks what a schema
// cannot (métiers that exist, keys written twice, `fin` before `debut`, YAML pitfalls).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import remarkFrontmatter from 'remark-frontmatter';
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';
import YAML, { LineCounter, isMap, isScalar } from 'yaml';

const root = path.dirname(fileURLToPath(import.meta.url));
const schemaDir = path.join(root, 'hooks', 'fiches_engine', 'schemas');
const COMMUN = 'commun.schema.json';
/** Folder of fiches/ -> its schema file. */
const KINDS = { metiers: 'metier.schema.json', temoignages: 'temoignage.schema.json', offres: 'offre.schema.json' };

const loadSchema = (name) => JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8'));
const docs = { [COMMUN]: loadSchema(COMMUN) };
for (const name of Object.values(KINDS)) docs[name] = loadSchema(name);

/** The schema node at "file.json#/a/b" (or "#/a/b" inside `base`), with the file it lives in. */
function resolve(ref, base) {
  const [file, pointer = ''] = ref.split('#');
  const doc = file || base;
  let node = docs[doc];
  for (const raw of pointer.split('/').slice(1)) {
    node = node?.[decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return { node, doc };
}

/** Follow `$ref`s until a node that says something itself. */
function deref(node, doc) {
  for (let depth = 0; node?.$ref && depth < 10; depth += 1) ({ node, doc } = resolve(node.$ref, doc));
  return { node, doc };
}

/** What a schema node expects, in French: its `x-attendu`, or that of what it `$ref`s. */
function expected(node, doc) {
  for (let depth = 0; node && depth < 10; depth += 1) {
    if (node['x-attendu']) return node['x-attendu'];
    if (!node.$ref) return undefined;
    ({ node, doc } = resolve(node.$ref, doc));
  }
  return undefined;
}

/**
 * The schema node that describes the value at `segments` of a fiche's header. Walked along the
 * data rather than read from Ajv's schemaPath, which is relative to whichever schema resource a
 * `$ref` led to and does not always say which.
 */
function schemaAt(kindFile, segments) {
  let node = docs[kindFile];
  let doc = kindFile;
  for (const segment of segments) {
    ({ node, doc } = deref(node, doc));
    const branch = [node, ...(node?.oneOf ?? []), ...(node?.anyOf ?? [])].find(
      (n) => n?.properties?.[segment] || (n?.items && /^\d+$/.test(segment)),
    );
    if (!branch) return { node: undefined, doc };
    node = branch.properties?.[segment] ?? branch.items;
  }
  return { node, doc };
}

const segmentsOf = (instancePath) =>
  instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
const keyName = (segments) =>
  segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${Number(s) + 1}]` : out ? `${out}.${s}` : s), '');
const quoted = (values) => values.map((v) => `« ${v} »`).join(', ');

function found(value) {
  if (value === undefined || value === null || value === '') return 'une valeur vide';
  if (typeof value === 'string') return `le texte « ${value} »`;
  if (typeof value === 'number') return `le nombre ${value}`;
  if (typeof value === 'boolean') return `la valeur ${value} (vrai/faux)`;
  if (Array.isArray(value)) return value.length ? 'une liste' : 'une liste vide';
  return 'un bloc de clés';
}

/** Where the key at `segments` is written in the Markdown file (the header's first line for the root). */
function keyPlace(yamlDoc, lines, segments) {
  if (!segments.length) return { line: 2, column: 1 };
  const parent = segments.length > 1 ? yamlDoc.getIn(segments.slice(0, -1), true) : yamlDoc.contents;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === segments.at(-1));
  if (!pair?.key?.range) return undefined;
  const { line, col } = lines.linePos(pair.key.range[0]);
  return { line: line + 1, column: col }; // + 1: the opening "---" line
}

/** French text of one Ajv error, and where to show it when the rule's own place is not the best. */
function describe(error, kindFile, data, yamlDoc, lines) {
  const segments = segmentsOf(error.instancePath);
  const key = keyName(segments);
  const value = segments.reduce((v, s) => (v == null ? undefined : v[s]), data);
  const at = schemaAt(kindFile, segments);
  const { node: block } = deref(at.node, at.doc);
  const where = key ? `${key} : ` : '';
  switch (error.keyword) {
    case 'required': {
      const missing = error.params.missingProperty;
      const about = block?.properties?.[missing]?.description?.replace(/\.$/, '');
      return {
        text: `${keyName([...segments, missing])} : clé obligatoire absente.${about ? ` Attendu : ${about}.` : ''}`
          + ` Astuce : ajoutez une ligne « ${missing}: ... » ${segments.length ? 'dans ce bloc' : "dans l'en-tête"}.`,
        place: keyPlace(yamlDoc, lines, segments),
      };
    }
    case 'additionalProperties': {
      const extra = error.params.additionalProperty;
      const known = Object.keys(block?.properties ?? {}).sort();
      return {
        text: `${keyName([...segments, extra])} : clé inconnue « ${extra} » (elle serait ignorée).`
          + (known.length ? ` Clés possibles : ${known.join(', ')}.` : ''),
        place: keyPlace(yamlDoc, lines, [...segments, extra]),
      };
    }
    case 'enum':
      return { text: `${where}attendu une de ces valeurs : ${quoted(error.params.allowedValues)}, trouvé ${found(value)}.` };
    case 'uniqueItems':
      return { text: `${where}« ${value?.[error.params.j]} » est en double : gardez une seule ligne.` };
    default: {
      const wanted = expected(at.node, at.doc);
      const atLeast = error.keyword === 'minItems'
        ? `, avec au moins ${error.params.limit} élément${error.params.limit > 1 ? 's' : ''}` : '';
      return { text: wanted ? `${where}attendu ${wanted}${atLeast}, trouvé ${found(value)}.` : `${where}${error.message}.` };
    }
  }
}

/** Rewrite the rule's messages on `file` from index `start` on: French, one per problem, on its line. */
function frenchMessages(file, start, kindFile, tree) {
  const header = tree.children.find((child) => child.type === 'yaml');
  if (!header) return;
  const lines = new LineCounter();
  const yamlDoc = YAML.parseDocument(header.value, { lineCounter: lines });
  const data = yamlDoc.toJS();
  const ours = file.messages.slice(start).filter((m) => m.schema?.keyword);
  // A value that matches no alternative of a oneOf gets one message, not one per alternative.
  const alternatives = new Set(ours.filter((m) => ['oneOf', 'anyOf'].includes(m.schema.keyword))
    .map((m) => m.schema.instancePath));
  const seen = new Set();
  for (const message of ours) {
    const error = message.schema;
    const { text, place } = describe(error, kindFile, data, yamlDoc, lines);
    const line = place?.line ?? message.line ?? 1;
    const id = `${line}\u0000${text}`;
    const shadowed = alternatives.has(error.instancePath) && !['oneOf', 'anyOf'].includes(error.keyword);
    if (shadowed || seen.has(id)) {
      file.messages.splice(file.messages.indexOf(message), 1);
      continue;
    }
    seen.add(id);
    message.reason = text;
    message.message = text;
    message.note = `Schéma : ${error.schemaPath}`;
    if (place || message.line == null) {
      const point = place ?? { line: 1, column: 1 };
      const where = { start: point, end: point };
      Object.assign(message, { place: where, position: where, line: point.line, column: point.column });
    }
  }
}

/** One frontmatter-schema rule per folder of fiches/, each with its schema embedded. */
function fichesFrontmatterSchema() {
  const rules = {};
  for (const [folder, schemaFile] of Object.entries(KINDS)) {
    rules[folder] = remarkLintFrontmatterSchema({
      embed: docs[schemaFile],
      ajvOptions: { validateSchema: false, schemas: [docs[COMMUN]] },
    });
  }
  return (tree, file, next) => {
    const rel = path.relative(root, path.resolve(file.cwd, file.path ?? '')).split(path.sep);
    const folder = rel.length === 3 && rel[0] === 'fiches' && rel[2].endsWith('.md') ? rel[1] : undefined;
    if (!folder || !rules[folder]) return next();
    const start = file.messages.length;
    return rules[folder](tree, file, (error) => {
      if (!error) frenchMessages(file, start, KINDS[folder], tree);
      next(error);
    });
  };
}

export default {
  plugins: [remarkFrontmatter, fichesFrontmatterSchema],
};
