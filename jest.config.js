// One jest run covers every TypeScript suite; the Go conformance and browser suites are
// jest tests too, so the summary line counts them all.
const swc = ['@swc/jest', {jsc: {parser: {syntax: 'typescript', tsx: true}, transform: {react: {runtime: 'classic'}}, target: 'es2022'}}];

module.exports = {
    projects: [
        {
            displayName: 'server',
            testEnvironment: 'node',
            roots: ['<rootDir>/server-bridge'],
            testMatch: ['**/*.test.ts'],
            transform: {'^.+\\.tsx?$': swc},
        },
        {
            displayName: 'webapp',
            testEnvironment: 'jsdom',
            roots: ['<rootDir>/webapp/src'],
            testMatch: ['**/*.test.ts', '**/*.test.tsx'],
            // react-intl and its formatjs dependencies ship ES modules only: compile them too.
            transform: {'^.+\\.(tsx?|m?js)$': swc},
            transformIgnorePatterns: ['/node_modules/(?!(react-intl|@formatjs|intl-messageformat)/)'],
            setupFilesAfterEnv: ['<rootDir>/webapp/jest.setup.ts'],
        },
        {
            displayName: 'cross',
            testEnvironment: 'node',
            roots: ['<rootDir>/test'],
            testMatch: ['**/*.test.ts'],
            testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/mattermost/'],
            transform: {'^.+\\.tsx?$': swc},
        },
        {
            // The real Mattermost server suite: one server for the whole file, run after the
            // others and in band (scripts/run-tests.js), so it has the machine to itself.
            displayName: 'mattermost',
            testEnvironment: 'node',
            roots: ['<rootDir>/test/mattermost'],
            testMatch: ['**/*.test.ts'],
            transform: {'^.+\\.tsx?$': swc},
        },
    ],
};
