/**
 * Every TypeScript snippet of the README compiles under the README's own tsconfig, `strict`, without
 * `skipLibCheck`, against the BUILT declarations (dist/*.d.ts, through the package's `exports`), as in a
 * user's project. `npm test` builds before it runs Jest. Snippets that import the CDK compile in the
 * end-to-end run, which installs it; every other snippet compiles here.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from '@jest/globals'
import ts from 'typescript'
import { blockWith, needsE2eTooling, readmeBanner, typeScriptBlocks } from './support/readme.js'

const root = fileURLToPath(new URL('../', import.meta.url))
// Inside the package's folder, so that `import … from 'middy-binary-response'` resolves to the package
// itself through its `exports`, as it resolves to node_modules/middy-binary-response in a user's project.
const snippetDir = `${root}__readme__/`
const blocks = typeScriptBlocks()
const here = blocks.filter((block) => !needsE2eTooling(block))

/** The README's tsconfig, with what this test changes: lib checks on, nothing written. */
const compilerOptions = (): ts.CompilerOptions => {
  const json = JSON.parse(blockWith('json', 'compilerOptions').code) as {
    compilerOptions: Record<string, unknown>
  }
  const { options, errors } = ts.convertCompilerOptionsFromJson(json.compilerOptions, root)
  expect(errors).toEqual([])
  return { ...options, skipLibCheck: false, noEmit: true }
}

const compile = (files: ReadonlyMap<string, string>): string[] => {
  const options = compilerOptions()
  const host = ts.createCompilerHost(options)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name)
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name)
  // The snippets' folder exists only in memory.
  const { directoryExists } = host
  host.directoryExists = (name) =>
    `${name}/` === snippetDir || (directoryExists?.call(host, name) ?? ts.sys.directoryExists(name))
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name)
    return text === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, text, language)
  }
  const program = ts.createProgram([...files.keys()], options, host)
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (diagnostic.file === undefined) return message
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    return `${diagnostic.file.fileName.replace(root, '')}:${line + 1}: ${message}`
  })
}

test('the README has TypeScript snippets, each a file of its own name', () => {
  expect(here.length).toBeGreaterThanOrEqual(5)
  expect(new Set(blocks.map((block) => block.file)).size).toBe(blocks.length)
})

test('every snippet compiles under strict with no skipLibCheck, with no cast', () => {
  const files = new Map(here.map((block) => [`${snippetDir}${block.file}`, block.code]))
  // A snippet that does not type-check, compiled in the same program: its error must be reported, and be
  // the only one.
  const wrong =
    "import binaryResponse from 'middy-binary-response'\nbinaryResponse({ binaryMediaType: [] })\n"
  files.set(`${snippetDir}wrong.ts`, wrong)
  const [first, ...others] = compile(files)
  expect(first).toMatch(/^__readme__\/wrong\.ts:2: .*binaryMediaType/)
  expect(others).toEqual([])
  for (const block of here) expect(block.code).not.toMatch(/\bas (unknown|never|any)\b|<any>/)
})

describe('the declarations the snippets compile against are the built ones', () => {
  test('the package resolves to dist/index.d.ts', () => {
    const resolved = ts.resolveModuleName(
      'middy-binary-response',
      `${snippetDir}handler.ts`,
      compilerOptions(),
      ts.sys,
    )
    expect(resolved.resolvedModule?.resolvedFileName).toBe(`${root}dist/index.d.ts`)
  })
})

test('the first snippet is the handler the bundling section bundles', () => {
  expect(blocks[0]?.file).toBe('handler.ts')
  expect(readmeBanner()).toBe(
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  )
  // Every ESM configuration of the README carries that very banner.
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const configurations = readme.split(readmeBanner()).length - 1
  expect(configurations).toBeGreaterThanOrEqual(5)
})
