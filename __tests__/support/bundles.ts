/**
 * What the bundling checks share: starting a bundle the way Lambda does and reading what it answered, the
 * README's REST events, and how AWS SAM's esbuild builder turns `BuildProperties` into esbuild's command
 * line. Used by `__tests__/bundling.test.ts` and by the end-to-end run (CDK, Serverless, a fresh app).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACCEPT, restApiEvent } from './events.ts'

const runner = fileURLToPath(new URL('./invoke-bundle.mjs', import.meta.url))

/** The bytes the README's first handler serves. */
export const pixel = readFileSync(new URL('../fixtures/pixel.png', import.meta.url))

export interface Invocation {
  readonly version: string
  readonly response?: {
    statusCode?: number
    headers?: Record<string, unknown>
    body?: string
    isBase64Encoded?: boolean
  }
  readonly error?: string
}

/**
 * Starts the bundle in a fresh Node process (this one's binary: Node 22 under `npm test`), imports it from
 * an ES module as the Lambda runtime does, and invokes `handler` once with the event.
 */
export const invokeBundle = (file: string, event: unknown, exportName = 'handler'): Invocation => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-event-'))
  try {
    const eventFile = join(dir, 'event.json')
    writeFileSync(eventFile, JSON.stringify(event))
    const env = { ...process.env }
    // Jest's --experimental-vm-modules is not the Lambda runtime's.
    delete env.NODE_OPTIONS
    const run = spawnSync(process.execPath, [runner, file, exportName, eventFile], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    })
    if (run.status !== 0) throw new Error(`the bundle's process failed: ${run.stderr}`)
    return JSON.parse(run.stdout) as Invocation
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A REST API request from a browser's <img>, and one from a JSON client. */
export const imageRequest = () => restApiEvent(ACCEPT.browserImage, '/pixel.png')
export const jsonRequest = () => restApiEvent(ACCEPT.json, '/pixel.png')

/** What is wrong with an invocation that should have served the PNG: nothing, when it did. */
export const pixelProblems = ({ version, response, error }: Invocation): string[] => {
  const problems: string[] = []
  if (Number(/^v(\d+)/.exec(version)?.[1]) < 22) problems.push(`ran on Node ${version}, not 22+`)
  if (error !== undefined || response === undefined) return [...problems, `failed: ${error}`]
  if (response.statusCode !== 200) problems.push(`status ${response.statusCode}`)
  if (response.isBase64Encoded !== true) problems.push('not isBase64Encoded')
  if (response.headers?.['Content-Type'] !== 'image/png') {
    problems.push(`Content-Type ${String(response.headers?.['Content-Type'])}`)
  }
  if (!Buffer.from(response.body ?? '', 'base64').equals(pixel)) problems.push('other bytes')
  return problems
}

/** What is wrong with an invocation that should have answered the error handler's 406. */
export const refusalProblems = ({ response, error }: Invocation): string[] =>
  error !== undefined || response === undefined
    ? [`failed: ${error}`]
    : response.statusCode === 406 && response.isBase64Encoded !== true
      ? []
      : [`status ${response.statusCode}, isBase64Encoded ${response.isBase64Encoded}`]

// ---- AWS SAM's esbuild builder -------------------------------------------------------------------------
// `sam build` hands a function's Metadata.BuildProperties to aws-lambda-builders' NodejsNpmEsbuildBuilder.
// SAM CLI first turns each PascalCase key into snake_case (ResourceMetadataNormalizer:
// `OutExtension` → `out_extension`); the builder's EsbuildCommandBuilder then writes, in this order, the
// entry points (as given, relative to the build directory), `--bundle --platform=node --outdir=<artifacts>`,
// `--target=es2020`, `--format=cjs` and `--minify` unless the config sets those keys, and every other key in
// the template's order as a flag: `true` → `--key`, `false` → nothing, a string → `--key=value`, a list →
// one `--key:item` per item, snake_case turned to kebab-case. `bundle`, `platform` and `outdir` are ignored;
// `entry_points` and `use_npm_ci` are not flags. It runs that command in the build directory (the CodeUri's
// copy, with its dependencies installed). (aws-lambda-builders, workflows/nodejs_npm_esbuild/esbuild.py.)

const NON_CONFIGURABLE = new Set(['bundle', 'platform', 'outdir'])
const NOT_FLAGS = new Set(['use_npm_ci', 'entry_points'])

const snakeCase = (key: string): string => key.replace(/(?<!^)(?=[A-Z])/g, '_').toLowerCase()
const flag = (key: string): string => `--${key.replaceAll('_', '-')}`

/** The esbuild arguments `sam build` runs for these BuildProperties. */
export const samEsbuildArgs = (
  buildProperties: Record<string, unknown>,
  artifactsDir: string,
): string[] => {
  const config = new Map(
    Object.entries(buildProperties).map(([key, value]) => [snakeCase(key), value]),
  )
  const entryPoints = config.get('entry_points')
  if (!Array.isArray(entryPoints) || entryPoints.length === 0) {
    throw new Error('SAM requires EntryPoints, a non-empty list')
  }
  const args = entryPoints.map(String)
  args.push('--bundle', '--platform=node', `--outdir=${artifactsDir}`)
  if (!config.has('target')) args.push('--target=es2020')
  if (!config.has('format')) args.push('--format=cjs')
  if (!config.has('minify')) args.push('--minify')
  for (const [key, value] of config) {
    if (NON_CONFIGURABLE.has(key) || NOT_FLAGS.has(key)) continue
    if (value === true) args.push(flag(key))
    else if (typeof value === 'string') args.push(`${flag(key)}=${value}`)
    else if (Array.isArray(value)) for (const item of value) args.push(`${flag(key)}:${item}`)
    else if (value !== false) throw new Error(`SAM cannot pass ${key}: ${JSON.stringify(value)}`)
  }
  return args
}

/** The file the Lambda runtime loads for a SAM function: `Handler`'s module, with the bundle's extension. */
export const samBundleFile = (
  handler: string,
  buildProperties: Record<string, unknown>,
): string => {
  const module = handler.slice(0, handler.lastIndexOf('.'))
  const outExtension = (buildProperties.OutExtension as string[] | undefined)?.find((item) =>
    item.startsWith('.js='),
  )
  return `${module}${outExtension?.slice('.js='.length) ?? '.js'}`
}
