/**
 * Small helpers of the benchmark: order statistics, single-call timing, and fresh Node processes.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export type Task = () => unknown

export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low)
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

/** Times single calls, `samples` times after warming up, and returns the median and the spread, in ns. */
export const timeEach = async (
  task: Task,
  samples = 41,
  warmup = 5,
): Promise<{ medianNs: number; p10Ns: number; p90Ns: number; maxNs: number }> => {
  for (let call = 0; call < warmup; call++) await task()
  const times: number[] = []
  for (let sample = 0; sample < samples; sample++) {
    const start = process.hrtime.bigint()
    await task()
    times.push(Number(process.hrtime.bigint() - start))
  }
  return {
    medianNs: median(times),
    p10Ns: quantile(times, 0.1),
    p90Ns: quantile(times, 0.9),
    maxNs: Math.max(...times),
  }
}

export const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Runs a script (a file, or ES module source with `source: true`) in a fresh Node process, with the
 * given Node flags, and returns the JSON its last line printed.
 */
export const inFreshProcess = <T>(
  script: string,
  args: readonly string[] = [],
  { flags = [], source = false }: { flags?: readonly string[]; source?: boolean } = {},
): T => {
  const child = spawnSync(
    process.execPath,
    [...flags, ...(source ? ['--input-type=module', '-e', script] : [script]), ...args],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  if (child.status !== 0) throw new Error(`${script.slice(0, 200)}\n${child.stderr}`)
  const lines = child.stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1] as string) as T
}

/** `items` rotated left by `by`: each round of a measurement starts with a different variant. */
export const rotated = <T>(items: readonly T[], by: number): T[] =>
  items.map((_item, index) => items[(index + by) % items.length] as T)

/** Prints a Markdown table under its title, each column as wide as its widest cell. */
export const table = (title: string, head: string[], rows: string[][]): void => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  console.log(`\n${title}\n`)
  console.log(line(head))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(row))
}
