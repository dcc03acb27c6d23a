// Prints the one plain summary line of a test run from vitest's JSON report:
// "N passed, N failed, N skipped". A run that stopped before vitest (type-check or lint
// failed) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [file, status] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
let failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (failed === 0 && status && status !== '0') failed = 1;
if (process.env.CI === 'true' && skipped > 0) {
  console.log(`under CI=true nothing may be skipped, but ${skipped} tests were`);
  failed += skipped;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
