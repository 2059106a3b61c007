/**
 * A small side-by-side timing harness. The machine this runs on is shared and noisy, so two variants are
 * never timed minutes apart: each round times both, one right after the other (in alternating order), and
 * the ratio is taken within the round, from the fastest of a few alternating samples of each. The figure
 * reported is the median over rounds; the spread is the 10th to 90th percentile of the per-round ratios.
 */

export type Task = () => unknown

export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low)
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

/** Mean time of one call, in nanoseconds, over `calls` calls run back to back. */
const timeCalls = async (task: Task, calls: number): Promise<number> => {
  const start = process.hrtime.bigint()
  for (let call = 0; call < calls; call++) await task()
  return Number(process.hrtime.bigint() - start) / calls
}

/**
 * A sample for compare(), started from a collected heap (with --expose-gc), so that a collection the
 * previous sample's garbage made necessary does not land in this one: megabyte-sized base64 strings make
 * that likely. Single-call timings (timeEach) skip it: a call right after a full collection is slower.
 */
const sampleCalls = (task: Task, calls: number): Promise<number> => {
  ;(globalThis as { gc?: () => void }).gc?.()
  return timeCalls(task, calls)
}

/** How many calls fill about `targetMs`, so that timer resolution and the loop are negligible. */
const callsFor = async (task: Task, targetMs: number): Promise<number> => {
  let calls = 1
  for (;;) {
    const ns = (await timeCalls(task, calls)) * calls
    if (ns >= targetMs * 1e6 || calls >= 1 << 20)
      return Math.max(1, Math.round((calls * targetMs * 1e6) / ns))
    calls *= 2
  }
}

export interface Comparison {
  /** Median time of one call of the baseline, nanoseconds. */
  readonly baselineNs: number
  /** Median time of one call of the candidate, nanoseconds. */
  readonly candidateNs: number
  /** Median over rounds of candidate / baseline, measured side by side. */
  readonly ratio: number
  /** 10th and 90th percentile of the per-round ratios. */
  readonly spread: readonly [number, number]
  readonly rounds: number
}

export interface CompareOptions {
  readonly rounds?: number
  /** Samples of each variant per round, alternating; the fastest of each counts. */
  readonly repeats?: number
  /** How long each variant runs per round. */
  readonly sampleMs?: number
  readonly warmupMs?: number
}

export const compare = async (
  baseline: Task,
  candidate: Task,
  { rounds = 30, repeats = 3, sampleMs = 10, warmupMs = 200 }: CompareOptions = {},
): Promise<Comparison> => {
  // Warm both (JIT, inline caches) before calibrating; one call count serves both, so each round does the
  // same work for both variants.
  for (const task of [baseline, candidate]) {
    const start = performance.now()
    while (performance.now() - start < warmupMs) await task()
  }
  const calls = await callsFor(baseline, sampleMs)
  const baselines: number[] = []
  const candidates: number[] = []
  const ratios: number[] = []
  for (let round = 0; round < rounds; round++) {
    // Within a round each variant runs `repeats` times, alternating; its fastest sample counts, which
    // drops the samples another process on the machine interrupted.
    let a = Number.POSITIVE_INFINITY
    let b = Number.POSITIVE_INFINITY
    for (let repeat = 0; repeat < repeats; repeat++) {
      if ((round + repeat) % 2 === 0) {
        a = Math.min(a, await sampleCalls(baseline, calls))
        b = Math.min(b, await sampleCalls(candidate, calls))
      } else {
        b = Math.min(b, await sampleCalls(candidate, calls))
        a = Math.min(a, await sampleCalls(baseline, calls))
      }
    }
    baselines.push(a)
    candidates.push(b)
    ratios.push(b / a)
  }
  return {
    baselineNs: median(baselines),
    candidateNs: median(candidates),
    ratio: median(ratios),
    spread: [quantile(ratios, 0.1), quantile(ratios, 0.9)],
    rounds,
  }
}

/** Times single calls, `samples` times after warming up, and returns the median and the spread, in ns. */
export const timeEach = async (
  task: Task,
  samples = 41,
  warmup = 5,
): Promise<{ medianNs: number; p10Ns: number; p90Ns: number; maxNs: number }> => {
  for (let call = 0; call < warmup; call++) await task()
  const times: number[] = []
  for (let sample = 0; sample < samples; sample++) times.push(await timeCalls(task, 1))
  return {
    medianNs: median(times),
    p10Ns: quantile(times, 0.1),
    p90Ns: quantile(times, 0.9),
    maxNs: Math.max(...times),
  }
}
