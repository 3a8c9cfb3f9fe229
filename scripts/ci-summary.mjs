// Sums the unit (vitest) and e2e (Playwright) JSON reports into the one line CI reads:
// "N passed, N failed". A suite that never reported (an earlier step failed) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
let passed = 0;
let failed = 0;

const unit = read('reports/unit.json');
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
} else failed += 1;

const e2e = read('reports/e2e.json');
if (e2e) {
  // A flaky test failed once and passed on its retry: counted as passed, and said out loud.
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  if (e2e.stats.flaky > 0)
    console.log(`e2e: ${e2e.stats.flaky} flaky (failed once, passed on retry)`);
} else failed += 1;

const exitCode = Number(process.argv[2] ?? 0);
if (exitCode !== 0 && failed === 0) failed = 1; // type-check or lint failed
console.log(`${passed} passed, ${failed} failed`);
