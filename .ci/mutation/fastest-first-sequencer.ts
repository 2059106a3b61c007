/*
 * Jest's test sequencer for mutant runs: files that failed last time first (as Jest does), then the fastest
 * first, where Jest runs the slowest first. Jest does that so parallel workers finish together; a mutant run
 * is in band and, with the fail-fast environment, ends at its first failing test, so the cheap files
 * should have their chance to kill it before the property tests run their thousand cases. The order of
 * files changes nothing a test sees: each file has its own module registry.
 */
import { createRequire } from 'node:module'
import type { Test } from '@jest/test-result'

// A CommonJS module whose class is its `default` export: required, it is the same on every loader.
const { default: TestSequencer } = createRequire(import.meta.url)(
  '@jest/test-sequencer',
) as typeof import('@jest/test-sequencer')

export default class FastestFirstSequencer extends TestSequencer {
  override sort(tests: Test[]): Test[] {
    // Jest's cache of the last run of each file: [0 failed | 1 passed, duration in ms].
    const cached = (test: Test) => this._getCache(test)[test.path]
    const failed = (test: Test): number => (cached(test)?.[0] === 0 ? 0 : 1)
    // Files never timed go last, smallest first.
    const cost = (test: Test): [number, number] => {
      const duration = cached(test)?.[1]
      return duration === undefined
        ? [1, test.context.hasteFS.getSize(test.path) ?? 0]
        : [0, duration]
    }
    return [...tests].sort((a, b) => {
      const [unknownA, costA] = cost(a)
      const [unknownB, costB] = cost(b)
      return failed(a) - failed(b) || unknownA - unknownB || costA - costB
    })
  }
}
