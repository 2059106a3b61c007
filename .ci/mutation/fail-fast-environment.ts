/*
 * Jest's node environment, with one addition for mutant runs only: once a test has failed while a mutant is
 * active, every later test and describe block of that run is skipped.
 *
 * Why: a mutant is killed by its first failing test, and StrykerJS means to stop there (its `disableBail`
 * option is off by default), but its jest runner cannot make Jest bail. So a killed mutant ran all its
 * covering tests to the end, each failing; a mutant that breaks every response made hundreds of tests fail,
 * each failure message formatting large buffers and fast-check counterexamples, often past Stryker's
 * timeout. Stopping at the first failure gives the same verdict (killed, by that test) sooner.
 *
 * The dry run (no active mutant) and survivors (no failure) run exactly as before.
 */
import type { Circus } from '@jest/types'
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core'
import { TestEnvironment } from 'jest-environment-node'

/** The mutant of the run in which a test failed. Module state: Stryker runs files in band, one process. */
let failedUnder: string | undefined

const activeMutant = (): string | undefined =>
  process.env[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE]

export default class FailFastEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    const mutant = activeMutant()
    if (mutant === undefined || mutant === '') return
    if (event.name === 'test_done' && event.test.errors.length > 0) {
      failedUnder = mutant
    } else if (failedUnder === mutant) {
      if (event.name === 'test_start') event.test.mode = 'skip'
      if (event.name === 'run_describe_start') event.describeBlock.mode = 'skip'
    }
  }
}
