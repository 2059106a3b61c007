/**
 * Properties that hold for every input, checked with fast-check over 10,000 generated cases each, through
 * a real Middy stack with the real file-type.
 */
import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import middy from '@middy/core'
import * as fc from 'fast-check'
import { fileTypeFromBuffer } from 'file-type'
import { firstMediaTypeMatches, negotiatedMatches, parseAccept } from '../src/accept.js'
import { type BinaryResponseOptions, binaryResponse } from '../src/index.js'
import { indexMediaTypes, type MediaRange, parseMediaRange } from '../src/media-type.js'
import {
  ACCEPT,
  albEvent,
  albMultiValueEvent,
  edgeRequestEvent,
  edgeResponseEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  latticeEvent,
  latticeV1Event,
  restApiConsoleTestEvent,
  restApiEvent,
  sqsEvent,
} from './support/events.js'
import { FIXTURES, readFixture } from './support/fixtures.js'
import { PROPERTY_RUNS } from './support/property-runs.js'

const RUNS = PROPERTY_RUNS
// Generated cases run one after another, so the time limit covers all 10,000 of them.
const PROPERTY_TIMEOUT = 120_000

const HTTP_EVENTS = [
  restApiEvent,
  httpApiEvent,
  functionUrlEvent,
  albEvent,
  albMultiValueEvent,
  latticeEvent,
  latticeV1Event,
  (accept: string | undefined) => edgeRequestEvent(accept),
  (accept: string | undefined) => edgeRequestEvent(accept, 'origin-request'),
  (accept: string | undefined) => edgeResponseEvent(accept),
]
const png = readFixture('image.png')

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

const outcomeOf = async (run: () => Promise<unknown>): Promise<Outcome> => {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    return { ok: false, error }
  }
}

const invoker = (options?: BinaryResponseOptions) => {
  const middleware = binaryResponse(options)
  return (event: unknown, result: unknown) =>
    outcomeOf(() =>
      middy(async () => result)
        .use(middleware)
        .handler(async () => result)(event as never, lambdaContext()),
    )
}

/** The only error a request can cause with these small bodies: the documented 406, word for word. */
const expectDocumented406 = (error: unknown, binaryMediaTypes: readonly string[]) => {
  expect(error).toBeInstanceOf(Error)
  expect(error).toMatchObject({
    statusCode: 406,
    expose: true,
    message: `Not Acceptable: this response is binary and is sent only to requests that accept ${binaryMediaTypes.join(', ')}`,
  })
}

const decodedBody = (response: unknown): Buffer =>
  Buffer.from((response as { body: string }).body, 'base64')

const contentTypeOf = (response: unknown): unknown => {
  const { headers, multiValueHeaders } = response as {
    headers?: Record<string, unknown>
    multiValueHeaders?: Record<string, unknown[]>
  }
  // Lambda@Edge: `{ 'content-type': [{ key, value }] }`.
  const edge = (headers?.['content-type'] as Array<{ value: unknown }> | undefined)?.[0]?.value
  return multiValueHeaders?.['Content-Type']?.[0] ?? headers?.['Content-Type'] ?? edge
}

/** The status and whether the body is marked base64, in the proxy shape or CloudFront's. */
const statusOf = (response: unknown): number => {
  const { statusCode, status } = response as { statusCode?: number; status?: string }
  return statusCode ?? Number(status)
}
const isMarkedBase64 = (response: unknown): boolean => {
  const { isBase64Encoded, bodyEncoding } = response as {
    isBase64Encoded?: boolean
    bodyEncoding?: string
  }
  return isBase64Encoded === true || bodyEncoding === 'base64'
}

// --- Byte containers ---------------------------------------------------------------------------------

/** A view over `byteLength` bytes of a buffer from `byteOffset`, and the element size it needs. */
type MakeView = (buffer: ArrayBufferLike, byteOffset: number, byteLength: number) => object
const typed =
  <T>(View: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T, unit: number) =>
  (buffer: ArrayBufferLike, byteOffset: number, byteLength: number) =>
    new View(buffer, byteOffset, byteLength / unit) as object
