/**
 * One middleware instance serves invocations that overlap in time: Lambda's multi-concurrency modes, tests,
 * local servers. Each invocation must get exactly its own answer, whatever the interleaving.
 */
import { describe, expect, test } from '@jest/globals'
import middy, { type MiddlewareObj } from '@middy/core'
import * as fc from 'fast-check'
import { binaryResponse, type EncodedBinaryResponse } from '../src/index.js'
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  restApiEvent,
} from './support/events.js'
import { FIXTURES, readFixture } from './support/fixtures.js'

// Formats whose detection reads only the first bytes, so a trailing id leaves the detected type as it is,
// and that BINARY_MEDIA_TYPES covers.
const FORMATS = ['image.png', 'image.jpg', 'image.gif', 'document.pdf', 'sound.wav'].map((file) => {
  const fixture = FIXTURES.find((one) => one.file === file)
  if (fixture === undefined) throw new Error(`no fixture ${file}`)
  return { bytes: readFixture(file), mime: fixture.mime }
})
const EVENTS = [restApiEvent, httpApiEvent, functionUrlEvent, albEvent, albMultiValueEvent]
const BINARY_MEDIA_TYPES = ['image/*', 'application/pdf', 'audio/*']

interface Invocation {
  readonly id: number
  readonly format: number
  readonly source: number
  readonly accepted: boolean
  readonly asProxy: boolean
}

/** The event, and the result its handler returns: a fixture with the invocation's id appended. */
const materialise = ({ id, format, source, accepted, asProxy }: Invocation) => {
  const { bytes, mime } = FORMATS[format % FORMATS.length] as (typeof FORMATS)[number]
  const own = Buffer.concat([bytes, Buffer.from(`#${id}`)])
  // application/json is refused by every gateway's rule for these binaryMediaTypes.
  const event = (EVENTS[source % EVENTS.length] as (typeof EVENTS)[number])(
    accepted ? mime : 'application/json',
  )
  return {
    event: { ...event, invocation: id },
    result: asProxy ? { statusCode: 200, headers: { 'X-Id': String(id) }, body: own } : own,
    own,
    mime,
  }
}

type Settled = { ok: true; value: unknown } | { ok: false; status: unknown; message: unknown }

const settle = async (run: Promise<unknown>): Promise<Settled> => {
  try {
    return { ok: true, value: await run }
  } catch (error) {
    const { statusCode, message } = error as { statusCode?: number; message?: string }
    return { ok: false, status: statusCode, message }
  }
}

/** What the invocation must produce, checked on its own bytes: never on another invocation's. */
const expectOwnAnswer = (invocation: Invocation, settled: Settled) => {
  const { own, mime } = materialise(invocation)
  if (!invocation.accepted) {
    expect(settled).toMatchObject({ ok: false, status: 406 })
    return
  }
  if (!settled.ok) throw new Error(`invocation ${invocation.id} failed: ${settled.message}`)
  const response = settled.value as EncodedBinaryResponse
  expect(Buffer.from(response.body, 'base64')).toEqual(own)
  const headers = response.multiValueHeaders ?? response.headers ?? {}
  expect([headers['Content-Type']].flat()).toEqual([mime])
  if (invocation.asProxy) expect([headers['X-Id']].flat()).toEqual([String(invocation.id)])
}

/** A handler built once: one middleware instance for every invocation. */
const handlerWith = (delay: (id: number) => Promise<void>) => {
  const results = new Map<number, unknown>()
  // Delays the after hooks too: the neighbour's after runs before binaryResponse's (reverse order).
  const neighbour: MiddlewareObj = {
    after: async (request) => {
      await delay((request.event as { invocation: number }).invocation)
    },
  }
  const handler = middy(async (event: { invocation: number }) => {
    await delay(event.invocation)
    return results.get(event.invocation)
  })
    .use(binaryResponse({ binaryMediaTypes: BINARY_MEDIA_TYPES }))
    .use(neighbour)
  const invoke = (invocation: Invocation) => {
    const { event, result } = materialise(invocation)
    results.set(invocation.id, result)
    return handler(event as never, lambdaContext())
  }
  return invoke
}

/**
 * Gates that invocations wait on, released in the given order. Every invocation waiting on one gate resumes
 * in the same microtask flush, so their hooks (and the content-type detection inside) truly overlap.
 */
const gates = (count: number) => {
  const opened = Array.from({ length: count }, () => Promise.withResolvers<void>())
  const waitFor = (gate: number) => (opened[gate % count] as PromiseWithResolvers<void>).promise
  const release = async (order: readonly number[]) => {
    for (const gate of order) {
      await new Promise((resolve) => setImmediate(resolve))
      opened[gate]?.resolve()
    }
  }
  return { waitFor, release }
}

describe('concurrent invocations through one middleware instance', () => {
  test('100 interleaved invocations, different events, Accept headers and bytes: each gets its own answer', async () => {
    const invocations: Invocation[] = Array.from({ length: 100 }, (_, id) => ({
      id,
      format: id,
      source: id * 7,
      accepted: id % 5 !== 3,
      asProxy: id % 2 === 0,
    }))
    const { waitFor, release } = gates(7)
    // Invocation i waits on gate (i * 3) % 7, twice (handler and after hook); gates open in a scrambled order.
    const invoke = handlerWith((id) => waitFor((id * 3) % 7))
    const running = Promise.all(invocations.map((invocation) => settle(invoke(invocation))))
    await release([4, 0, 6, 2, 5, 1, 3])
    const settled = await running
    invocations.forEach((invocation, index) => {
      expectOwnAnswer(invocation, settled[index] as Settled)
    })
  })

  test('any grouping and release order of the invocations gives each its own answer', async () => {
    const invocation = fc.record({
      gate: fc.nat({ max: 3 }),
      format: fc.nat(),
      source: fc.nat(),
      accepted: fc.boolean(),
      asProxy: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(invocation, { minLength: 2, maxLength: 12 }),
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4 }),
        async (drawn, order) => {
          const invocations = drawn.map((fields, id) => ({ ...fields, id }))
          const { waitFor, release } = gates(4)
          const invoke = handlerWith((id) => waitFor((drawn[id] as { gate: number }).gate))
          const running = Promise.all(invocations.map((one) => settle(invoke(one))))
          await release(order)
          const settled = await running
          invocations.forEach((one, index) => {
            expectOwnAnswer(one, settled[index] as Settled)
          })
        },
      ),
      { numRuns: 100 },
    )
  }, 60_000)
})
