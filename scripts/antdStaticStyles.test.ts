import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { antdComponentsImported, antdComponentsIn, renderAntdStyles } from './antdStaticStyles.ts';

describe('antdComponentsImported', () => {
  it('names the antd exports behind the ES module paths the sources import, once each', () => {
    const sources = [
      "import Button from 'antd/es/button';\nimport ConfigProvider from 'antd/es/config-provider';",
      'import Tooltip from "antd/es/tooltip";\nimport Button from \'antd/es/button\';',
      "import message from 'antd/es/message';\nimport theme from 'antd/es/theme';",
      "import type { InputRef } from 'antd/es/input';\nimport DatePicker from 'antd/es/date-picker';",
      "import TextArea from 'antd/es/input/TextArea';",
      "import type { ThemeConfig } from 'antd/es/config-provider/context';",
    ];
    expect(antdComponentsImported(sources)).toEqual([
      'Button',
      'DatePicker',
      'Input',
      'Tooltip',
      'message',
    ]);
  });

  it('refuses imports of the whole library, whose components it could not see', () => {
    for (const source of [
      "import { Button } from 'antd';",
      'import Modal from "antd/lib/modal";',
    ]) {
      expect(() => antdComponentsImported([source]), source).toThrow(/one by one from 'antd\/es/);
    }
  });
});

describe('renderAntdStyles', () => {
  it("renders the app's own components with its theme into one stylesheet", () => {
    const css = renderAntdStyles(antdComponentsIn('src/client'));
    // The theme's variables, on the key the browser's ConfigProvider puts on every component.
    // (Booleans, not toContain: a failure would print the whole sheet.)
    expect(/\.duet-theme\{[^}]*--ant-color-primary:#/.test(css)).toBe(true);
    for (const component of [
      'alert',
      'btn',
      'drawer',
      'input',
      'message',
      'popover',
      'switch',
      'tag',
      'tooltip',
    ]) {
      expect(css.includes(`.ant-${component}{`), component).toBe(true);
    }
    // Components the app does not use stay out of the first screen's CSS.
    expect(css.includes('.ant-picker{')).toBe(false);
    expect(css.includes('.ant-table{')).toBe(false);
  }, 30_000);

  it('refuses an antd path it cannot map to a component, instead of leaving it unstyled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-antd-'));
    try {
      writeFileSync(join(dir, 'Odd.tsx'), "import Thing from 'antd/es/no-such-thing';\n");
      expect(() => renderAntdStyles(antdComponentsIn(dir))).toThrow(
        /antd has no export named NoSuchThing/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