const VIEWS: ReadonlyArray<[string, MakeView, number]> = [
  ['Buffer', (buffer, byteOffset, byteLength) => Buffer.from(buffer, byteOffset, byteLength), 1],
  ['Uint8Array', typed(Uint8Array, 1), 1],
  ['Uint8ClampedArray', typed(Uint8ClampedArray, 1), 1],
  ['Int8Array', typed(Int8Array, 1), 1],
  ['Uint16Array', typed(Uint16Array, 2), 2],
  ['Int16Array', typed(Int16Array, 2), 2],
  ['Uint32Array', typed(Uint32Array, 4), 4],
  ['Int32Array', typed(Int32Array, 4), 4],
  ['Float32Array', typed(Float32Array, 4), 4],
  ['Float64Array', typed(Float64Array, 8), 8],
  ['BigInt64Array', typed(BigInt64Array, 8), 8],
  ['BigUint64Array', typed(BigUint64Array, 8), 8],
  ['DataView', typed(DataView, 1), 1],
]

/** Bytes of every kind: random, or starting with a real file's signature so that detection names them. */
const bytesArb = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc
    .tuple(
      fc.constantFrom(...FIXTURES.map(({ file }) => readFixture(file))),
      fc.nat({ max: 2048 }),
      fc.uint8Array({ maxLength: 64 }),
    )
    .map(([file, cut, tail]) => Uint8Array.from(Buffer.concat([file.subarray(0, cut), tail]))),
)

/**
 * A container holding `bytes` exactly: a view of any kind at an arbitrary (aligned) offset into a larger
 * buffer whose other bytes are noise, an ArrayBuffer or a SharedArrayBuffer of exactly those bytes.
 */
const containerArb = fc
  .record({
    bytes: bytesArb,
    kind: fc.nat({ max: VIEWS.length + 1 }),
    lead: fc.nat({ max: 8 }),
    trail: fc.nat({ max: 8 }),
    noise: fc.integer({ min: 0, max: 255 }),
    shared: fc.boolean(),
  })
  .map(({ bytes, kind, lead, trail, noise, shared }) => {
    const view = VIEWS[kind]
    const unit = view?.[2] ?? 1
    const expected = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % unit)))
    const offset = view === undefined ? 0 : lead * unit
    const size = offset + expected.length + (view === undefined ? 0 : trail * unit)
    const backing = shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size)
    const all = new Uint8Array(backing)
    all.fill(noise)
    all.set(expected, offset)
    const container = view === undefined ? backing : view[1](backing, offset, expected.length)
    return { container, expected, name: view?.[0] ?? backing.constructor.name }
  })

