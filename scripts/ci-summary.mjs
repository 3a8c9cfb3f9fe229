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
  passed += e2e.stats.expected;
  failed += e2e.stats.unexpected + e2e.stats.flaky;
} else failed += 1;

const exitCode = Number(process.argv[2] ?? 0);
if (exitCode !== 0 && failed === 0) failed = 1; // type-check or lint failed
console.log(`${passed} passed, ${failed} failed`);
