// Vite plugin: `import 'virtual:antd-styles.css'` gives the styles of exactly the antd components
// that src/client imports, rendered once at build (or dev-server) time with the app's theme. The
// browser runs antd with `zeroRuntime`, so no component computes or injects styles while mounting.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Antd from 'antd';
import type * as ReactModule from 'react';
import type * as StaticStyleExtract from '@ant-design/static-style-extract';
import type { Plugin } from 'vite';
import { themeSettings } from '../src/client/theme/themeSettings.ts';

const VIRTUAL_ID = 'virtual:antd-styles.css';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
/** Imported from antd but not components with styles of their own (locale: its texts). */
const NOT_STYLED = new Set(['config-provider', 'theme', 'locale']);
/** antd exports these two as lowercase functions (static APIs), the rest as components. */
const LOWERCASE_EXPORTS = new Set(['message', 'notification']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `antd/es/config-provider` → none, `antd/es/button` → `Button`, `antd/es/message` → `message`. */
export function antdComponentsImported(sources: string[]): string[] {
  const names = new Set<string>();
  for (const source of sources) {
    // The whole library at once would mean components this scan cannot see, hence no styles.
    if (/from\s+['"]antd(\/lib\b[^'"]*)?['"]/.test(source)) {
      throw new Error(
        "import antd components one by one from 'antd/es/<name>', so that the build renders their styles",
      );
    }
    for (const [, dir] of source.matchAll(/from\s+['"]antd\/es\/([a-z-]+)(?:\/[^'"]*)?['"]/g)) {
      if (!dir || NOT_STYLED.has(dir)) continue;
      names.add(
        LOWERCASE_EXPORTS.has(dir)
          ? dir
          : dir.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      );
    }
  }
  return [...names].sort();
}

/** The antd components the client's sources import (see antdComponentsImported). */
export function antdComponentsIn(clientDir: string): string[] {
  return antdComponentsImported(sourceFiles(clientDir).map((file) => readFileSync(file, 'utf8')));
}

/** The styles of `includes` (antd export names) under the app's theme, as one stylesheet. */
export function renderAntdStyles(includes: string[]): string {
  const require = createRequire(import.meta.url);
  // Loaded when first needed, not with the Vite config; CommonJS entries on purpose: Node cannot
  // load antd's ES build (its package has no "type": "module").
  const antd = require('antd') as typeof Antd;
  const React = require('react') as typeof ReactModule;
  const { extractStyle } = require('@ant-design/static-style-extract') as typeof StaticStyleExtract;
  const missing = includes.filter((name) => !(name in antd));
  if (missing.length)
    throw new Error(`antd has no export named ${missing.join(', ')}: extend antdStaticStyles.ts`);
  const theme = { ...themeSettings, algorithm: antd.theme[themeSettings.algorithm] };
  // extractStyle renders every variant of each component, deprecated ones too (Input.Group), and
  // antd's development build warns about those on console.error: not ours, so not shown.
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('Warning: [antd:')) consoleError(...args);
  };
  let css: string;
  try {
    css = extractStyle({
      includes,
      customTheme: (node) => React.createElement(antd.ConfigProvider, { theme }, node),
    });
  } finally {
    console.error = consoleError;
  }
  if (!css.includes(`.${themeSettings.cssVar.key}{`)) {
    throw new Error('antd styles came out without the theme variables: did the cssVar key change?');
  }
  // extractStyle ends with a marker that tells antd's runtime which styles a server already sent
  // (for hydration); with zeroRuntime nothing reads it, and dropping it keeps the runtime honest:
  // were zeroRuntime ever lost, components would visibly inject their styles again (see e2e).
  const withoutMarker = css.replace(/\.data-ant-cssinjs-cache-path\{[^}]*\}/, '');
  return `/* antd styles for: ${includes.join(', ')} */\n${withoutMarker}`;
}

export function antdStaticStyles(clientDir: string): Plugin {
  let rendered: { components: string; css: string } | undefined;
  return {
    name: 'duet:antd-static-styles',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      // The dev server reloads the sheet when a client file changes; it is rendered again only
      // when the set of antd imports did (a render takes about half a second).
      for (const file of sourceFiles(clientDir)) this.addWatchFile(file);
      const components = antdComponentsIn(clientDir);
      const key = components.join();
      if (rendered?.components !== key)
        rendered = { components: key, css: renderAntdStyles(components) };
      return rendered.css;
    },
  };
}
