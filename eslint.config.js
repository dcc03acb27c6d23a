// Lint rules. The import boundaries encode architecture decision 3: only the WhatsApp
// adapter (and the emulator, which plays Meta) may know WhatsApp's payloads.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'web/dist/', 'bench/.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/channels/whatsapp/**', 'src/emulator/**', 'src/main.ts', 'src/container.ts', 'src/app.ts', 'src/http/emulator.mount.ts', 'src/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/channels/whatsapp/**', '**/channels/whatsapp', '**/emulator/**'],
              message: 'Only the composition root may import the WhatsApp adapter or the emulator; use the channel port.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli.ts', 'scripts/**', 'bench/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
