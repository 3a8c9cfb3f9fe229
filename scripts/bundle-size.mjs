// Prints what the first screen downloads (entry chunk, its static imports, CSS, and the chunks of
// the heaviest language: its catalog and antd's locale), raw and gzip, from Vite's manifest, and
// fails the build when it is over budget.
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

const sizeOf = (file) => {
  const bytes = readFileSync(join(dist, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
let raw = 0;
let gzip = 0;
for (const file of files) {
  const size = sizeOf(file);
  raw += size.raw;
  gzip += size.gzip;
}

// A language's chunks: src/client/i18n/locales/<lang>.json and antd/es/locale/<lang>_<REGION>.js.
const LANGUAGE_CHUNK = /(?:i18n\/locales\/([a-z]+)\.json|antd\/es\/locale\/([a-z]+)_[A-Z]+\.js)$/;
const languages = new Map();
for (const [key, chunk] of Object.entries(manifest)) {
  const match = LANGUAGE_CHUNK.exec(key);
  if (!match || files.has(chunk.file)) continue;
  const language = match[1] ?? match[2];
  const size = sizeOf(chunk.file);
  const sum = languages.get(language) ?? { raw: 0, gzip: 0 };
  languages.set(language, { raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip });
}
const [heaviest, language] = [...languages].sort((a, b) => b[1].gzip - a[1].gzip)[0] ?? [];
if (language) {
  raw += language.raw;
  gzip += language.gzip;
}
const lazy = Object.values(manifest).filter(
  (c) => !files.has(c.file) && c.file.endsWith('.js'),
).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `initial load: ${files.size} files + language ${heaviest ?? 'none'} (${kb(language?.gzip ?? 0)} gzip), ${kb(raw)} raw, ${kb(gzip)} gzip (budget ${kb(BUDGET_GZIP)}); ${lazy} lazy chunk(s)`,
);
if (gzip > BUDGET_GZIP) {
  console.error('initial load is over budget: lazy-load what is not on the first screen');
  process.exit(1);
}
