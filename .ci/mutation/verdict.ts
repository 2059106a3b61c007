/*
 * What a set of mutant results says, and whether it passes: the score as Stryker computes it (killed and
 * timed out over every mutant that ran: killed, timed out, survived, not covered), and two checks Stryker
 * does not make, because it leaves errors out of the score:
 *
 * - No runtime error. A mutant whose run errored (a test file that cannot load, or Jest refusing the
 *   name pattern built from the covering tests' names) was never tested, yet the score does not show it.
 * - Every compile error is a type error in src/ reported by the checker. Anything else means the checker
 *   itself is broken and is hiding mutants from the score.
 */
import type { Position, Status } from './baseline-file.ts'

export interface MutantResult {
  file: string
  location: { start: Position; end: Position }
  mutatorName: string
  replacement?: string | undefined
  status: Status
  /** Stryker's message (from its report), or the first type error (from the baseline). */
  statusReason?: string | undefined
  typeError?: string | undefined
}

export interface Verdict {
  counts: Record<Status, number>
  score: number
  problems: string[]
}

const TYPE_ERROR_IN_SOURCES = /(?:^|\s)src\/[^\s(]+\(\d+,\d+\):(?: error)? TS\d+/

const where = (m: MutantResult) =>
  `${m.file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '').slice(0, 60)}`

export const judge = (results: readonly MutantResult[], breakAt: number): Verdict => {
  const counts: Record<Status, number> = {
    Killed: 0,
    Timeout: 0,
    Survived: 0,
    NoCoverage: 0,
    CompileError: 0,
    RuntimeError: 0,
    Ignored: 0,
    Pending: 0,
  }
  for (const result of results) counts[result.status]++
  const detected = counts.Killed + counts.Timeout
  const valid = detected + counts.Survived + counts.NoCoverage
  const score = valid === 0 ? 0 : (100 * detected) / valid
  const problems: string[] = []
  const errored = results.filter((m) => m.status === 'RuntimeError' || m.status === 'Pending')
  if (errored.length > 0) {
    problems.push(
      `${errored.length} mutant(s) were never tested (runtime error): the score leaves them out. First ones:`,
      ...errored
        .slice(0, 10)
        .map((m) => `  ${where(m)}: ${(m.statusReason ?? '').split('\n')[0]?.slice(0, 160)}`),
    )
    if (errored.some((m) => m.statusReason?.startsWith('Invalid regular expression'))) {
      problems.push(
        "Jest refused the test name pattern Stryker builds from the covering tests' names: a test name " +
          'embeds large data (name the case, not its data).',
      )
    }
  }
  const strange = results.filter(
    (m) =>
      m.status === 'CompileError' &&
      !TYPE_ERROR_IN_SOURCES.test(` ${m.statusReason ?? ''} ${m.typeError ?? ''}`),
  )
  if (strange.length > 0) {
    problems.push(
      `${strange.length} compile error(s) are not type errors in src/ (a broken checker?). First ones:`,
      ...strange
        .slice(0, 10)
        .map((m) => `  ${where(m)}: ${(m.statusReason ?? m.typeError ?? '').slice(0, 160)}`),
    )
  }
  if (valid === 0) problems.push('no mutant was tested at all')
  else if (score < breakAt) {
    problems.push(`mutation score ${score.toFixed(2)}% is below thresholds.break (${breakAt}%)`)
    for (const m of results.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage')) {
      problems.push(`  ${m.status}: ${where(m)}`)
    }
  }
  return { counts, score, problems }
}

export const describeVerdict = ({ counts, score }: Verdict): string =>
  `mutation score ${score.toFixed(2)}%: ${counts.Killed} killed + ${counts.Timeout} timed out of ` +
  `${counts.Killed + counts.Timeout + counts.Survived + counts.NoCoverage} mutants tested ` +
  `(${counts.Survived} survived, ${counts.NoCoverage} not covered); ` +
  `${counts.CompileError} compile errors, ${counts.RuntimeError} runtime errors, ${counts.Ignored} ignored`
