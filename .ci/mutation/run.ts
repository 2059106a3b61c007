/*
 * Mutation testing in proportion to the change, with a committed baseline (.ci/mutation/baseline.json).
 *
 *   node .ci/mutation/run.ts refresh [--full] [stryker options]   (npm run test:mutation)
 *     Runs StrykerJS over src/, reusing every result of the baseline that the changes since leave valid
 *     (see inputs.ts for what counts as a change), or everything from scratch with --full or when a
 *     dependency, the configuration or this tooling changed. Writes the new baseline; commit it with the
 *     change it describes.
 *
 *   node .ci/mutation/run.ts check [--sample N]                   (npm run test:mutation:ci, in CI)
 *     Fails when the baseline is missing, was written by another Stryker, Node or fast-check setting, or
 *     does not describe the inputs as they are (any input added, removed or changed since); fails when it
 *     holds a runtime error, a compile error that is no type error, or a score below thresholds.break.
 *     Then tests N of its mutants again (24 by default, chosen from the baseline's own hash) and fails if
 *     any result differs: a baseline that claims what the code does not do is caught there.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type Baseline,
  baselineStatuses,
  compact,
  expand,
  FORMAT,
  mutantKey,
  type Report,
  type ReportMutant,
  serialize,
} from './baseline-file.ts'
import {
  compareInputs,
  dependentTests,
  type InputChanges,
  kindOf,
  readBlob,
  readInputs,
} from './inputs.ts'
import { describeVerdict, judge, type MutantResult } from './verdict.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BASELINE = '.ci/mutation/baseline.json'
const INCREMENTAL = 'reports/stryker-incremental.json'
/** Property tests run this many cases per mutant (10,000 in `npm test`): see property-runs.ts. */
const FAST_CHECK_NUM_RUNS = '1000'
const DEFAULT_SAMPLE = 24

const at = (file: string) => path.join(ROOT, file)
const readJson = <T>(file: string): T => JSON.parse(readFileSync(at(file), 'utf8')) as T
const versionOf = (pkg: string) =>
  readJson<{ version: string }>(`node_modules/${pkg}/package.json`).version

const producer = (): Record<string, string> => ({
  '@stryker-mutator/core': versionOf('@stryker-mutator/core'),
  '@stryker-mutator/jest-runner': versionOf('@stryker-mutator/jest-runner'),
  '@stryker-mutator/typescript-checker': versionOf('@stryker-mutator/typescript-checker'),
  node: process.versions.node,
  FAST_CHECK_NUM_RUNS,
})

const config = readJson<{ thresholds: { high: number; low: number; break: number } }>(
  'stryker.config.json',
)

const fail = (...lines: string[]): never => {
  console.error(lines.map((line) => `mutation: ${line}`).join('\n'))
  process.exit(1)
}

const loadBaseline = (): Baseline | undefined =>
  existsSync(at(BASELINE)) ? readJson<Baseline>(BASELINE) : undefined

const producerDifference = (baseline: Baseline): string | undefined => {
  const now = producer()
  const keys = new Set([...Object.keys(now), ...Object.keys(baseline.producer)])
  const differing = [...keys].filter((key) => now[key] !== baseline.producer[key])
  return differing.length === 0
    ? undefined
    : differing
        .map((key) => `${key} ${baseline.producer[key] ?? '(none)'} → ${now[key] ?? '(none)'}`)
        .join(', ')
}

const listChanges = (changes: InputChanges, limit = 20): string[] => {
  const all = [
    ...changes.changed.map((file) => `changed  ${file}`),
    ...changes.added.map((file) => `added    ${file}`),
    ...changes.removed.map((file) => `removed  ${file}`),
  ]
  return [
    ...all.slice(0, limit).map((line) => `  ${line}`),
    ...(all.length > limit ? [`  … and ${all.length - limit} more`] : []),
  ]
}

const runStryker = (args: string[]): void => {
  const started = performance.now()
  console.log(`mutation: stryker ${args.join(' ')}`)
  const result = spawnSync(
    process.execPath,
    [at('node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', ...args],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FAST_CHECK_NUM_RUNS } },
  )
  console.log(`mutation: stryker took ${((performance.now() - started) / 1000).toFixed(0)} s`)
  // Stryker exits 1 below thresholds.break; the report says more, so read it whatever the exit code.
  if (result.error !== undefined) fail(`could not start stryker: ${result.error.message}`)
}

const reportResults = (report: Report): MutantResult[] =>
  Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants.map((m: ReportMutant) => ({ ...m, file })),
  )

