/**
 * A new user's project, outside this repository so that nothing resolves from here: e2e/app's manifest and
 * lockfile installed with `npm ci`, plus this package as `npm pack` makes it. In it, every TypeScript
 * snippet of the README compiles with the README's tsconfig, strict, without skipLibCheck, and the README's
 * first handler is bundled by each documented path, started by Node 22 and must serve the PNG: esbuild ESM
 * and CommonJS (the README's command lines), `sam build`'s esbuild builder (its BuildProperties mapped as
 * aws-lambda-builders maps them; SAM CLI is Python and not installable here), the CDK's NodejsFunction (the
 * real construct, bundling with the app's esbuild, no Docker) and the Serverless Framework v3 with
 * serverless-esbuild (`serverless package`).
 *
 *   node e2e/fresh-app.ts        (after `npm run build`; `npm run test:e2e` runs it too)
 */
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import yaml from 'js-yaml'
import {
  type Invocation,
  imageRequest,
  invokeBundle,
  jsonRequest,
  pixelProblems,
  refusalProblems,
  samBundleFile,
  samEsbuildArgs,
} from '../__tests__/support/bundles.ts'
import { blockWith, typeScriptBlocks } from '../__tests__/support/readme.ts'

type Check = (name: string, ok: boolean, detail?: string) => boolean

const root = fileURLToPath(new URL('../', import.meta.url))
const e2eDir = fileURLToPath(new URL('./', import.meta.url))
const template = join(e2eDir, 'app')

const offlineEnv = {
  ...process.env,
  // Nothing here needs an AWS account; never let an SDK or the framework look for one on the network.
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: 'offline',
  AWS_SECRET_ACCESS_KEY: 'offline',
  AWS_REGION: 'eu-west-1',
  CDK_DISABLE_VERSION_CHECK: '1',
  SLS_TELEMETRY_DISABLED: '1',
  SLS_TRACKING_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  CI: 'true',
}

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = offlineEnv) =>
  execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe', timeout: 300_000 })

/** Runs `body`, turning a throw into its message; the checks say which step failed. */
const attemptStep = (body: () => void): string | undefined => {
  try {
    body()
    return undefined
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string }
    return [failure.message, failure.stdout, failure.stderr].filter(Boolean).join('\n').slice(-4000)
  }
}

