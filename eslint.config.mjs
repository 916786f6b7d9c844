// ESLint flat config: typescript-eslint with type-aware rules (the project's tsconfig.json), for
// apps/, libs/, test/ and bench/. Run with `npm run lint`; .ci/run runs it before the tests, so an error fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // apps/web/src/gql is generated from schema.gql by GraphQL Code Generator.
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'scripts/node24/**',
      'graph/**',
      '.run/**',
      'bench/.data/**',
      'bench/results/**',
      'apps/web/src/gql/**',
      'web-screenshots/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    // apps/web is a browser project: the project service finds its own tsconfig (DOM types, JSX).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // React event handlers may be async (forms submit through a mutation); their promise is handled inside.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Nest injects by decorator metadata; classes with only static members are used as namespaces of constants.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Apollo plugin hooks and Nest lifecycle hooks are async by interface, with or without an await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read GraphQL answers as loosely typed JSON.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        setTimeout: 'readonly',
        require: 'readonly',
      },
    },
  },
  {
    // CommonJS is kept only where a tool loads the file with require() (Jest's snapshot resolver, the Neo4j ping).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
