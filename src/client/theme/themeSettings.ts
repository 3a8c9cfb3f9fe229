// The app's antd theme as plain data, shared by the browser (appTheme.ts) and the build, which
// renders antd's styles once with it into a static stylesheet (scripts/antdStaticStyles.ts). No
// antd import here: the build loads antd's CommonJS entry, the browser its ES modules.
export const themeSettings = {
  /** antd's theme algorithm, by name: each side takes it from the antd build it loaded. */
  algorithm: 'darkAlgorithm',
  token: { colorPrimary: '#3b82f6', borderRadius: 10, fontSize: 15 },
  /** Plain `.ant-btn` selectors, so the static sheet matches the runtime class names exactly. */
  hashed: false,
  /** A fixed key: the default comes from React's useId, which differs between build and browser. */
  cssVar: { key: 'duet-theme' },
} as const;
