// Prints what the first screen downloads (entry chunk, its static imports, CSS), raw and gzip,
// from Vite's manifest, and fails the build when it is over budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_GZIP = 250 * 1024;
const dist = 'dist/client';
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
if (!entry) throw new Error('no entry chunk in the Vite manifest');

const files = new Set();
const visit = (chunk) => {
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const key of chunk.imports ?? []) visit(manifest[key]);
};
visit(entry);

let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(join(dist, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const lazy = Object.values(manifest).filter(
  (c) => !files.has(c.file) && c.file.endsWith('.js'),
).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `initial load: ${files.size} files, ${kb(raw)} raw, ${kb(gzip)} gzip (budget ${kb(BUDGET_GZIP)}); ${lazy} lazy chunk(s)`,
);
if (gzip > BUDGET_GZIP) {
  console.error('initial load is over budget: lazy-load what is not on the first screen');
  process.exit(1);
}
