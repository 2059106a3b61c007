/*
 * The inputs a mutation result depends on, and what a change to each means for the results already known.
 *
 * StrykerJS's incremental mode sees only two kinds of change: the code a mutant sits in (that mutant is
 * tested again) and the text of a test between its start and the next test's start (mutants it killed are
 * tested again; a new test covering a survivor tests the survivor again). It does not see the rest, so
 * each input falls in one of these kinds:
 *
 * - `source`: src/. Stryker's own mutant-level diff applies.
 * - `test`: a Jest test file. A changed one is handed to Stryker as new (all its tests new), because Stryker
 *   misses edits to a file's helpers, imports and describe-level code, which sit outside any test's span.
 * - `test-input`: anything else a test reads: support modules, fixtures, the examples. A change makes the
 *   test files that import or name it new, as above; a file no test code names means a full run.
 * - `global`: dependencies, configuration, this tooling: every result may change. A full run.
 * - ignored: files no unit test and no Stryker step reads (documentation, benchmarks, the e2e folder).
 *   Anything not listed as ignored counts, so a new kind of file errs on the side of a full run.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'

export type InputKind = 'source' | 'test' | 'test-input' | 'global'

/** Files and folders that feed neither the unit tests nor Stryker. */
const IGNORED = [
  /^(README|CHANGELOG|CONTRIBUTING|LICENSE)(\.md)?$/,
  /^(docs|bench|e2e)\//,
  /^\.ci\/run$/,
  /^\.ci\/mutation\/baseline\.json$/,
  /^\.ci\/mutation\/tsconfig\.json$/,
  // Judges results, produces none.
  /^\.ci\/mutation\/verdict\.ts$/,
  /^\.gitignore$/,
  /^biome\.json$/,
  /^tsconfig\.build\.json$/,
]

export const kindOf = (file: string): InputKind | undefined => {
  if (IGNORED.some((pattern) => pattern.test(file))) return undefined
  if (file.startsWith('src/')) return 'source'
  if (/^__tests__\/.*\.test\.ts$/.test(file)) return 'test'
  if (file.startsWith('__tests__/') || file.startsWith('examples/')) return 'test-input'
  return 'global'
}

/** Git's blob id of these bytes: the same id `git hash-object` prints, so `git cat-file` finds them. */
export const blobId = (bytes: Uint8Array): string =>
  createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex')

/**
 * package.json without its `scripts`: no test reads them, and the mutation scripts only call this tooling,
 * which is an input of its own. Hashed as text, so its id names no blob.
 */
const packageJsonId = (bytes: Uint8Array): string => {
  const { scripts: _scripts, ...rest } = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<
    string,
    unknown
  >
  return `json:${createHash('sha1').update(JSON.stringify(rest)).digest('hex')}`
}

const git = (root: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })

/**
 * Every input of the project at `root`, with its id: the files git tracks, and new files not yet added in
 * src/, __tests__/ and examples/ (a stray untracked file elsewhere is no input: CI's clone would not have
 * it).
 */
export const readInputs = (root: string): Map<string, string> => {
  const list = (...args: string[]) => git(root, 'ls-files', '-z', ...args).split('\0')
  const files = [
    ...new Set([
      ...list('--cached'),
      ...list('--others', '--exclude-standard', '--', 'src', '__tests__', 'examples'),
    ]),
  ]
    .filter((file) => file !== '' && kindOf(file) !== undefined)
    .sort()
  const inputs = new Map<string, string>()
  for (const file of files) {
    let bytes: Buffer
    try {
      bytes = readFileSync(path.join(root, file))
    } catch {
      continue // listed by git but deleted from the work tree
    }
    inputs.set(file, file === 'package.json' ? packageJsonId(bytes) : blobId(bytes))
  }
  return inputs
}

/** The text of a blob git knows, or `undefined` (never committed, or a shallow clone). */
export const readBlob = (root: string, id: string): string | undefined => {
  if (!/^[0-9a-f]{40}$/.test(id)) return undefined
  try {
    return execFileSync('git', ['cat-file', 'blob', id], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch {
    return undefined
  }
}

export interface InputChanges {
  readonly added: string[]
  readonly removed: string[]
  readonly changed: string[]
}

export const compareInputs = (
  before: ReadonlyMap<string, string>,
  now: ReadonlyMap<string, string>,
): InputChanges => ({
  added: [...now.keys()].filter((file) => !before.has(file)),
  removed: [...before.keys()].filter((file) => !now.has(file)),
  changed: [...now.keys()].filter((file) => before.has(file) && before.get(file) !== now.get(file)),
})

const CODE = /\.[cm]?[jt]s$/

/** The relative files a code file imports, resolved as Jest's moduleNameMapper does (`./x.js` → `./x.ts`). */
const importsOf = (file: string, text: string, inputs: ReadonlySet<string>): string[] => {
  const found: string[] = []
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1] ?? ''))
    for (const candidate of [target, target.replace(/\.js$/, '.ts'), `${target}.ts`]) {
      if (inputs.has(candidate)) {
        found.push(candidate)
        break
      }
    }
  }
  return found
}

/**
 * The test files that depend on the changed test inputs: those that import them (directly or through other
 * modules) or that name them (a fixture read by name, in a test or a support module they import).
 * `undefined` when a changed input is named by no code at all: then nobody can say who reads it.
 */
export const dependentTests = (
  root: string,
  inputs: ReadonlyMap<string, string>,
  changedTestInputs: readonly string[],
): Set<string> | undefined => {
  const files = new Set(inputs.keys())
  const code = [...files].filter(
    (file) => CODE.test(file) && (kindOf(file) === 'test' || kindOf(file) === 'test-input'),
  )
  const texts = new Map(code.map((file) => [file, readFileSync(path.join(root, file), 'utf8')]))
  // Reverse edges: who imports or names a file.
  const users = new Map<string, Set<string>>()
  const use = (used: string, user: string) => {
    const set = users.get(used) ?? new Set<string>()
    set.add(user)
    users.set(used, set)
  }
  for (const [file, text] of texts) {
    for (const imported of importsOf(file, text, files)) use(imported, file)
  }
  const dependents = new Set<string>()
  const queue: string[] = []
  for (const changed of changedTestInputs) {
    if (!CODE.test(changed)) {
      // A data file: whoever names it (its file name, or its name without the extension).
      const base = path.posix.basename(changed)
      const stem = base.replace(/\.[^.]+$/, '')
      const namers = [...texts].filter(([, text]) => text.includes(base) || text.includes(stem))
      if (namers.length === 0) return undefined
      for (const [namer] of namers) use(changed, namer)
    }
    queue.push(changed)
  }
  const seen = new Set<string>()
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    if (kindOf(file) === 'test') dependents.add(file)
    for (const user of users.get(file) ?? []) queue.push(user)
  }
  return dependents
}
