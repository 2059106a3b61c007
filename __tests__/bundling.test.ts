/**
 * The README's bundling configurations that need no tool beyond esbuild, run exactly as written: the
 * esbuild command lines (ESM with the banner, CommonJS), and AWS SAM's esbuild builder with the README's
 * BuildProperties (SAM CLI is Python; its builder's mapping from BuildProperties to esbuild's command line is
 * reproduced in support/bundles.ts, from aws-lambda-builders' source). Each bundles the README's first
 * handler, is started by Node 22 from a folder where nothing else resolves, and must serve the PNG. The CDK
 * and the Serverless Framework, heavy installs, run in the end-to-end test.
 */
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { parse } from 'yaml'
import {
  imageRequest,
  invokeBundle,
  jsonRequest,
  pixelProblems,
  refusalProblems,
  samBundleFile,
  samEsbuildArgs,
} from './support/bundles.js'
import { blockWith, readmeBanner, typeScriptBlocks } from './support/readme.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const esbuild = join(root, 'node_modules/.bin/esbuild')
// The app lives inside the repository so that its imports resolve from the repository's node_modules, with
// the package itself linked in as npm links a local install; bundles are then moved out of it.
const work = join(root, 'node_modules/.cache/middy-binary-response/bundling')
const app = join(work, 'app')
let out: string

const handlerSource = () => {
  const [first] = typeScriptBlocks()
  if (first?.file !== 'handler.ts') throw new Error('the README starts with handler.ts')
  return first.code
}

beforeAll(() => {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(join(app, 'node_modules'), { recursive: true })
  writeFileSync(join(app, 'handler.ts'), handlerSource())
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n')
  symlinkSync(root, join(app, 'node_modules/middy-binary-response'), 'dir')
  out = mkdtempSync(join(tmpdir(), 'bundles-'))
})

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
  rmSync(out, { recursive: true, force: true })
})

/** Moves a bundle out of the repository, where only what it holds can run. */
const moveOut = (file: string, name: string): string => {
  const target = join(out, name)
  mkdirSync(target, { recursive: true })
  cpSync(file, join(target, file.split('/').pop() ?? ''))
  return join(target, file.split('/').pop() ?? '')
}

const expectServes = (file: string) => {
  expect(pixelProblems(invokeBundle(file, imageRequest()))).toEqual([])
  expect(refusalProblems(invokeBundle(file, jsonRequest()))).toEqual([])
}

describe('esbuild, the README’s command lines', () => {
  // The lines of the README's esbuild block, continuations joined, comments dropped.
  const commands = blockWith('sh', 'esbuild handler.ts')
    .code.replace(/\\\n\s*/g, '')
    .split('\n')
    .filter((line) => line.startsWith('esbuild '))
  const run = (command: string) =>
    execFileSync('bash', ['-c', command], {
      cwd: app,
      env: { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}` },
      stdio: 'pipe',
    })

  test('there are two: ESM with the banner, CommonJS', () => {
    expect(commands).toHaveLength(2)
    expect(commands[0]).toContain('--format=esm')
    expect(commands[0]).toContain(readmeBanner())
    expect(commands[1]).toContain('--format=cjs')
  })

  test.each([
    ['ESM', 0, 'build/handler.mjs'],
    ['CommonJS', 1, 'build/handler.js'],
  ])('%s: the bundle starts and serves the PNG', (format, index, output) => {
    run(commands[index] ?? '')
    expectServes(moveOut(join(app, output), format))
  })

  test('ESM without the banner still serves the PNG: file-type, which needs the banner, is not loaded', () => {
    const withoutBanner = (commands[0] ?? '').replace(/\s+"--banner:js=[^"]*"/, '')
    expect(withoutBanner).not.toContain('createRequire')
    run(withoutBanner.replace('build/handler.mjs', 'build/no-banner.mjs'))
    // PNG is named without file-type, which is imported at the first response it must name; that one
    // fails without the banner (lazy-file-type.test.ts shows it), which is why the banner is there.
    expectServes(moveOut(join(app, 'build/no-banner.mjs'), 'no-banner'))
  })
})

describe('AWS SAM, `sam build` with the README’s Metadata', () => {
  const template = parse(blockWith('yaml', 'BuildMethod: esbuild').code) as {
    Resources: Record<
      string,
      {
        Properties: { CodeUri: string; Handler: string; Runtime: string }
        Metadata: { BuildMethod: string; BuildProperties: Record<string, unknown> }
      }
    >
  }
  const [fn] = Object.values(template.Resources)
  if (fn === undefined) throw new Error('no function in the README’s SAM template')

  /** `sam build` for one function: copy the CodeUri without node_modules, dependencies beside, esbuild. */
  const samBuild = (buildProperties: Record<string, unknown>, name: string): string => {
    const scratch = join(work, `sam-${name}`)
    const artifacts = join(out, `sam-${name}`)
    cpSync(join(app, fn.Properties.CodeUri), scratch, {
      recursive: true,
      filter: (source) => !/^\/(node_modules|build)\b/.test(source.slice(app.length)),
    })
    // Its `npm install` would install the package and its dependencies; the app's are reused here.
    symlinkSync(join(app, 'node_modules'), join(scratch, 'node_modules'), 'dir')
    mkdirSync(artifacts, { recursive: true })
    execFileSync(esbuild, samEsbuildArgs(buildProperties, artifacts), {
      cwd: scratch,
      stdio: 'pipe',
    })
    return join(artifacts, samBundleFile(fn.Properties.Handler, buildProperties))
  }

  test('the template is an esbuild build for nodejs22.x that carries the banner', () => {
    expect(fn.Metadata.BuildMethod).toBe('esbuild')
    expect(fn.Properties.Runtime).toBe('nodejs22.x')
    expect(fn.Metadata.BuildProperties.Banner).toEqual([`js=${readmeBanner()}`])
  })

  test('the command SAM runs for it', () => {
    expect(samEsbuildArgs(fn.Metadata.BuildProperties, '/artifacts')).toEqual([
      'handler.ts',
      '--bundle',
      '--platform=node',
      '--outdir=/artifacts',
      '--minify',
      '--format=esm',
      '--out-extension:.js=.mjs',
      '--target=node22',
      `--banner:js=${readmeBanner()}`,
    ])
  })

  test('the README’s BuildProperties: the bundle starts and serves the PNG', () => {
    const file = samBuild(fn.Metadata.BuildProperties, 'esm')
    expect(file.endsWith('handler.mjs')).toBe(true)
    expectServes(file)
  })

  test('SAM’s defaults (minified CommonJS, es2020), no banner: also serves it', () => {
    const file = samBuild({ EntryPoints: fn.Metadata.BuildProperties.EntryPoints }, 'defaults')
    expect(readFileSync(file, 'utf8')).not.toContain('createRequire(import.meta.url)')
    expectServes(file)
  })
})

test('the examples are deployed as bundled with the README’s esbuild ESM settings', () => {
  const bundleScript = readFileSync(new URL('../e2e/bundle.ts', import.meta.url), 'utf8')
  for (const setting of ["format: 'esm'", "platform: 'node'", "target: 'node22'", 'bundle: true']) {
    expect(bundleScript).toContain(setting)
  }
  expect(bundleScript).toContain(JSON.stringify(readmeBanner()).slice(1, -1))
  expect(existsSync(new URL('../examples/deploy/template.yaml', import.meta.url))).toBe(true)
})
