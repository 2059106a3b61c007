/**
 * One steady-state measurement, run by bench/run.ts in a fresh process per variant: the handler is
 * invoked back to back, one invocation at a time as a Lambda function runs them, with garbage collection
 * left to V8 (no gc() anywhere). Each invocation is timed; the figure is the median of the second half,
 * when the code is optimised and the heap has found its rhythm. Prints one line of JSON.
 *
 *   node bench/steady-state.ts '{"variant":"sniffed","input":"bench/.inputs/large.png","mime":"image/png"}'
 *
 * Options in the JSON: `invocations` (at most, default 50,000), `minInvocations` (at least, default 5,000)
 * and `maxMs` (stop after this long once the minimum is reached, default 2500).
 */
import { readFileSync } from 'node:fs'
import { median, quantile } from './harness.ts'
import { subjectFor, type Variant } from './variants.ts'

interface Job {
  readonly variant: Variant
  readonly input?: string
  readonly mime?: string
  readonly invocations?: number
  readonly minInvocations?: number
  readonly maxMs?: number
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const { invocations = 50_000, minInvocations = 5000, maxMs = 2500 } = job
const bytes = job.input === undefined ? Buffer.alloc(0) : readFileSync(job.input)
const subject = await subjectFor(job.variant, bytes, job.mime ?? 'application/octet-stream')

subject.check(await subject.invoke())
const times: number[] = []
const start = performance.now()
for (let invocation = 0; invocation < invocations; invocation++) {
  const before = process.hrtime.bigint()
  await subject.invoke()
  times.push(Number(process.hrtime.bigint() - before))
  if (invocation + 1 >= minInvocations && performance.now() - start > maxMs) break
}
subject.check(await subject.invoke())

const secondHalf = times.slice(Math.floor(times.length / 2))
console.log(
  JSON.stringify({
    invocations: times.length,
    medianNs: median(secondHalf),
    p10Ns: quantile(secondHalf, 0.1),
    p90Ns: quantile(secondHalf, 0.9),
  }),
)
