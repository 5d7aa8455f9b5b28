// Validates the structured data of built pages with Adobe's validator, which implements Google's
// rich-result rules (npm "@adobe/structured-data-validator", with "@marbec/web-auto-extractor" to
// read the pages; both pinned in package-lock.json). Runs offline: no schema.org vocabulary is
// fetched, so only Google's rules per type run (JobPosting, Organization, Person, ...).
//   node tests/tools/structured_data.mjs site/offres/x/index.html ...
// Prints JSON: {file: {"jsonld": [the JSON-LD objects found], "issues": [{severity, issueMessage, fieldNames}]}}
import { readFile } from "node:fs/promises";
import WebAutoExtractor from "@marbec/web-auto-extractor";
import Validator from "@adobe/structured-data-validator";

const validator = new Validator();
const out = {};
for (const path of process.argv.slice(2)) {
  const html = await readFile(path, "utf8");
  const extracted = new WebAutoExtractor({ addLocation: true, embedSource: false }).parse(html);
  const issues = await validator.validate(extracted);
  out[path] = {
    jsonld: Object.values(extracted.jsonld || {}).flat(),
    issues: issues.map(({ severity, issueMessage, fieldNames }) => ({ severity, issueMessage, fieldNames })),
  };
}
process.stdout.write(JSON.stringify(out) + "\n");
