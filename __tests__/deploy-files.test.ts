/**
 * The deployment files in examples/deploy/ agree with the handlers: the REST API's binary media types are
 * the list the REST handlers give the middleware, each file deploys every handler, and each handler sits
 * behind the gateway its Accept rule was written for. (`npm run test:e2e` runs serverless.yml itself.)
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { restApiBinaryMediaTypes } from '../examples/rest-api.ts'

const read = (file: string): string =>
  readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8')

/** The quoted items of the first `<key>: [ … ]` list in a file. */
const listAfter = (text: string, key: string): string[] => {
  const match = new RegExp(`${key}:\\s*\\[([^\\]]*)\\]`).exec(text)
  if (match === null) throw new Error(`no ${key} list`)
  return [...(match[1] ?? '').matchAll(/'([^']*)'/g)].map((item) => item[1] ?? '')
}

const handlers = ['image-rest-api', 'json-route', 'router', 'pdf-download'] as const
/** The examples written for a REST API: they give the middleware the REST API's list. */
const restHandlers = handlers.filter((name) =>
  read(`${name}.ts`).includes('binaryMediaTypes: restApiBinaryMediaTypes'),
)

test('the REST examples are the ones the deploy files put behind the REST API', () => {
  expect(restHandlers).toEqual(['image-rest-api', 'json-route', 'router'])
})

describe.each([
  // [file, key of the REST API's list, how the file writes a `/`]
  ['deploy/serverless.yml', 'binaryMediaTypes', '/'],
  ['deploy/template.yaml', 'BinaryMediaTypes', '~1'],
  ['deploy/cdk-stack.ts', 'binaryMediaTypes', '/'],
])('%s', (file, key, slash) => {
  const text = read(file)

  test(`its ${key} are the list in examples/rest-api.ts`, () => {
    const list = listAfter(text, key)
    expect(list.map((type) => type.replaceAll(slash, '/'))).toEqual([...restApiBinaryMediaTypes])
    if (slash === '~1') expect(list.every((type) => !type.includes('/'))).toBe(true)
  })

  test('it deploys every example handler, and no other', () => {
    const named = [...text.matchAll(/['\s/]([a-z-]+)\.handler\b/g)].map((match) => match[1])
    expect([...new Set(named)].sort()).toEqual([...handlers].sort())
  })
})

describe('each handler sits behind the gateway its Accept rule was written for', () => {
  // The part of a file from a handler's name to the next function or resource definition.
  const block = (text: string, handler: string, nextDefinition: RegExp): string => {
    const start = text.indexOf(`${handler}.handler`)
    const rest = text.slice(start)
    const end = rest.slice(1).search(nextDefinition)
    return end === -1 ? rest : rest.slice(0, end + 1)
  }

  test.each(handlers)('%s', (handler) => {
    const rest = restHandlers.includes(handler)
    const serverless = block(read('deploy/serverless.yml'), handler, /\n {2}\w+:\n/)
    expect(/- http:/.test(serverless)).toBe(rest)
    expect(/- httpApi:/.test(serverless)).toBe(!rest)

    const sam = block(read('deploy/template.yaml'), handler, /\n {2}\w+:\n {4}Type:/)
    expect(/Type: Api\b/.test(sam)).toBe(rest)
    expect(/Type: HttpApi\b/.test(sam)).toBe(!rest)
  })

  test('the PDF download also has a Function URL in BUFFERED mode', () => {
    expect(block(read('deploy/serverless.yml'), 'pdf-download', /\n {2}\w+:\n/)).toMatch(
      /url: true/,
    )
    expect(block(read('deploy/template.yaml'), 'pdf-download', /\n {2}\w+:\n {4}Type:/)).toMatch(
      /InvokeMode: BUFFERED/,
    )
    expect(read('deploy/cdk-stack.ts')).toMatch(/invokeMode: lambda\.InvokeMode\.BUFFERED/)
  })
})
