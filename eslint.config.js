import js from '@eslint/js';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.turn'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // What a component shows comes from the catalogs (src/client/i18n): a string literal that is
    // not typed as one of a fixed set (antd's `type="primary"`, a MessageKey) is an error. Code
    // outside components hands the UI a Message (notify, callProblem, MediaIssue are typed so).
    files: ['src/client/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'all',
          'should-validate-template': true,
          'jsx-attributes': {
            exclude: [
              'className',
              'rootClassName',
              'style',
              'key',
              'id',
              'data-.*',
              'testId',
              'type',
              'width',
              'height',
              'autoComplete',
            ],
          },
          // DOM plumbing, and errors for developers.
          callees: {
            exclude: [
              't',
              'i18n(ext)?',
              'require',
              'addEventListener',
              'removeEventListener',
              'getElementById',
              'classList.toggle',
              'setProperty',
              'setAttribute',
              'get',
              'Error',
            ],
          },
        },
      ],
      // The plugin lets every string in an UPPER_CASE constant through; text there is caught here.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'VariableDeclarator[id.name=/^[A-Z][A-Z0-9_]*$/] :matches(Literal[value=/^[A-Z]|\\s/], TemplateElement[value.raw=/[A-Za-z]/])',
          message: 'text for the user belongs in the catalogs (src/client/i18n/locales)',
        },
      ],
    },
  },
  {
    // Playwright fixtures take `use` and an empty destructuring by design; they are not React.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
