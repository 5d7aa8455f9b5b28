// Runs the form editor's front-matter format (admin/format-fiche.js) on cases read as JSON from
// standard input, as Decap CMS would call it, and prints what it writes, as JSON.
// A case: {"content": file text, "changes": {key: value}, "order": [keys]} edits a file (changes
// to null remove a key); {"data": fields with body, "order": [keys]} writes a new one.
import * as YAML from "yaml";
import { SOURCE, ficheFormat } from "../../admin/format-fiche.js";

const format = ficheFormat(YAML);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const out = cases.map(({ content, changes = {}, data, order = [] }) => {
  if (data) return format.toFile(data, order);
  const entry = format.fromFile(content);
  if (typeof entry[SOURCE] !== "string") throw new Error("the file's text is not kept");
  for (const [key, value] of Object.entries(changes)) entry[key] = value;
  return format.toFile(entry, order);
});
process.stdout.write(JSON.stringify(out));
