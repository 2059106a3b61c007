/*
 * The committed mutation baseline, and its two conversions to and from StrykerJS's incremental report.
 *
 * Stryker's incremental file is its full JSON report: every source and test file's text, each mutant's
 * failure message (a stack trace with the machine's paths, hundreds of MB when tests print large buffers),
 * the config. To reuse a result Stryker needs much less: per mutant its file, location, mutator,
 * replacement, status and the tests that killed it (or, for one not killed, the tests that covered it);
 * per test its file, position and name; and the old text of each file, to diff against. The baseline
 * keeps exactly that, minus the texts: it records each input's git blob id instead, and the texts come
 * back from git (or from the work tree, when unchanged) when the report is rebuilt.
 *
 * One mutant or test per line, so a refresh shows in a diff as the mutants and tests that changed.
 */
export const FORMAT = 'mutation-baseline/1'

/** Stryker's result statuses, one letter each. */
const STATUS_LETTERS = {
  Killed: 'K',
  Timeout: 'T',
  Survived: 'S',
  NoCoverage: 'N',
  CompileError: 'C',
  RuntimeError: 'R',
  Ignored: 'I',
  Pending: 'P',
} as const
export type Status = keyof typeof STATUS_LETTERS
type Letter = (typeof STATUS_LETTERS)[Status]
const STATUS_OF_LETTER = Object.fromEntries(
  Object.entries(STATUS_LETTERS).map(([status, letter]) => [letter, status]),
) as Record<Letter, Status>

export interface Position {
  line: number
  column: number
}
/** The parts of Stryker's JSON report (mutation-testing-report-schema 1.x) this tooling reads. */
export interface ReportMutant {
  id: string
  mutatorName: string
  replacement?: string
  location: { start: Position; end: Position }
  status: Status
  statusReason?: string
  killedBy?: string[]
  coveredBy?: string[]
  static?: boolean
}
export interface ReportTest {
  id: string
  name: string
  location?: { start: Position; end?: Position }
}
export interface Report {
  schemaVersion: string
  thresholds: { high: number; low: number; break?: number | null }
  files: Record<string, { language: string; source: string; mutants: ReportMutant[] }>
  testFiles?: Record<string, { source?: string; tests: ReportTest[] }>
  framework?: { name: string; version: string; dependencies?: Record<string, string> }
}

/**
 * [line, column, end line, end column, mutator, replacement, status, detail]: the detail is the indexes of
 * the tests that killed it (killed) or covered it (survived, timed out, not covered), and for a compile
 * error the first type error, `file(line,column): TSnnnn`, without its message.
 */
export type BaselineMutant = [
  number,
  number,
  number,
  number,
  string,
  string,
  Letter,
  number[] | string,
]
/** [file, line, column, name]: a test's index in the list is its id. */
export type BaselineTest = [string, number, number, string]

export interface Baseline {
  format: typeof FORMAT
  /** What produced the results: a different Stryker, Node or fast-check setting is a different run. */
  producer: Record<string, string>
  /** Every input (see inputs.ts) and its git blob id, at the start of the run that wrote this. */
  inputs: Record<string, string>
  tests: BaselineTest[]
  mutants: Record<string, BaselineMutant[]>
}

/** Which test ids a mutant's entry keeps: its killers when killed, its covering tests otherwise. */
const testsKept = (mutant: ReportMutant): string[] => {
  switch (mutant.status) {
    case 'Killed':
      return mutant.killedBy ?? []
    case 'Survived':
    case 'Timeout':
    case 'NoCoverage':
      return mutant.coveredBy ?? []
    default:
      // A compile error depends on no test; runtime errors and ignored mutants are never reused.
      return []
  }
}