export const freshAppChecks = async (check: Check): Promise<void> => {
  const work = mkdtempSync(join(tmpdir(), 'fresh-app-'))
  const app = join(work, 'app')
  const out = join(work, 'bundles')
  try {
    // ---- the project ----------------------------------------------------------------------------------
    const began = Date.now()
    const tarball = run(
      'npm',
      ['pack', '--ignore-scripts', '--silent', '--pack-destination', work],
      root,
    )
      .trim()
      .split('\n')
      .pop()
    mkdirSync(app)
    mkdirSync(out)
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(join(template, file), join(app, file))
    }
    const npmFlags = ['--no-audit', '--no-fund', '--ignore-scripts']
    run('npm', ['ci', ...npmFlags], app)
    run('npm', ['install', '--no-save', ...npmFlags, join(work, tarball ?? '')], app)
    check(
      `fresh app: ${tarball} installed beside @middy/core 7 in ${Date.now() - began} ms`,
      readdirSync(join(app, 'node_modules/middy-binary-response/dist')).includes('index.d.ts'),
    )

    // ---- every README snippet compiles, strict, no skipLibCheck ---------------------------------------
    const snippets = typeScriptBlocks()
    for (const block of snippets) writeFileSync(join(app, block.file), block.code)
    // The examples' CDK construct too: this repository does not install aws-cdk-lib, the app does.
    copyFileSync(join(root, 'examples/deploy/cdk-stack.ts'), join(app, 'cdk-stack.ts'))
    const { compilerOptions } = JSON.parse(blockWith('json', 'compilerOptions').code) as {
      compilerOptions: Record<string, unknown>
    }
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, skipLibCheck: false, noEmit: true },
        include: [...snippets.map((block) => block.file), 'cdk-stack.ts'],
      }),
    )
    const compileStart = Date.now()
    const compiled = attemptStep(() =>
      run(process.execPath, ['node_modules/typescript/bin/tsc'], app),
    )
    check(
      `fresh app: the README's ${snippets.length} TypeScript snippets and examples/deploy/cdk-stack.ts compile (tsc, strict, skipLibCheck false) in ${Date.now() - compileStart} ms`,
      compiled === undefined,
      compiled,
    )

    // ---- each documented bundling path ------------------------------------------------------------------
    const serves = (path: string, file: () => string) => {
      let bundle = ''
      const started = Date.now()
      const failed = attemptStep(() => {
        bundle = file()
      })
      const took = Date.now() - started
      if (failed !== undefined) {
        check(`${path}: bundles`, false, failed)
        return
      }
      // Moved out of the app: only what the bundle holds can run.
      const alone = join(out, path.replace(/\W+/g, '-'))
      mkdirSync(alone, { recursive: true })
      copyFileSync(bundle, join(alone, basename(bundle)))
      const image: Invocation = invokeBundle(join(alone, basename(bundle)), imageRequest())
      const problems = pixelProblems(image)
      check(
        `${path}: bundled in ${took} ms; ${basename(bundle)} starts on Node ${image.version} and serves the PNG's exact bytes`,
        problems.length === 0,
        problems.join('; '),
      )
      const refused = refusalProblems(invokeBundle(join(alone, basename(bundle)), jsonRequest()))
      check(
        `${path}: a JSON client gets the 406 response`,
        refused.length === 0,
        refused.join('; '),
      )
    }

    const withBin = { ...offlineEnv, PATH: `${join(app, 'node_modules/.bin')}:${process.env.PATH}` }
    const commands = blockWith('sh', 'esbuild handler.ts')
      .code.replace(/\\\n\s*/g, '')
      .split('\n')
      .filter((line) => line.startsWith('esbuild '))
    serves('esbuild ESM', () => {
      run('bash', ['-c', commands[0] ?? 'false'], app, withBin)
      return join(app, 'build/handler.mjs')
    })
    serves('esbuild CommonJS', () => {
      run('bash', ['-c', commands[1] ?? 'false'], app, withBin)
      return join(app, 'build/handler.js')
    })

    const sam = yaml.load(blockWith('yaml', 'BuildMethod: esbuild').code) as {
      Resources: Record<
        string,
        {
          Properties: { CodeUri: string; Handler: string }
          Metadata: { BuildProperties: Record<string, unknown> }
        }
      >
    }
    const samFunction = Object.values(sam.Resources)[0]
    serves('AWS SAM esbuild', () => {
      if (samFunction === undefined) throw new Error('no function in the README’s SAM template')
      // sam build: the CodeUri copied without node_modules, dependencies installed (here: linked), esbuild.
      const scratch = join(work, 'sam-scratch')
      const artifacts = join(work, 'sam-artifacts')
      cpSync(join(app, samFunction.Properties.CodeUri), scratch, {
        recursive: true,
        filter: (source) => !/^\/(node_modules|build|cdk\.out)\b/.test(source.slice(app.length)),
      })
      symlinkSync(join(app, 'node_modules'), join(scratch, 'node_modules'), 'dir')
      mkdirSync(artifacts)
      const { BuildProperties } = samFunction.Metadata
      run(
        join(app, 'node_modules/.bin/esbuild'),
        samEsbuildArgs(BuildProperties, artifacts),
        scratch,
      )
      return join(artifacts, samBundleFile(samFunction.Properties.Handler, BuildProperties))
    })

    serves('AWS CDK NodejsFunction', () => {
      // The README's construct in an app of one stack, synthesized: the CDK bundles while staging assets.
      writeFileSync(
        join(app, 'synth.ts'),
        [
          "import { App, Stack } from 'aws-cdk-lib'",
          "import { imageFunction } from './images-stack.ts'",
          "const app = new App({ outdir: 'cdk.out' })",
          "imageFunction(new Stack(app, 'Images'))",
          'app.synth()',
          '',
        ].join('\n'),
      )
      const log = run(process.execPath, ['synth.ts'], app, withBin)
      if (/docker/i.test(log)) throw new Error(`the CDK bundled in Docker: ${log}`)
      const assets = readdirSync(join(app, 'cdk.out')).filter((name) => name.startsWith('asset.'))
      if (assets.length !== 1) throw new Error(`expected one asset, found ${assets.join(', ')}`)
      return join(app, 'cdk.out', assets[0] ?? '', 'index.mjs')
    })

    serves('Serverless Framework v3 + serverless-esbuild', () => {
      // The README's plugin settings in a service of one REST API function; `serverless package` zips it.
      const settings = yaml.load(blockWith('yaml', 'serverless-esbuild').code) as Record<
        string,
        unknown
      >
      const service = {
        service: 'images',
        frameworkVersion: '3',
        provider: {
          name: 'aws',
          runtime: 'nodejs22.x',
          region: 'eu-west-1',
          apiGateway: { binaryMediaTypes: ['image/*'] },
        },
        ...settings,
        functions: {
          image: {
            handler: 'handler.handler',
            events: [{ http: { method: 'get', path: 'pixel.png' } }],
          },
        },
      }
      writeFileSync(join(app, 'serverless.yml'), yaml.dump(service))
      // The framework from the e2e folder's install (the same serverless@3 the emulator runs); it loads
      // the plugin from the service's own node_modules, as in the app's own install.
      run(
        process.execPath,
        [join(e2eDir, 'node_modules/serverless/bin/serverless.js'), 'package'],
        app,
        withBin,
      )
      const unpacked = join(work, 'serverless-zip')
      run('unzip', ['-q', join(app, '.serverless/images.zip'), '-d', unpacked], app)
      return join(unpacked, 'handler.mjs')
    })
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && basename(process.argv[1]) === 'fresh-app.ts') {
  let passed = 0
  let failed = 0
  await freshAppChecks((name, ok, detail = '') => {
    if (ok) passed++
    else failed++
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || detail === '' ? '' : `: ${detail}`}`)
    return ok
  })
  console.log(`\nfresh app: ${passed} passed, ${failed} failed`)
  process.exitCode = failed === 0 ? 0 : 1
}
