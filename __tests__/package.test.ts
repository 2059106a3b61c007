/**
 * The package as npm would publish it: `npm pack --dry-run` ships exactly the built module, one declaration
 * file per source module, the README, the licence and the changelog; the shipped declarations import only
 * what an installation provides; the metadata a published package carries is there.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@jest/globals'

const root = fileURLToPath(new URL('../', import.meta.url))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  version: string
  description: string
  license: string
  author: { name: string }
  type: string
  engines: Record<string, string>
  publishConfig: Record<string, unknown>
  exports: Record<string, unknown>
  keywords: string[]
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
}

const sourceModules = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceModules(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [relative(join(root, 'src'), join(dir, entry.name))]
        : [],
  )

// `--ignore-scripts`: the prepack build already ran in `npm test`, and rebuilding dist/ here would race the
// tests that read it.
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
) as [{ files: { path: string }[] }]
const files = packed[0].files.map((file) => file.path).sort()

// The pipeline is a chunk of its own, imported at the first binary result; code both use is shared.
const chunks = readdirSync(join(root, 'dist/chunks'))
  .map((name) => `dist/chunks/${name}`)
  .sort()

test('npm pack ships exactly the intended files', () => {
  const declarations = sourceModules(join(root, 'src')).map(
    (module) => `dist/${module.replace(/\.ts$/, '.d.ts')}`,
  )
  expect(files).toEqual(
    [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'package.json',
      'dist/index.js',
      'dist/attachment.js',
      ...chunks,
      ...declarations,
    ].sort(),
  )
})

test('the chunks shipped are the ones the entry loads, and each is loaded', () => {
  const reached = new Set<string>()
  const visit = (file: string) => {
    for (const [, target] of readFileSync(join(root, file), 'utf8').matchAll(
      /(?:from|import\()\s*"(\.[^"]+)"/g,
    )) {
      const path = relative(root, join(root, file, '..', target as string))
      if (!reached.has(path)) {
        reached.add(path)
        visit(path)
      }
    }
  }
  visit('dist/index.js')
  expect([...reached].sort()).toEqual(chunks)
})

// What a cold start loads before the first binary result (docs/performance.md): the entry, one chunk and
// two small built-ins; no HttpError code (@middy/util), no Content-Disposition, no file-type.
test('the entry statically loads one chunk, node:stream and node:util/types, nothing else', () => {
  const files = new Set<string>()
  const external = new Set<string>()
  const visit = (file: string) => {
    files.add(file)
    const source = readFileSync(join(root, file), 'utf8')
    for (const [, target] of source.matchAll(
      /(?:^|;|\n)\s*(?:import|export)\b[^"]*?from\s*"([^"]+)"/g,
    )) {
      const name = target as string
      if (!name.startsWith('.')) external.add(name)
      else {
        const path = relative(root, join(root, file, '..', name))
        if (!files.has(path)) visit(path)
      }
    }
  }
  visit('dist/index.js')
  expect(files.size).toBe(2)
  expect([...external].sort()).toEqual(['node:stream', 'node:util/types'])
})

// A bundle of its own, so that the main entry's chunks stay the ones a function without downloads loads.
test('the attachment entry imports no chunk, and loads nothing of the main entry', () => {
  const source = readFileSync(join(root, 'dist/attachment.js'), 'utf8')
  expect([...source.matchAll(/(?:from|import\()\s*"([^"]+)"/g)].map((match) => match[1])).toEqual([
    'content-disposition',
  ])
})

test('the shipped declarations import only the package, Node, Middy and file-type', () => {
  const provided = new Set([
    ...Object.keys(manifest.dependencies),
    ...Object.keys(manifest.peerDependencies),
  ])
  const imported = files
    .filter((file) => file.endsWith('.d.ts'))
    .flatMap((file) => [
      ...readFileSync(join(root, file), 'utf8').matchAll(/from '([^']+)'|import\('([^']+)'\)/g),
    ])
    .map((match) => match[1] ?? match[2] ?? '')
  const external = [...new Set(imported.filter((name) => !name.startsWith('.')))].sort()
  // node:* needs @types/node, which the README asks for; nothing needs @types/aws-lambda.
  for (const name of external) {
    expect(name.startsWith('node:') || provided.has(name)).toBe(true)
  }
  expect(external).not.toContain('aws-lambda')
  expect(manifest.dependencies).not.toHaveProperty('@types/aws-lambda')
})

test('the metadata of a published package', () => {
  expect(manifest).toMatchObject({
    name: 'middy-binary-response',
    license: 'MIT',
    type: 'module',
    engines: { node: '>=22.3.0' },
    publishConfig: { access: 'public', provenance: true },
    peerDependencies: { '@middy/core': '^7.0.0' },
  })
  expect(manifest.author.name).toBe(
    /Copyright \(c\) \d+ (.+)/.exec(readFileSync(join(root, 'LICENSE'), 'utf8'))?.[1],
  )
  expect(manifest.exports).toEqual({
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './attachment': { types: './dist/attachment.d.ts', default: './dist/attachment.js' },
    './package.json': './package.json',
  })
  expect(manifest.keywords).toEqual(expect.arrayContaining(['middy', 'aws-lambda', 'binary']))
  // Exact versions: a range could install another file-type, whose ZIP rules the detection follows.
  for (const version of Object.values(manifest.dependencies))
    expect(version).toMatch(/^\d+\.\d+\.\d+$/)
})
