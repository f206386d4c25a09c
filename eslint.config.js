// Lint rules, including the walls between environments: shared/ is plain TypeScript,
// renderer/ is the browser, main/ is Node and never reaches into the renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'stream', 'zlib', 'events', 'util', 'buffer'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-output/', 'release/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['main/**', 'scripts/**', 'test/**', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'shared/ runs in every environment: no Node modules.' },
          { group: ['**/main/**', '**/renderer/**', 'electron', 'react', 'react-dom'], message: 'shared/ imports nothing from main/, renderer/ or a runtime.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer is sandboxed: no Node modules.' },
          { group: ['**/main/**', 'electron'], message: 'The renderer talks to main only through the IPC contract in shared/.' },
        ],
      }],
    },
  },
  {
    files: ['main/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }],
      }],
    },
  },
  {
    // Only the Electron shell touches Electron; the service under it runs in the harness and tests too.
    files: ['main/**'],
    ignores: ['main/app/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/renderer/**'], message: 'main/ never imports the renderer.' },
          { group: ['electron'], message: 'Only main/app/ (the Electron shell) imports electron.' },
        ],
      }],
    },
  },
  {
    // The wizard's component tests render in jsdom and build their data with Node.
    files: ['test/renderer/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
