// Sums vitest JSON reports and check markers in a folder into "N passed, N failed, N skipped".
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".ci/results";
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir).sort()) {
  const full = path.join(dir, file);
  if (file.endsWith(".json")) {
    const report = JSON.parse(readFileSync(full, "utf8"));
    const suiteFailures = (report.testResults ?? []).filter(
      (r) => r.status === "failed" && (r.assertionResults ?? []).length === 0,
    ).length;
    passed += report.numPassedTests;
    failed += report.numFailedTests + suiteFailures;
    skipped += report.numPendingTests + report.numTodoTests;
    console.log(
      `${file.replace(/\.json$/, "")}: ${report.numPassedTests} passed, ${report.numFailedTests + suiteFailures} failed`,
    );
    if (report.numTotalTests === 0) {
      console.log(`${file}: ran no test`);
      failed += 1;
    }
  } else if (file.startsWith("check-")) {
    const ok = readFileSync(full, "utf8").trim() === "pass";
    console.log(`${file.slice(6)}: ${ok ? "ok" : "FAILED"}`);
    if (ok) passed += 1;
    else failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
