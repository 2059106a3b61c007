/*
 * StrykerJS test runner `jest-test-files`: the `jest` runner, except that a mutant's run loads only the test
 * files that hold the tests covering it.
 *
 * Why: Stryker's jest runner runs a mutant with `--findRelatedTests <the mutated file>` and a
 * `testNamePattern` made of the covering tests' names. Jest filters tests by name only after it has loaded
 * every related test file, and in ESM mode each one loads its imports again in a fresh module registry
 * (file-type, Middy, fast-check, the S3 client...). Most of a mutant's 5–7 s went there. The tests run are
 * the same: the same name pattern, over the files where the dry run saw those tests; a file with none of
 * them would have skipped all its tests anyway.
 *
 * How: the dry run reports each test's name (Jest's full name, which is also its Stryker id) and file.
 * The runner that did the dry run writes that map into the sandbox, which all runners share; a mutant run
 * reads it and hands Jest exactly those files. A test the map does not know (or no map at all) falls back
 * to the jest runner's own behaviour, so nothing is ever skipped.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { declareFactoryPlugin, type Injector, PluginKind } from '@stryker-mutator/api/plugin'
import type {
  DryRunOptions,
  DryRunResult,
  MutantRunOptions,
  MutantRunResult,
  TestRunner,
} from '@stryker-mutator/api/test-runner'
import { strykerPlugins as jestPlugins } from '@stryker-mutator/jest-runner'

/** Written in the sandbox (the runners' working directory), never in the project. */
const MAP_FILE = '.stryker-test-files.json'
/** With STRYKER_MUTANT_TIMES=<absolute path>, each mutant run appends a line: its tests, files and time. */
const TIMES_FILE = process.env.STRYKER_MUTANT_TIMES

interface RunSettings {
  testFiles?: string[] | undefined
  fileNamesUnderTest?: string[] | undefined
  [key: string]: unknown
}
interface TestAdapter {
  run(settings: RunSettings): Promise<unknown>
}
/** The parts of the jest runner this one relies on (Stryker 10's JestTestRunner). */
interface JestRunner extends TestRunner {
  jestTestAdapter: TestAdapter
}

const jest = jestPlugins.find((plugin) => plugin.name === 'jest')
if (jest === undefined || !('factory' in jest)) {
  throw new Error(
    'jest-test-files: @stryker-mutator/jest-runner no longer exports its "jest" plugin',
  )
}
const jestFactory = jest.factory as ((injector: Injector) => JestRunner) & { inject: unknown }

/** Jest takes test paths as regular expressions: match each file exactly. */
const exactly = (file: string): string => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`

class JestTestFilesRunner implements TestRunner {
  readonly #inner: JestRunner
  #filesByTest: Map<string, string[]> | undefined
  /** The files the next adapter call must load, set only around a mutant run. */
  #files: string[] | undefined

  constructor(inner: JestRunner) {
    this.#inner = inner
    const adapter = inner.jestTestAdapter
    if (typeof adapter?.run !== 'function') {
      throw new Error(
        'jest-test-files: the jest runner has no jestTestAdapter.run (Stryker changed)',
      )
    }
    inner.jestTestAdapter = {
      run: (settings) =>
        adapter.run(
          this.#files === undefined
            ? settings
            : { ...settings, testFiles: this.#files, fileNamesUnderTest: undefined },
        ),
    }
  }

  capabilities() {
    return this.#inner.capabilities()
  }

  async init(): Promise<void> {
    await this.#inner.init?.()
  }

  async dispose(): Promise<void> {
    await this.#inner.dispose?.()
  }

  async dryRun(options: DryRunOptions): Promise<DryRunResult> {
    const result = await this.#inner.dryRun(options)
    if (result.status === 'complete') {
      const map: Record<string, string[]> = {}
      for (const test of result.tests) {
        if (test.fileName === undefined) continue
        const files = map[test.id] ?? []
        if (!files.includes(test.fileName)) files.push(test.fileName)
        map[test.id] = files
      }
      writeFileSync(MAP_FILE, JSON.stringify(map))
      this.#filesByTest = new Map(Object.entries(map))
    }
    return result
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    this.#files = this.#filesFor(options.testFilter)
    const started = performance.now()
    try {
      const result = await this.#inner.mutantRun(options)
      if (TIMES_FILE !== undefined) {
        const line = {
          mutant: options.activeMutant.id,
          file: path.relative(process.cwd(), options.activeMutant.fileName),
          static: options.testFilter === undefined,
          tests: options.testFilter?.length,
          testFiles: this.#files?.length,
          status: result.status,
          ms: Math.round(performance.now() - started),
        }
        appendFileSync(TIMES_FILE, `${JSON.stringify(line)}\n`)
      }
      return result
    } finally {
      this.#files = undefined
    }
  }

  #filesFor(testFilter: readonly string[] | undefined): string[] | undefined {
    if (testFilter === undefined || testFilter.length === 0) return undefined
    if (this.#filesByTest === undefined && existsSync(MAP_FILE)) {
      this.#filesByTest = new Map(Object.entries(JSON.parse(readFileSync(MAP_FILE, 'utf8'))))
    }
    const files = new Set<string>()
    for (const id of testFilter) {
      const known = this.#filesByTest?.get(id)
      if (known === undefined) return undefined
      for (const file of known) files.add(exactly(path.resolve(file)))
    }
    return [...files]
  }
}

const jestTestFilesFactory = (injector: Injector): TestRunner =>
  new JestTestFilesRunner(jestFactory(injector))
jestTestFilesFactory.inject = jestFactory.inject

export const strykerPlugins = [
  declareFactoryPlugin(PluginKind.TestRunner, 'jest-test-files', jestTestFilesFactory as never),
]
