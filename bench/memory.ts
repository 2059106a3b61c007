/**
 * Memory per invocation, run by bench/run.ts in a fresh process with --expose-gc: what one invocation
 * allocates beyond the base64 string it returns, read from process.memoryUsage() around it. Here, and only
 * here, the heap is collected before each sample: a difference of heap sizes means something only when the
 * heap holds nothing else that a collection inside the invocation could take away. (That is also why no
 * time is taken from this: a collection before each invocation makes the next large string be paged in
 * again, and the times would not be a Lambda's.) Prints one line of JSON.
 *
 *   node --expose-gc bench/memory.ts '{"variant":"sniffed","input":"bench/.inputs/large.png","mime":"image/png"}'
 */
import { readFileSync } from 'node:fs'
import { median, quantile } from './harness.ts'
import { subjectFor, type Variant } from './variants.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')
const job = JSON.parse(process.argv[2] ?? '{}') as { variant: Variant; input: string; mime: string }
const bytes = readFileSync(job.input)
const subject = await subjectFor(job.variant, bytes, job.mime)
subject.check(await subject.invoke())

const runs = 31
const heap: number[] = []
const external: number[] = []
const beyond: number[] = []
for (let run = -5; run < runs; run++) {
  gc()
  gc()
  const before = process.memoryUsage()
  const response = (await subject.invoke()) as { body: string }
  const after = process.memoryUsage()
  // A large one-byte string lives outside the V8 heap (an external string): it shows in `external`.
  if (run >= 0) {
    heap.push(after.heapUsed - before.heapUsed)
    external.push(after.external - before.external)
    beyond.push(
      after.heapUsed - before.heapUsed + after.external - before.external - response.body.length,
    )
  }
}
console.log(
  JSON.stringify({
    runs,
    base64Length: Math.ceil(bytes.length / 3) * 4,
    heap: median(heap),
    external: median(external),
    beyond: median(beyond),
    beyondP90: quantile(beyond, 0.9),
  }),
)
