import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What core may not import (core/ports.ts declares what it needs instead): platform SDKs and
 * adapters, the outside world's implementations (llm/, charts/, io/, storage/, http/, app/,
 * delivery/, the scheduler's loop), the file system, and generated Prisma types.
 */
const CORE_FORBIDDEN = [
  'grammy',
  'grammy/*',
  '@grammyjs/*',
  '@larksuiteoapi/*',
  '@prisma/*',
  'exceljs',
  'echarts',
  '@resvg/*',
  'pino',
  'prom-client',
  'node:fs',
  'node:fs/*',
  'fs',
  'fs/*',
  '**/adapters/**',
  '**/llm/**',
  '**/charts/**',
  '**/io/**',
  '**/storage/**',
  '**/http/**',
  '**/app/**',
  '**/delivery/**',
  '**/schedule/scheduler*',
  '**/db/generated/**',
];

export default tseslint.config(
  { ignores: ['node_modules', 'src/db/generated', 'prisma/.derived', 'data', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The domain stays platform-free: no SDKs, no Prisma types, no I/O but through its ports.
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: CORE_FORBIDDEN }] },
  },
  {
    // Rules are pure on top: no database at all.
    files: ['src/core/rules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...CORE_FORBIDDEN, 'node:net', 'node:http', '**/db/**'] }] },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@prisma/*', '**/db/**', '**/generated/**'] }],
    },
  },
);