const writeExpanded = (report: Report) => {
  mkdirSync(path.dirname(at(INCREMENTAL)), { recursive: true })
  writeFileSync(at(INCREMENTAL), JSON.stringify(report))
}

const refresh = (args: string[]) => {
  const full = args.includes('--full')
  const strykerArgs = args.filter((arg) => arg !== '--full')
  const inputs = readInputs(ROOT)
  const baseline = loadBaseline()
  let reasonForFull: string | undefined = full ? 'asked for (--full)' : undefined
  let expanded: Report | undefined
  if (reasonForFull === undefined && baseline === undefined) reasonForFull = `no ${BASELINE} yet`
  if (reasonForFull === undefined && baseline !== undefined && baseline.format !== FORMAT) {
    reasonForFull = `${BASELINE} is in format ${baseline.format}, not ${FORMAT}`
  }
  const producerChange = baseline && producerDifference(baseline)
  if (reasonForFull === undefined && producerChange)
    reasonForFull = `a new producer: ${producerChange}`
  if (reasonForFull === undefined && baseline !== undefined) {
    const before = new Map(Object.entries(baseline.inputs))
    const changes = compareInputs(before, inputs)
    const touched = [...changes.changed, ...changes.added, ...changes.removed]
    const global = touched.filter((file) => kindOf(file) === 'global')
    const testInputs = touched.filter((file) => kindOf(file) === 'test-input')
    const tests = touched.filter((file) => kindOf(file) === 'test')
    const sources = touched.filter((file) => kindOf(file) === 'source')
    const dependents = dependentTests(ROOT, inputs, testInputs)
    if (global.length > 0) {
      reasonForFull = `what every result depends on changed: ${global.join(', ')}`
    } else if (dependents === undefined) {
      reasonForFull = `a changed test input is named by no test code: ${testInputs.join(', ')}`
    } else {
      const renewedTests = new Set([...tests, ...dependents])
      let lost = 0
      expanded = expand(
        baseline,
        {
          renewedTests,
          currentText: (file) => (inputs.has(file) ? readFileSync(at(file), 'utf8') : undefined),
          oldText: (file) => {
            const id = baseline.inputs[file]
            if (id === undefined) return undefined
            if (inputs.get(file) === id) return readFileSync(at(file), 'utf8')
            const text = readBlob(ROOT, id)
            if (text === undefined) lost++
            return text
          },
        },
        config.thresholds,
      )
      console.log(
        `mutation: incremental run from ${BASELINE}: ${sources.length} source file(s) changed` +
          `${sources.length > 0 ? ` (${sources.join(', ')})` : ''}; ${renewedTests.size} test file(s) ` +
          `count as new${renewedTests.size > 0 ? ` (${[...renewedTests].join(', ')})` : ''}` +
          `${testInputs.length > 0 ? `, through ${testInputs.join(', ')}` : ''}` +
          `${lost > 0 ? `; ${lost} earlier text(s) not in git, their results are redone` : ''}`,
      )
    }
  }
  if (reasonForFull !== undefined) {
    console.log(`mutation: full run, ${reasonForFull}`)
    rmSync(at(INCREMENTAL), { force: true })
  } else if (expanded !== undefined) {
    writeExpanded(expanded)
  }
  runStryker([
    '--incremental',
    '--incrementalFile',
    INCREMENTAL,
    ...(reasonForFull === undefined ? [] : ['--force']),
    ...strykerArgs,
  ])
  if (!existsSync(at(INCREMENTAL))) fail('stryker wrote no report: see its output above')
  const report = readJson<Report>(INCREMENTAL)
  const after = readInputs(ROOT)
  const drift = compareInputs(inputs, after)
  if (drift.changed.length + drift.added.length + drift.removed.length > 0) {
    fail('inputs changed while stryker ran; run it again:', ...listChanges(drift))
  }
  const written = compact(report, producer(), inputs)
  const text = serialize(written)
  writeFileSync(at(BASELINE), text)
  const verdict = judge(reportResults(report), config.thresholds.break)
  console.log(`mutation: ${describeVerdict(verdict)}`)
  console.log(
    `mutation: wrote ${BASELINE} (${(statSync(at(BASELINE)).size / 1024).toFixed(0)} KB, ` +
      `${written.tests.length} tests); commit it with the change it describes`,
  )
  if (verdict.problems.length > 0) fail(...verdict.problems)
}

/** A small seeded generator (mulberry32): the same baseline always picks the same sample. */
const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Killed and timed out are one outcome (detected); survived and not covered another. */
const outcome = (status: string) =>
  status === 'Killed' || status === 'Timeout'
    ? 'detected'
    : status === 'Survived' || status === 'NoCoverage'
      ? 'undetected'
      : status