/** The first `file(line,column): error TSnnnn` of a type checker's message, without the message. */
export const firstTypeError = (reason: string | undefined): string => {
  const match = /([^\s(]+\(\d+,\d+\)):(?: error)? (TS\d+)/.exec(reason ?? '')
  return match === null ? '' : `${match[1]}: ${match[2]}`
}

export const compact = (
  report: Report,
  producer: Record<string, string>,
  inputs: ReadonlyMap<string, string>,
): Baseline => {
  // Only the tests a result names are kept: no other test takes part in Stryker's reuse decision, and
  // Stryker carries tests that no longer exist into its report (as "not run this time").
  const named = new Set(
    Object.values(report.files).flatMap(({ mutants }) => mutants.flatMap(testsKept)),
  )
  const tests: BaselineTest[] = []
  const indexOfTest = new Map<string, number>()
  for (const [file, { tests: fileTests }] of Object.entries(report.testFiles ?? {}).sort(byKey)) {
    for (const test of fileTests) {
      if (!named.has(test.id)) continue
      indexOfTest.set(test.id, tests.length)
      const start = test.location?.start ?? { line: 0, column: 0 }
      tests.push([file, start.line, start.column, test.name])
    }
  }
  const mutants: Record<string, BaselineMutant[]> = {}
  for (const [file, { mutants: fileMutants }] of Object.entries(report.files).sort(byKey)) {
    mutants[file] = fileMutants
      .map((mutant): BaselineMutant => {
        const { start, end } = mutant.location
        const kept =
          mutant.status === 'CompileError'
            ? firstTypeError(mutant.statusReason)
            : testsKept(mutant)
                .map((id) => indexOfTest.get(id))
                .filter((index) => index !== undefined)
                .sort((a, b) => a - b)
        return [
          start.line,
          start.column,
          end.line,
          end.column,
          mutant.mutatorName,
          mutant.replacement ?? mutant.mutatorName,
          STATUS_LETTERS[mutant.status],
          kept,
        ]
      })
      .sort(byLocation)
  }
  return { format: FORMAT, producer, inputs: Object.fromEntries(inputs), tests, mutants }
}

/** How the rebuilt report treats a file's earlier results. */
export interface FileTexts {
  /** The text a file had when the baseline was written, or `undefined` when it cannot be had. */
  oldText(file: string): string | undefined
  /** The text a file has now, or `undefined` when it is gone. */
  currentText(file: string): string | undefined
  /** Test files whose tests must count as new: changed, or depending on a changed test input. */
  readonly renewedTests: ReadonlySet<string>
}

/**
 * The incremental report Stryker reads back. A source file whose old text is gone is left out: its mutants
 * are tested again. The tests of a renewed test file kill nothing and cover nothing in it: a mutant they
 * killed is tested again, and so is a survivor they cover now. (They stay listed, under the file's current
 * text, only so that a compile error, which no test decides, is not checked again.)
 */
export const expand = (baseline: Baseline, texts: FileTexts, thresholds: Report['thresholds']) => {
  const testFiles: NonNullable<Report['testFiles']> = {}
  const liveTests = new Set<number>()
  const trustedTests = new Set<number>()
  baseline.tests.forEach(([file, line, column, name], index) => {
    const renewed = texts.renewedTests.has(file)
    const source = renewed ? texts.currentText(file) : texts.oldText(file)
    if (source === undefined) return
    const entry = testFiles[file] ?? { source, tests: [] }
    entry.tests.push(
      line === 0
        ? { id: String(index), name }
        : { id: String(index), name, location: { start: { line, column } } },
    )
    testFiles[file] = entry
    liveTests.add(index)
    if (!renewed) trustedTests.add(index)
  })
  const allTests = [...liveTests].map(String)
  const files: Report['files'] = {}
  for (const [file, mutants] of Object.entries(baseline.mutants)) {
    const source = texts.oldText(file)
    if (source === undefined) continue
    files[file] = {
      language: 'typescript',
      source,
      mutants: mutants.flatMap(
        ([line, column, endLine, endColumn, mutatorName, replacement, letter, kept], index) => {
          const status = STATUS_OF_LETTER[letter]
          if (status === 'RuntimeError' || status === 'Pending') return []
          const tests =
            typeof kept === 'string' ? [] : kept.filter((t) => liveTests.has(t)).map(String)
          const mutant: ReportMutant = {
            id: `${file}#${index}`,
            mutatorName,
            replacement,
            location: { start: { line, column }, end: { line: endLine, column: endColumn } },
            status,
          }
          if (status === 'Killed') {
            if (tests.length === 0) return [] // its killers are renewed or gone: test it again
            mutant.killedBy = tests
          } else if (status === 'CompileError') {
            // Type errors come from the sources alone: no covering test is ever "added" to one.
            mutant.coveredBy = allTests
            if (typeof kept === 'string') mutant.statusReason = kept
          } else {
            mutant.coveredBy = tests
          }
          return [mutant]
        },
      ),
    }
  }
  return { schemaVersion: '1.0', thresholds, files, testFiles } satisfies Report
}

/** Statuses of the mutants of a baseline, by file, for the checks and the sample. */
export const baselineStatuses = (baseline: Baseline) =>
  Object.entries(baseline.mutants).flatMap(([file, mutants]) =>
    mutants.map(([line, column, endLine, endColumn, mutatorName, replacement, letter, detail]) => ({
      file,
      location: { start: { line, column }, end: { line: endLine, column: endColumn } },
      mutatorName,
      replacement,
      status: STATUS_OF_LETTER[letter],
      typeError: typeof detail === 'string' ? detail : undefined,
    })),
  )

/** Mutants are the same mutant when file, location, mutator and replacement agree (as for Stryker). */
export const mutantKey = (
  file: string,
  m: {
    location: { start: Position; end: Position }
    mutatorName: string
    replacement?: string | undefined
  },
): string =>
  `${file}@${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName}: ${m.replacement ?? m.mutatorName}`

/** One line per mutant and per test, the rest indented as usual. */
export const serialize = (baseline: Baseline): string => {
  const lines = (entries: unknown[], indent: string) =>
    entries.map((entry) => `${indent}${JSON.stringify(entry)}`).join(',\n')
  const mutants = Object.entries(baseline.mutants)
    .map(([file, list]) => `    ${JSON.stringify(file)}: [\n${lines(list, '      ')}\n    ]`)
    .join(',\n')
  return `{
  "format": ${JSON.stringify(baseline.format)},
  "producer": ${JSON.stringify(baseline.producer)},
  "inputs": {
${Object.entries(baseline.inputs)
  .map(([file, id]) => `    ${JSON.stringify(file)}: ${JSON.stringify(id)}`)
  .join(',\n')}
  },
  "tests": [
${lines(baseline.tests, '    ')}
  ],
  "mutants": {
${mutants}
  }
}
`
}

const byKey = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0)
const byLocation = (a: BaselineMutant, b: BaselineMutant): number =>
  a[0] - b[0] ||
  a[1] - b[1] ||
  a[2] - b[2] ||
  a[3] - b[3] ||
  (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0) ||
  (a[5] < b[5] ? -1 : a[5] > b[5] ? 1 : 0)
