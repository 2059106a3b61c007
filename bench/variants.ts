/**
 * What the benchmark invokes: each variant is a Lambda handler built for one body, plus a check that its
 * response carries exactly that body (run before and after timing, never inside). The package is taken
 * from dist/ (or the build --dist names), as npm installs it; each variant imports only what it uses, so a process measuring one
 * variant loads nothing of the others.
 */
import { pathToFileURL } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import type { binaryResponse } from '../src/index.ts'
import { lambdaContext, restApiEvent } from './events.ts'

/** The build measured: dist/, or the folder `npm run bench -- --dist DIR` names (another version's build). */
export const distFolder = (): string =>
  process.env.BENCH_DIST ?? new URL('../dist/', import.meta.url).pathname
type Package = { binaryResponse: typeof binaryResponse }
const loadPackage = (): Promise<Package> =>
  import(pathToFileURL(`${distFolder()}index.js`).href) as Promise<Package>

export interface Subject {
  readonly invoke: () => Promise<unknown>
  readonly check: (response: unknown) => void
}

export const BINARY_VARIANTS = {
  floor: 'the floor (fixed Content-Type + toString("base64"))',
  sniffed: 'binaryResponse(), type sniffed',
  declared: 'binaryResponse(), Content-Type declared',
} as const
export const PEER_VARIANTS = {
  'serverless-http': 'serverless-http 4.0.0 + a plain request listener',
  'serverless-express': '@codegenie/serverless-express 4.17.1 + Express 5.3.0',
  fastify: '@fastify/aws-lambda 6.4.1 + Fastify 5.12.8',
  hono: 'hono 4.13.19, hono/aws-lambda',
} as const
export const JSON_VARIANTS = {
  'json-bare': 'bare Middy',
  'json-ours': 'with binaryResponse()',
  'json-empty-hook': 'with an empty after-hook',
} as const
export type Variant =
  | keyof typeof BINARY_VARIANTS
  | keyof typeof PEER_VARIANTS
  | keyof typeof JSON_VARIANTS

const context = lambdaContext()

interface ProxyResult {
  readonly statusCode?: number
  readonly headers?: Record<string, unknown>
  readonly multiValueHeaders?: Record<string, unknown[]>
  readonly body?: unknown
  readonly isBase64Encoded?: boolean
}

const contentTypeOf = (result: ProxyResult): unknown => {
  for (const headers of [result.headers, result.multiValueHeaders]) {
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (name.toLowerCase() === 'content-type') return Array.isArray(value) ? value[0] : value
    }
  }
  return undefined
}

/** The response is a 200 carrying exactly these bytes in base64, labelled with this type. */
const checkBinary =
  (variant: string, bytes: Buffer, mime: string) =>
  (response: unknown): void => {
    const result = response as ProxyResult
    const type = String(contentTypeOf(result)).split(';')[0]
    if (
      result.statusCode !== 200 ||
      result.isBase64Encoded !== true ||
      type !== mime ||
      typeof result.body !== 'string' ||
      !Buffer.from(result.body, 'base64').equals(bytes)
    ) {
      throw new Error(
        `${variant}: the response does not carry the ${bytes.length} bytes as ${mime}`,
      )
    }
  }

/** The least any binary response needs: a fixed Content-Type and Vary, and the base64 encoding. */
const floorAfter = (mime: string) => ({
  after: (request: { response: unknown }) => {
    request.response = {
      statusCode: 200,
      headers: { 'Content-Type': mime, Vary: 'Accept' },
      body: (request.response as Buffer).toString('base64'),
      isBase64Encoded: true,
    }
  },
})

const PEER_FACTORIES: Record<keyof typeof PEER_VARIANTS, string> = {
  'serverless-http': 'serverlessHttp',
  'serverless-express': 'serverlessExpress',
  fastify: 'fastifyAwsLambda',
  hono: 'honoAwsLambda',
}

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>

const JSON_RESULT = {
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ id: 42, name: 'widget', tags: ['a', 'b'], price: 9.5 }),
}

/** The handler for one variant and one body; `bytes` and `mime` are unused by the JSON variants. */
export const subjectFor = async (
  variant: Variant,
  bytes: Buffer,
  mime: string,
): Promise<Subject> => {
  const { default: middy } = await import('@middy/core')
  const event = restApiEvent(variant.startsWith('json') ? 'application/json' : '*/*')
  const run = (handler: LambdaHandler): (() => Promise<unknown>) => {
    return () => handler(event, context)
  }
  const checkJson = (response: unknown) => {
    if (!isDeepStrictEqual(response, JSON_RESULT)) {
      throw new Error(`${variant}: the JSON result did not pass through unchanged`)
    }
  }
  switch (variant) {
    case 'floor':
      return {
        invoke: run(middy(async () => bytes).use(floorAfter(mime)) as LambdaHandler),
        check: checkBinary(variant, bytes, mime),
      }
    case 'sniffed':
    case 'declared': {
      const { binaryResponse } = await loadPackage()
      const result =
        variant === 'sniffed'
          ? bytes
          : { statusCode: 200, headers: { 'Content-Type': mime }, body: bytes }
      return {
        invoke: run(middy(async () => result).use(binaryResponse()) as LambdaHandler),
        check: checkBinary(variant, bytes, mime),
      }
    }
    case 'json-bare':
      return { invoke: run(middy(async () => JSON_RESULT) as LambdaHandler), check: checkJson }
    case 'json-ours': {
      const { binaryResponse } = await loadPackage()
      return {
        invoke: run(middy(async () => JSON_RESULT).use(binaryResponse()) as LambdaHandler),
        check: checkJson,
      }
    }
    case 'json-empty-hook':
      // What any middleware costs Middy: one synchronous after-hook that does nothing.
      return {
        invoke: run(
          middy(async () => JSON_RESULT).use({ after: () => undefined }) as LambdaHandler,
        ),
        check: checkJson,
      }
    default: {
      const peers = (await import(new URL('./peers/handlers.mjs', import.meta.url).href)) as Record<
        string,
        (bytes: Buffer, mime: string) => Promise<LambdaHandler>
      >
      const factory = peers[PEER_FACTORIES[variant]] as (
        bytes: Buffer,
        mime: string,
      ) => Promise<LambdaHandler>
      return { invoke: run(await factory(bytes, mime)), check: checkBinary(variant, bytes, mime) }
    }
  }
}
