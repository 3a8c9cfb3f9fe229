// The catalogs cannot drift: every language has exactly English's keys (with the plural forms its
// own rules need) and the same placeholders, and every English key is used by the client.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages';

type Catalog = { [key: string]: string | Catalog };

const CATALOGS = import.meta.glob<Catalog>('./locales/*.json', { eager: true, import: 'default' });
// The client's own code, tests and test helpers left out.
const SOURCES = import.meta.glob<string>(
  ['../**/*.{ts,tsx}', '!../**/*.test.ts', '!../testing/**'],
  { eager: true, query: '?raw', import: 'default' },
);
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const load = (language: string) => flatten(CATALOGS[`./locales/${language}.json`] ?? {});

/** Base key → the plural forms present (empty for a key without plural forms). */
function byBaseKey(entries: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of entries.keys()) {
    const base = key.replace(PLURAL, '');
    const forms = out.get(base) ?? new Set<string>();
    const form = PLURAL.exec(key)?.[1];
    if (form) forms.add(form);
    out.set(base, forms);
  }
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

const english = load('en');
const englishKeys = byBaseKey(english);

it('there is one catalog per language, and no other', () => {
  const files = Object.keys(CATALOGS).map((path) => path.replace(/^.*\/|\.json$/g, ''));
  expect(files.sort()).toEqual([...LANGUAGES].sort());
});

describe.each(LANGUAGES.filter((l) => l !== 'en'))('the %s catalog', (language) => {
  const catalog = load(language);
  const keys = byBaseKey(catalog);
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

  it('has every English key and no other', () => {
    const missing = [...englishKeys.keys()].filter((k) => !keys.has(k));
    const extra = [...keys.keys()].filter((k) => !englishKeys.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it("has exactly the plural forms of the language's own rules", () => {
    for (const [key, forms] of englishKeys) {
      if (forms.size === 0) continue;
      expect([...(keys.get(key) ?? [])].sort(), key).toEqual([...categories].sort());
    }
  });

  it('keeps every placeholder of the English text, and adds none', () => {
    for (const [key, text] of catalog) {
      const base = key.replace(PLURAL, '');
      const source = english.get(key) ?? english.get(`${base}_other`) ?? '';
      expect(placeholders(text), key).toEqual(placeholders(source));
    }
  });
});

it('reads the client sources', () => expect(Object.keys(SOURCES).length).toBeGreaterThan(30));

it('every English key is used by the client (a key appears there as a string literal)', () => {
  const literals = new Set<string>();
  for (const source of Object.values(SOURCES))
    for (const m of source.matchAll(/['"`]([\w.]+)['"`]/g)) literals.add(m[1]!);
  const unused = [...englishKeys.keys()].filter((key) => !literals.has(key));
  expect(unused).toEqual([]);
});

it('English has the plural forms English needs', () => {
  const categories = new Intl.PluralRules('en').resolvedOptions().pluralCategories;
  for (const [key, forms] of englishKeys)
    if (forms.size > 0) expect([...forms].sort(), key).toEqual([...categories].sort());
});
