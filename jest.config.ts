import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest'

const config: JestConfigWithTsJest = {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Source files import each other as './x.js' (what Node resolves after the build); tests load the .ts.
  // The examples import the package by its name; under test that is the source.
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^middy-binary-response$': '<rootDir>/src/index.ts',
  },
  collectCoverage: true,
  collectCoverageFrom: ['src/**/*.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: {
    global: { lines: 100, branches: 100, functions: 100, statements: 100 },
  },
}

export default config