const check = (args: string[]) => {
  const sampleArg = args.indexOf('--sample')
  const sampleSize = sampleArg >= 0 ? Number(args[sampleArg + 1]) : DEFAULT_SAMPLE
  if (!Number.isInteger(sampleSize) || sampleSize < 0) fail('--sample takes a whole number')
  const refreshHint = `run \`npm run test:mutation\` and commit ${BASELINE}`
  const baseline = loadBaseline()
  if (baseline === undefined) return fail(`no baseline (${BASELINE}): ${refreshHint}`)
  if (baseline.format !== FORMAT)
    fail(`${BASELINE} is in format ${baseline.format}: ${refreshHint}`)
  const producerChange = producerDifference(baseline)
  if (producerChange)
    fail(`${BASELINE} was written by another setup (${producerChange}): ${refreshHint}`)
  const changes = compareInputs(new Map(Object.entries(baseline.inputs)), readInputs(ROOT))
  const stale = changes.changed.length + changes.added.length + changes.removed.length
  if (stale > 0) {
    fail(
      `${BASELINE} is stale: ${stale} input(s) differ from the ones it describes; ${refreshHint}.`,
      ...listChanges(changes),
    )
  }
  const recorded = baselineStatuses(baseline)
  const verdict = judge(recorded, config.thresholds.break)
  console.log(`mutation: baseline is current; ${describeVerdict(verdict)}`)
  if (verdict.problems.length > 0) fail(...verdict.problems)
  if (sampleSize === 0) return

  // Test a sample again. Compile errors are included: the checker must agree too.
  const candidates = recorded.filter((m) => m.status !== 'Ignored')
  const digest = createHash('sha256')
    .update(readFileSync(at(BASELINE)))
    .digest()
  const random = seededRandom(digest.readInt32LE(0))
  const shuffled: MutantResult[] = [...candidates]
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[shuffled[i], shuffled[j]] = [shuffled[j] as MutantResult, shuffled[i] as MutantResult]
  }
  const sample = new Map<string, MutantResult>()
  for (const m of shuffled) {
    if (sample.size >= sampleSize) break
    sample.set(mutantKey(m.file, m), m)
  }
  // The baseline is current: every old text is the text on disk.
  const current = (file: string) => readFileSync(at(file), 'utf8')
  const texts = { renewedTests: new Set<string>(), oldText: current, currentText: current }
  writeExpanded(expand(baseline, texts, config.thresholds))
  // Stryker's ranges: lines from 1, columns from 0 (the report's columns start at 1).
  const ranges = [...sample.values()].map(
    ({ file, location: { start, end } }) =>
      `${file}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`,
  )
  runStryker([
    '--incremental',
    '--incrementalFile',
    INCREMENTAL,
    '--force',
    '--mutate',
    ranges.join(','),
    '--reporters',
    'clear-text,progress-append-only,json,html',
  ])
  const report = readJson<Report>(INCREMENTAL)
  const byKey = new Map(recorded.map((m) => [mutantKey(m.file, m), m]))
  const disagreements: string[] = []
  let compared = 0
  for (const m of reportResults(report)) {
    const key = mutantKey(m.file, m)
    if (!sample.has(key)) continue
    compared++
    const before = byKey.get(key)
    if (before === undefined || outcome(before.status) !== outcome(m.status)) {
      disagreements.push(`  ${key}: baseline ${before?.status ?? '(absent)'}, now ${m.status}`)
    }
  }
  const found = new Set(reportResults(report).map((m) => mutantKey(m.file, m)))
  for (const key of sample.keys()) {
    if (!found.has(key)) disagreements.push(`  ${key}: in the baseline, not found by stryker`)
  }
  const final = judge(reportResults(report), config.thresholds.break)
  console.log(`mutation: after the sample, ${describeVerdict(final)}`)
  if (disagreements.length > 0) {
    fail(
      `${disagreements.length} of ${sample.size} re-tested mutants disagree with ${BASELINE}; ` +
        `its results cannot be trusted: run \`npm run test:mutation -- --full\` and commit it.`,
      ...disagreements,
    )
  }
  if (final.problems.length > 0) fail(...final.problems)
  console.log(`mutation: ${compared} sampled mutants re-tested, all agree with ${BASELINE}`)
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'refresh') refresh(rest)
else if (command === 'check') check(rest)
else fail('usage: node .ci/mutation/run.ts refresh [--full] [stryker options] | check [--sample N]')
