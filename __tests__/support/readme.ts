/**
 * The README's code blocks, as a user copies them. A TypeScript block whose first line is a comment naming
 * a file (`// handler.ts`) is that file; the others are named by their position. Used by the snippet and
 * bundling tests and by the end-to-end run from a fresh app.
 */
import { readFileSync } from 'node:fs'

export interface CodeBlock {
  readonly language: string
  readonly code: string
  /** The file the block is, `snippet-N.ts` unless its first line names one. */
  readonly file: string
  /** 1-based line of the opening fence, for messages. */
  readonly line: number
}

export const readmePath = new URL('../../README.md', import.meta.url)

export const codeBlocks = (markdown = readFileSync(readmePath, 'utf8')): CodeBlock[] => {
  const blocks: CodeBlock[] = []
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm
  for (const match of markdown.matchAll(fence)) {
    const language = match[1] ?? ''
    const code = match[2] ?? ''
    const named = /^\/\/ ([\w.-]+\.ts)\n/.exec(code)
    blocks.push({
      language,
      code,
      file: named?.[1] ?? `snippet-${blocks.length + 1}.ts`,
      line: markdown.slice(0, match.index).split('\n').length,
    })
  }
  return blocks
}

export const typeScriptBlocks = (markdown?: string): CodeBlock[] =>
  codeBlocks(markdown).filter((block) => block.language === 'ts')

/** The one block of a language that contains a marker, e.g. the SAM template's `BuildMethod: esbuild`. */
export const blockWith = (language: string, marker: string, markdown?: string): CodeBlock => {
  const found = codeBlocks(markdown).filter(
    (block) => block.language === language && block.code.includes(marker),
  )
  if (found.length !== 1) {
    throw new Error(
      `expected one ${language} block with ${marker} in the README, found ${found.length}`,
    )
  }
  return found[0] as CodeBlock
}

/** The banner every ESM configuration of the README carries, as the README writes it. */
export const readmeBanner = (markdown?: string): string => {
  const text = blockWith('text', 'createRequire', markdown).code.trim()
  if (text.includes('\n')) throw new Error('the banner block is one line')
  return text
}

/** Modules whose packages only the end-to-end run installs: snippets importing them compile there. */
export const E2E_ONLY_MODULES = ['aws-cdk-lib', 'constructs'] as const

export const needsE2eTooling = (block: CodeBlock): boolean =>
  E2E_ONLY_MODULES.some((name) => new RegExp(`from '${name}(/[^']*)?'`).test(block.code))