describe('bytes round-trip', () => {
  test(
    'any bytes, in any container, alone or as a proxy body, decode to exactly those bytes',
    async () => {
      const invoke = invoker()
      await fc.assert(
        fc.asyncProperty(
          containerArb,
          fc.constantFrom(...HTTP_EVENTS),
          fc.constantFrom(undefined, ...Object.values(ACCEPT)),
          fc.option(fc.constantFrom('image/x-declared', 'text/plain; charset=utf-8'), {
            nil: undefined,
          }),
          fc.boolean(),
          async ({ container, expected }, event, accept, declared, asProxy) => {
            const result = asProxy
              ? {
                  statusCode: 201,
                  ...(declared === undefined ? {} : { headers: { 'Content-Type': declared } }),
                  body: container,
                }
              : container
            const outcome = await invoke(event(accept), result)
            if (!outcome.ok) throw outcome.error
            const response = outcome.value
            expect(isMarkedBase64(response)).toBe(true)
            expect(statusOf(response)).toBe(asProxy ? 201 : 200)
            expect(decodedBody(response).equals(expected)).toBe(true)
            // file-type throws on some truncated files (a cut DOCX): the middleware falls back then.
            const detected = await fileTypeFromBuffer(Uint8Array.from(expected)).then(
              (type) => type?.mime,
              () => undefined,
            )
            expect(contentTypeOf(response)).toBe(
              (asProxy ? declared : undefined) ?? detected ?? 'application/octet-stream',
            )
          },
        ),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )

  test(
    'any chunking into any containers, from a Node or a web stream, reads as exactly those bytes',
    async () => {
      const invoke = invoker()
      await fc.assert(
        fc.asyncProperty(
          fc.array(containerArb, { maxLength: 8 }),
          fc.boolean(),
          async (chunks, web) => {
            const containers = chunks.map(({ container }) => container)
            const body = web
              ? new ReadableStream({
                  start(controller) {
                    for (const container of containers) controller.enqueue(container)
                    controller.close()
                  },
                })
              : Readable.from(containers)
            const outcome = await invoke(httpApiEvent('*/*'), body)
            if (!outcome.ok) throw outcome.error
            const expected = Buffer.concat(chunks.map(({ expected }) => expected))
            expect(decodedBody(outcome.value).equals(expected)).toBe(true)
          },
        ),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )

  test('the containers cover every kind of view, ArrayBuffer and SharedArrayBuffer', () => {
    const names = new Set(
      fc.sample(containerArb, { numRuns: 2_000, seed: 1 }).map(({ name }) => name),
    )
    expect([...names].sort()).toEqual(
      [...VIEWS.map(([name]) => name), 'ArrayBuffer', 'SharedArrayBuffer'].sort(),
    )
  })
})

// --- Results that are not bytes ------------------------------------------------------------------------

const headersArb = fc.dictionary(
  fc.oneof(fc.constantFrom('Content-Type', 'content-type', 'Vary'), fc.string()),
  fc.oneof(fc.string(), fc.integer(), fc.boolean()),
)
const nonBinaryResultArb = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  fc.record(
    {
      statusCode: fc.integer({ min: 100, max: 599 }),
      headers: fc.oneof(fc.constant(null), headersArb),
      multiValueHeaders: fc.dictionary(fc.string(), fc.array(fc.string())),
      cookies: fc.array(fc.string()),
      body: fc.string({ unit: 'binary' }),
      isBase64Encoded: fc.boolean(),
    },
    { requiredKeys: ['body'] },
  ),
)

/** Any HTTP event with any Accept, an event from another source, or anything at all. */
const eventForResultArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...HTTP_EVENTS), fc.option(fc.string(), { nil: undefined }))
    .map(([event, accept]) => event(accept)),
  fc.constantFrom(sqsEvent(), restApiConsoleTestEvent(), undefined, null),
  fc.anything(),
)

/** A deep copy that keeps prototypes (null ones too) and own `__proto__` keys, for toStrictEqual. */
const deepCopy = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(deepCopy)
  if (typeof value !== 'object' || value === null) return value
  const copy = Object.create(Object.getPrototypeOf(value)) as object
  for (const [key, field] of Object.entries(value)) {
    Object.defineProperty(copy, key, { value: deepCopy(field), enumerable: true, writable: true })
  }
  return copy
}

