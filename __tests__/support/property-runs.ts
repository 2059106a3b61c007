/**
 * fast-check settings shared by the property tests: 10,000 generated cases each in `npm test`.
 *
 * `npm run test:mutation` sets FAST_CHECK_NUM_RUNS lower, and stops a property at its first failure
 * without shrinking: a mutant is killed by any counterexample, and the mutation run repeats the covering
 * tests once per mutant. Fewer cases can only let more mutants survive, so the score it reports is a floor.
 */
const fromEnvironment = Number(process.env.FAST_CHECK_NUM_RUNS)
const reduced = Number.isSafeInteger(fromEnvironment) && fromEnvironment > 0

export const PROPERTY_RUNS = reduced
  ? { numRuns: fromEnvironment, endOnFailure: true }
  : { numRuns: 10_000 }
