import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
    {ignores: ['node_modules/', 'dist/', 'build/', 'webapp/dist/', 'test/out/', 'coverage/', '**/*.go']},
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {globals: {...globals.node, ...globals.jest}},
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
            '@typescript-eslint/no-require-imports': 'off',
            'no-constant-condition': ['error', {checkLoops: false}],
        },
    },
    {
        files: ['webapp/**/*.{ts,tsx}', 'test/preview/page/**/*.{ts,tsx}'],
        plugins: {react, 'react-hooks': reactHooks},
        languageOptions: {globals: {...globals.browser}},
        settings: {react: {version: '17.0'}},
        rules: {
            ...react.configs.recommended.rules,
            'react-hooks/rules-of-hooks': 'error',
            'react-hooks/exhaustive-deps': 'warn',
            'react/prop-types': 'off',
        },
    },
);
