// The app's antd theme as plain data, shared by the browser (appTheme.ts) and the build, which
// renders antd's styles once with it into a static stylesheet (scripts/antdStaticStyles.ts). No
// antd import here: the build loads antd's CommonJS entry, the browser its ES modules.
export const themeSettings = {
  /** antd's theme algorithm, by name: each side takes it from the antd build it loaded. */
  algorithm: 'darkAlgorithm',
  token: { colorPrimary: '#3b82f6', borderRadius: 10, fontSize: 15 },
  /**
   * White labels on filled buttons keep 4.5:1 (WCAG AA) in every state: the dark algorithm makes
   * hover lighter (white on it 3:1) and its red is 4.2:1, so these are set for buttons. Outlined
   * buttons take the hover colour for their label: a light blue keeps it readable on the dark.
   */
  components: {
    Button: {
      defaultHoverColor: '#69b1ff',
      defaultHoverBorderColor: '#69b1ff',
      defaultActiveColor: '#91caff',
      defaultActiveBorderColor: '#91caff',
      colorPrimaryHover: '#2f6bd6',
      colorPrimaryActive: '#2b62c4',
      colorError: '#d0363a',
      colorErrorHover: '#c62f32',
      colorErrorActive: '#b42a2d',
    },
  },
  /** Plain `.ant-btn` selectors, so the static sheet matches the runtime class names exactly. */
  hashed: false,
  /** A fixed key: the default comes from React's useId, which differs between build and browser. */
  cssVar: { key: 'duet-theme' },
} as const;
