/*
 * Jest's default runner for mutant runs, with one addition: once a test file has a failing test while a
 * mutant is active, the files after it are not loaded. Together with the fail-fast environment (which stops
 * within a file) a killed mutant costs the tests up to its first failure, not the load of every file
 * holding a covering test. Stryker counts a mutant killed when any test failed, and names that test.
 *
 * The files are handed to Jest's own in-band loop one at a time; those never started report nothing, and
 * the results of those that ran are reported as usual. Dry runs (no active mutant) run every file.
 */
import { createRequire } from 'node:module'
import type { TestResult } from '@jest/test-result'
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core'

const require = createRequire(import.meta.url)
// CommonJS; its default export is the runner class.
const { default: TestRunner } = require('jest-runner') as typeof import('jest-runner')

type Tests = Parameters<InstanceType<typeof TestRunner>['runTests']>[0]
type Watcher = Parameters<InstanceType<typeof TestRunner>['runTests']>[1]
type Options = Parameters<InstanceType<typeof TestRunner>['runTests']>[2]

export default class FailFastRunner extends TestRunner {
  override async runTests(tests: Tests, watcher: Watcher, options: Options): Promise<void> {
    const mutant = process.env[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE]
    if (mutant === undefined || mutant === '' || !options.serial) {
      return super.runTests(tests, watcher, options)
    }
    let failed = false
    const unsubscribe = this.on('test-file-success', ([, result]: [unknown, TestResult]) => {
      if (result.numFailingTests > 0 || result.testExecError !== undefined) failed = true
    })
    try {
      // One file at a time through Jest's own in-band loop, stopping after the first with a failure.
      for (const test of tests) {
        if (failed || watcher.isInterrupted()) break
        await super.runTests([test], watcher, options)
      }
    } finally {
      unsubscribe()
    }
  }
}
