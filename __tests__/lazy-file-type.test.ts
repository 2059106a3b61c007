/**
 * file-type is imported at the first detection that needs it. These tests build a handler the ways users
 * deploy one (the npm layout, and esbuild bundles as ESM, with and without code splitting, and as
 * CommonJS), run each in a fresh Node process, and check that every one names the types and returns the
 * bytes, and that where loading can be seen (a separate module or chunk) file-type is loaded only when a
 * response needs it.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type BuildOptions, build } from 'esbuild'
import { readFixture } from './support/fixtures.js'

const root = fileURLToPath(new URL('..', import.meta.url))
// Inside node_modules, so that the npm-layout build finds its dependencies as an installed package would.
const outRoot = `${root}node_modules/.cache/lazy-file-type-test/`
const BUILD_TIMEOUT = 60_000

/** The README's banner for ESM bundles: CommonJS dependencies require() Node's built-ins through it. */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"

const handlerSource = `import middy from '@middy/core'
import { binaryResponse } from ${JSON.stringify(`${root}src/index.ts`)}
export const handler = middy(async (event) => Buffer.from(event.body, 'base64')).use(binaryResponse())
`

/** In the order they are sent: first the types named without file-type, then two that need it. */
const RESPONSES = [
  ['image.png', 'image/png'],
  ['image.jpg', 'image/jpeg'],
  ['document.pdf', 'application/pdf'],
  ['sound.wav', 'audio/wav'],
  ['document.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
] as const
const FIRST_NEEDING_FILE_TYPE = 3

/**
 * Run in the child: records every module Node loads, imports the handler, then sends each response and
 * says after each whether a module matching the pattern had been loaded.
 */
const runner = `
import { registerHooks } from 'node:module'
const loaded = []
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context) } })
const { file, pattern, bodies } = JSON.parse(process.env.BUNDLE_RUN)
const seen = () => loaded.some((url) => url.includes(pattern))
const module = await import(file)
const handler = module.handler ?? module.default.handler
const results = [{ loaded: seen() }]
for (const body of bodies) {
  const event = { httpMethod: 'GET', path: '/', headers: { Accept: '*/*' }, requestContext: {}, body }
  try {
    const response = await handler(event, { getRemainingTimeInMillis: () => 3000 })
    results.push({ type: response.headers['Content-Type'], same: response.body === body, loaded: seen() })
  } catch (error) {
    results.push({ error: String(error), loaded: seen() })
  }
}
console.log(JSON.stringify(results))
`

interface Outcome {
  readonly type?: string
  readonly same?: boolean
  readonly error?: string
  readonly loaded: boolean
}

const run = (file: string, pattern: string): Outcome[] => {
  const bodies = RESPONSES.map(([fixture]) => readFixture(fixture).toString('base64'))
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', runner], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      BUNDLE_RUN: JSON.stringify({ file, pattern, bodies }),
    },
  })
  if (child.status !== 0) throw new Error(child.stderr)
  return JSON.parse(child.stdout) as Outcome[]
}

/** Builds the handler into its own folder; returns its entry file and the output holding file-type. */
const bundle = async (
  name: string,
  options: BuildOptions,
): Promise<{ entry: string; fileTypeOutput: string }> => {
  const outdir = `${outRoot}${name}`
  mkdirSync(outdir, { recursive: true })
  const extension = options.format === 'cjs' ? '.cjs' : '.mjs'
  const result = await build({
    stdin: { contents: handlerSource, resolveDir: root, loader: 'ts', sourcefile: 'handler.ts' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    outdir,
    entryNames: 'handler',
    outExtension: { '.js': extension },
    metafile: true,
    logLevel: 'silent',
    ...options,
  })
  const outputs = Object.entries(result.metafile?.outputs ?? {})
  const holding = outputs.find(([, output]) =>
    Object.keys(output.inputs).some((input) => input.includes('node_modules/file-type/')),
  )
  return {
    entry: pathToFileURL(`${outdir}/handler${extension}`).href,
    // In the npm layout file-type is not in the output: it is loaded from node_modules.
    fileTypeOutput:
      holding === undefined ? '/node_modules/file-type/' : `/${holding[0].split('/').pop()}`,
  }
}

const VARIANTS: ReadonlyArray<[string, BuildOptions, boolean]> = [
  // [variant, build options, whether loading file-type shows as loading a module of its own]
  ['npm layout (dependencies installed)', { format: 'esm', packages: 'external' }, true],
  ['ESM bundle', { format: 'esm', banner: { js: CREATE_REQUIRE_BANNER } }, false],
  [
    'ESM bundle with code splitting',
    { format: 'esm', splitting: true, banner: { js: CREATE_REQUIRE_BANNER } },
    true,
  ],
  ['CommonJS bundle', { format: 'cjs' }, false],
]

beforeAll(() => rmSync(outRoot, { recursive: true, force: true }))
afterAll(() => rmSync(outRoot, { recursive: true, force: true }))

describe.each(VARIANTS)('%s', (name, options, separate) => {
  let outcomes: Outcome[] = []
  beforeAll(async () => {
    const { entry, fileTypeOutput } = await bundle(name.replaceAll(/\W+/g, '-'), options)
    outcomes = run(entry, fileTypeOutput)
  }, BUILD_TIMEOUT)

  test('names every type and returns the bytes', () => {
    expect(outcomes.slice(1)).toEqual(
      RESPONSES.map(([, type]) => ({ type, same: true, loaded: expect.any(Boolean) })),
    )
  })

  if (separate) {
    test('loads file-type only at the first response that needs it', () => {
      expect(outcomes.map((outcome) => outcome.loaded)).toEqual(
        outcomes.map((_outcome, index) => index > FIRST_NEEDING_FILE_TYPE),
      )
    })
  }
})

test(
  'an ESM bundle without the banner fails at the first detection file-type makes, not silently',
  async () => {
    const { entry, fileTypeOutput } = await bundle('esm-without-banner', { format: 'esm' })
    const outcomes = run(entry, fileTypeOutput)
    expect(outcomes[1]).toMatchObject({ type: 'image/png', same: true })
    // The day file-type's dependencies stop pulling in a CommonJS require of a built-in, this fails: the
    // README's banner can then go.
    expect(outcomes[FIRST_NEEDING_FILE_TYPE + 1]?.error).toContain('Dynamic require of "tty"')
  },
  BUILD_TIMEOUT,
)