describe('passthrough identity', () => {
  test(
    'any result that is not bytes comes back as the very same value, unchanged',
    async () => {
      const invokers = [
        invoker(),
        invoker({ binaryMediaTypes: ['image/png'], failOnMismatch: true, acceptRule: 'negotiate' }),
      ]
      await fc.assert(
        fc.asyncProperty(
          nonBinaryResultArb,
          eventForResultArb,
          fc.constantFrom(...invokers),
          async (result, event, invoke) => {
            const before = deepCopy(result)
            const outcome = await invoke(event, result)
            expect(outcome.ok).toBe(true)
            expect((outcome as { value: unknown }).value).toBe(result)
            expect(result).toStrictEqual(before)
          },
        ),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )

  test.each([
    ['bytes already marked isBase64Encoded: true', { body: png, isBase64Encoded: true }],
    ['an array of bytes', [png]],
    ['an object holding bytes under another key', { data: png }],
  ])('%s: the very same value, bytes untouched', async (_name, result) => {
    const before = Buffer.from(png)
    const outcome = await invoker()(httpApiEvent('*/*'), result)
    expect(outcome).toEqual({ ok: true, value: result })
    expect((outcome as { value: unknown }).value).toBe(result)
    expect(png.equals(before)).toBe(true)
  })
})

// --- Hostile events -------------------------------------------------------------------------------------

const anything = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withBigInt: true,
  withDate: true,
  withUnicodeString: true,
})

/** Accept values a client could send, from well-formed to garbage. */
const rangeArb = fc.oneof(
  fc.constantFrom(
    'image/png',
    'IMAGE/PNG',
    'image/*',
    '*/*',
    'text/html',
    'application/json',
    'application/pdf',
    '*/png',
    'image',
    '',
    ' ',
    'imäge/png',
    'image/png/x',
  ),
  fc.string({ maxLength: 12 }),
)
const parameterArb = fc
  .oneof(
    fc.constantFrom(
      '0',
      '0.5',
      '1',
      '1.000',
      '0.001',
      '1.5',
      '-1',
      'abc',
      '',
      '1.0001',
      '0.1234',
      '１',
    ),
    fc.string({ maxLength: 6 }),
  )
  .map((q) => `q=${q}`)
const extensionArb = fc.oneof(
  fc.constantFrom('level=1', 'charset=utf-8', 'x="a,b;q=0"', 'x="\\"', 'novalue', '=', ';;'),
  fc.string({ maxLength: 8 }),
)
const elementArb = fc
  .tuple(rangeArb, fc.array(fc.oneof(parameterArb, extensionArb), { maxLength: 4 }))
  .map(([range, parameters]) => [range, ...parameters].join(';'))
const acceptArb = fc.oneof(
  fc.array(elementArb, { maxLength: 8 }).map((elements) => elements.join(',')),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({
    unit: fc.constantFrom(',', ';', '=', '"', '\\', ' ', '\t', '*', '/', 'q', '.', '0', '1', 'é'),
    maxLength: 64,
  }),
  fc
    .tuple(fc.nat({ max: 4_000 }), fc.constantFrom(',', ';', ';q=0', ', ;'), elementArb)
    .map(([count, filler, element]) => `${filler.repeat(count)}${element}`),
)

