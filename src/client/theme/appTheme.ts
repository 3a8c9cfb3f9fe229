import type { ThemeConfig } from 'antd/es/config-provider/context';
import theme from 'antd/es/theme';
import { themeSettings } from './themeSettings';

/**
 * zeroRuntime: antd generates no styles in the browser; they come from the stylesheet the build
 * renders with the same settings (`virtual:antd-styles.css`). Its CSS-in-JS work otherwise ran on
 * every mount, e.g. 30–40 ms for the Hang up button that replaces Call at the click, on the main
 * thread that must show the call's first frames.
 */
export const appTheme: ThemeConfig = {
  ...themeSettings,
  algorithm: theme[themeSettings.algorithm],
  zeroRuntime: true,
};
