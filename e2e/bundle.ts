/**
 * Bundles the example handlers for Lambda: one ESM file per handler (`<name>.mjs`, so the Node.js runtime
 * loads it as a module without a package.json), with the examples' assets/ beside them, since the handlers
 * read their files relative to their own module. The library is taken from dist/, as npm would install it.
 *
 *   node e2e/bundle.ts [outdir] [extra entry points…]      (default outdir: examples/deploy/build)
 */
import { cpSync, rmSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = new URL('../', import.meta.url)
const path = (relative: string): string => fileURLToPath(new URL(relative, root))

/** The deployable handlers; each exports `handler`. */
export const exampleHandlers = [
  'image-rest-api',
  'json-route',
  'router',
  'pdf-download',
  'alb-target',
] as const

export const bundle = async (outdir: string, extraEntryPoints: readonly string[] = []) => {
  rmSync(outdir, { recursive: true, force: true })
  await build({
    // Named entry points: a flat outdir, `<name>.mjs` for each.
    entryPoints: Object.fromEntries([
      ...exampleHandlers.map((name) => [name, path(`examples/${name}.ts`)]),
      ...extraEntryPoints.map((file) => [basename(file, '.ts'), file]),
    ]),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Some dependencies are CommonJS and require() Node's built-ins, which an ES module bundle can do
    // only through a require made for it.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // The package's two entries, as its exports map names them.
    alias: {
      'middy-binary-response/attachment': path('dist/attachment.js'),
      'middy-binary-response': path('dist/index.js'),
    },
    logLevel: 'warning',
  })
  cpSync(path('examples/assets'), `${outdir}/assets`, { recursive: true })
}

if (process.argv[1] !== undefined && basename(process.argv[1]) === 'bundle.ts') {
  const outdir = process.argv[2] ?? path('examples/deploy/build')
  await bundle(outdir, process.argv.slice(3))
  console.log(`bundled ${exampleHandlers.join(', ')} into ${outdir}`)
}