const headerValueArb = fc.oneof(
  acceptArb,
  fc.array(fc.oneof(acceptArb, anything), { maxLength: 3 }),
  anything,
)
const headerContainerArb = fc.oneof(
  fc.constantFrom(null, undefined, 'accept: image/png', 42, ['accept', 'image/png']),
  fc.dictionary(
    fc.oneof(fc.constantFrom('Accept', 'accept', 'ACCEPT', 'aCcEpT', 'Content-Type'), fc.string()),
    headerValueArb,
  ),
  anything,
)
/** An HTTP event with any of its fields replaced by something hostile, or removed. */
const hostileEventArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...HTTP_EVENTS, () => ({})),
      fc.record(
        {
          headers: headerContainerArb,
          multiValueHeaders: headerContainerArb,
          requestContext: fc.oneof(
            fc.record({ elb: anything, http: anything }, { requiredKeys: [] }),
            anything,
          ),
          version: fc.oneof(fc.constantFrom('1.0', '2.0'), anything),
          httpMethod: fc.oneof(fc.constant('GET'), anything),
          method: fc.oneof(fc.constant('GET'), anything),
          raw_path: fc.oneof(fc.constant('/'), anything),
          Records: fc.oneof(
            fc.array(
              fc.record(
                {
                  cf: fc.oneof(
                    fc.record(
                      {
                        config: fc.oneof(
                          fc.record(
                            {
                              eventType: fc.oneof(
                                fc.constantFrom(
                                  'viewer-request',
                                  'origin-request',
                                  'origin-response',
                                  'viewer-response',
                                ),
                                anything,
                              ),
                            },
                            { requiredKeys: [] },
                          ),
                          anything,
                        ),
                        request: fc.oneof(
                          fc.record(
                            { headers: headerContainerArb, method: anything },
                            { requiredKeys: [] },
                          ),
                          anything,
                        ),
                      },
                      { requiredKeys: [] },
                    ),
                    anything,
                  ),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 2 },
            ),
            anything,
          ),
        },
        { requiredKeys: [] },
      ),
      fc.subarray([
        'headers',
        'multiValueHeaders',
        'requestContext',
        'version',
        'httpMethod',
        'method',
        'raw_path',
        'Records',
      ]),
    )
    .map(([event, overrides, removed]) => {
      const hostile: Record<string, unknown> = { ...event('*/*'), ...overrides }
      for (const key of removed) delete hostile[key]
      return hostile
    }),
  anything,
)
const optionsArb = fc.record(
  {
    binaryMediaTypes: fc.subarray(['image/png', 'image/*', 'application/pdf', '*/*'], {
      minLength: 1,
    }),
    acceptRule: fc.constantFrom('auto', 'rest-api', 'negotiate'),
    failOnMismatch: fc.boolean(),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<BinaryResponseOptions>

describe('hostile events', () => {
  test(
    'any event gives the encoded bytes, the result untouched, or the documented 406: nothing else',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileEventArb,
          optionsArb,
          fc.boolean(),
          async (event, options, asProxy) => {
            const result = asProxy ? { body: png } : png
            const outcome = await invoker(options)(event, result)
            if (!outcome.ok) {
              expectDocumented406(outcome.error, options.binaryMediaTypes ?? ['*/*'])
              expect(options.failOnMismatch).not.toBe(false)
              return
            }
            if (outcome.value === result) return
            expect(decodedBody(outcome.value).equals(png)).toBe(true)
            expect(contentTypeOf(outcome.value)).toBe('image/png')
          },
        ),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )
})

// --- Any Accept value -----------------------------------------------------------------------------------

const entriesArb = fc
  .subarray(['image/png', 'image/*', 'application/pdf', 'text/html', '*/*'], { minLength: 1 })
  .map((entries) => indexMediaTypes(entries.map((entry) => parseMediaRange(entry) as MediaRange)))

/**
 * Content negotiation written the plain way (RFC 9110 §12.5.1), over every pair of a listed range and an
 * entry: what the one-walk version in src/accept.ts must answer, for any header and any list.
 */
const referenceNegotiation = (accept: string, entries: readonly MediaRange[]): boolean => {
  const ranges = parseAccept(accept)
  const weight = (type: string, subtype: string): number | undefined => {
    let best: number | undefined
    for (const [t, s] of [
      [type, subtype],
      [type, '*'],
      ['*', '*'],
    ]) {
      const listed = ranges.filter((range) => range.type === t && range.subtype === s)
      if (listed.length > 0) {
        best = Math.max(...listed.map((range) => range.q))
        break
      }
    }
    return best
  }
  const specificity = (range: MediaRange) =>
    range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2
  const overlaps = (a: MediaRange, b: MediaRange) =>
    a.type === '*' ||
    b.type === '*' ||
    (a.type === b.type && (a.subtype === '*' || b.subtype === '*' || a.subtype === b.subtype))
  return entries.some((entry) =>
    ranges.some((range) => {
      if (!overlaps(range, entry)) return false
      const common = specificity(range) >= specificity(entry) ? range : entry
      return (weight(common.type, common.subtype) ?? 0) > 0
    }),
  )
}

const referenceRange = fc
  .tuple(
    fc.constantFrom('image', 'text', 'application', '*'),
    fc.constantFrom('png', 'gif', 'html', '*'),
  )
  .filter(([type, subtype]) => type !== '*' || subtype === '*')
const referenceAccept = fc
  .array(fc.tuple(referenceRange, fc.constantFrom('', ';q=0', ';q=0.5', ';q=1', ';x=y')), {
    maxLength: 8,
  })
  .map((elements) => elements.map(([[t, s], weight]) => `${t}/${s}${weight}`).join(','))
const referenceEntries = fc
  .array(referenceRange, { minLength: 1, maxLength: 6 })
  .map((ranges) => ranges.map(([type, subtype]) => ({ type, subtype })))

describe('negotiation in one walk', () => {
  test(
    'answers what the plain pairwise rule answers, for any header and any list',
    () => {
      fc.assert(
        fc.property(referenceAccept, referenceEntries, (accept, entries) => {
          expect(negotiatedMatches(accept, indexMediaTypes(entries))).toBe(
            referenceNegotiation(accept, entries),
          )
        }),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )

  test(
    'the REST rule answers what the plain rule answers',
    () => {
      fc.assert(
        fc.property(referenceAccept, referenceEntries, (accept, entries) => {
          const first = parseAccept(accept.split(',')[0] ?? '')[0]
          const expected =
            entries.some((entry) => entry.type === '*') ||
            (first !== undefined &&
              entries.some(
                (entry) =>
                  entry.type === first.type &&
                  (entry.subtype === '*' || entry.subtype === first.subtype),
              ))
          expect(firstMediaTypeMatches(accept, indexMediaTypes(entries))).toBe(expected)
        }),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )
})

describe('any Accept value', () => {
  test(
    'never throws, and each rule answers a boolean',
    () => {
      fc.assert(
        fc.property(acceptArb, entriesArb, (accept, entries) => {
          const ranges = parseAccept(accept)
          for (const range of ranges) {
            expect(range.q).toBeGreaterThanOrEqual(0)
            expect(range.q).toBeLessThanOrEqual(1)
            expect(parseMediaRange(`${range.type}/${range.subtype}`)).toEqual({
              type: range.type,
              subtype: range.subtype,
            })
          }
          expect(typeof firstMediaTypeMatches(accept, entries)).toBe('boolean')
          expect(typeof negotiatedMatches(accept, entries)).toBe('boolean')
        }),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )

  test(
    'the REST API rule reads the first media type only: what follows the first comma plays no part',
    () => {
      fc.assert(
        fc.property(
          elementArb.filter((element) => !element.includes(',')),
          acceptArb,
          entriesArb,
          (first, rest, entries) => {
            expect(firstMediaTypeMatches(`${first},${rest}`, entries)).toBe(
              firstMediaTypeMatches(first, entries),
            )
          },
        ),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )

  test(
    'negotiation does not depend on the order of the media ranges',
    () => {
      const unquoted = elementArb.filter((element) => !/[",]/.test(element))
      fc.assert(
        fc.property(
          fc.array(unquoted, { minLength: 1, maxLength: 8 }),
          fc.func(fc.integer()),
          entriesArb,
          (elements, key, entries) => {
            const shuffled = [...elements].sort((a, b) => key(a) - key(b))
            expect(negotiatedMatches(shuffled.join(','), entries)).toBe(
              negotiatedMatches(elements.join(','), entries),
            )
          },
        ),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )

  test(
    'through the middleware, any Accept gives the bytes or the documented 406',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...HTTP_EVENTS),
          acceptArb,
          optionsArb,
          async (event, accept, options) => {
            const outcome = await invoker(options)(event(accept), png)
            if (outcome.ok) {
              expect(outcome.value === png || decodedBody(outcome.value).equals(png)).toBe(true)
            } else expectDocumented406(outcome.error, options.binaryMediaTypes ?? ['*/*'])
          },
        ),
        RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )
})
