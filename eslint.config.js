// The layout rules of DESIGN.md §2 as lint rules, so they are checked, not remembered.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = { group: ['node:*'], message: 'shared/ and renderer/ run outside Node: no node: imports.' };
const electron = { name: 'electron', message: "Only main/electron/**, main/index.ts and preload/ import 'electron'." };
const engines = ['monitor', 'drift', 'alerts', 'backup'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [nodeBuiltins, { group: ['../main/**', '../renderer/**', '../preload/**'], message: 'shared/ imports nothing of ours.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [electron], patterns: [nodeBuiltins, { group: ['**/main/**', '**/preload/**'], message: 'renderer/ talks to main only through the Api client.' }] },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'preload/ never imports from main/.' }] }],
    },
  },
  ...engines.map((engine) => ({
    files: [`main/${engine}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: engines
            .filter((other) => other !== engine)
            .map((other) => ({ group: [`**/${other}/**`, `../${other}`], message: 'Engines do not import each other: app.ts wires them.' })),
        },
      ],
    },
  })),
);
