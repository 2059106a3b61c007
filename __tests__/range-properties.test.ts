/**
 * Properties of Range answers, checked with fast-check over 10,000 generated cases each, through a real
 * Middy stack: a 206 carries exactly the bytes its Content-Range names; successive open-ended ranges give
 * back the whole body, however many times larger than the limit it is; and every part is the largest
 * that fits.
 */
import { describe, expect, test } from '@jest/globals'
import * as fc from 'fast-check'
import type { EncodedBinaryResponse } from '../src/index.js'
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
  latticeEvent,
  latticeV1Event,
  restApiEvent,
} from './support/events.js'
import { decoded, invokeEncoded } from './support/invoke.js'
import { PROPERTY_RUNS } from './support/property-runs.js'
import { withHeaders } from './support/stack.js'
import { countingReadable } from './support/streams.js'

const PROPERTY_TIMEOUT = 120_000

const EVENTS = [
  () => restApiEvent('*/*'),
  () => httpApiV1Event('*/*'),
  () => httpApiEvent('*/*'),
  () => functionUrlEvent('*/*'),
  () => albEvent('*/*'),
  () => albMultiValueEvent('*/*'),
  () => latticeEvent('*/*'),
  () => latticeV1Event('*/*'),
] as const
const eventArb = fc.constantFrom(...EVENTS)

/** The Content-Range of a response, in either header container. */
const contentRange = (response: EncodedBinaryResponse): string => {
  const value = response.headers?.['Content-Range'] ?? response.multiValueHeaders?.['Content-Range']
  return String(Array.isArray(value) ? value[0] : value)
}

const partOf = (response: EncodedBinaryResponse) => {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange(response))
  if (match === null) throw new Error(`not a 206 part: ${contentRange(response)}`)
  return { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) }
}

const serializedSize = (response: unknown) => Buffer.byteLength(JSON.stringify(response))

/** A body as bytes, or as a stream whose Content-Length the handler declares. */
const result = (bytes: Uint8Array, asStream: boolean) =>
  asStream
    ? {
        headers: { 'Content-Type': 'video/webm', 'Content-Length': String(bytes.length) },
        body: countingReadable(bytes, 700).stream,
      }
    : { headers: { 'Content-Type': 'video/webm' }, body: bytes }

/** A satisfiable range of a body of `length` bytes, and the bytes it names. */
const rangeArb = (length: number) =>
  fc.oneof(
    fc.tuple(fc.nat({ max: length - 1 }), fc.nat({ max: length + 10 })).map(([start, span]) => ({
      header: `bytes=${start}-${start + span}`,
      start,
      end: Math.min(start + span, length - 1),
    })),
    fc
      .nat({ max: length - 1 })
      .map((start) => ({ header: `bytes=${start}-`, start, end: length - 1 })),
    fc.integer({ min: 1, max: length + 10 }).map((suffix) => ({
      header: `bytes=-${suffix}`,
      start: Math.max(0, length - suffix),
      end: length - 1,
    })),
  )

describe('a 206 carries exactly the bytes its Content-Range names', () => {
  test(
    'any body, any satisfiable range, any gateway: the decoded body is bytes.subarray(start, end + 1)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .uint8Array({ minLength: 1, maxLength: 3000 })
            .chain((bytes) => fc.tuple(fc.constant(bytes), rangeArb(bytes.length))),
          eventArb,
          fc.boolean(),
          async ([bytes, range], event, asStream) => {
            const response = await invokeEncoded(
              withHeaders(event(), { Range: range.header }),
              result(bytes, asStream),
            )
            expect(response.statusCode).toBe(206)
            expect(partOf(response)).toEqual({
              start: range.start,
              end: range.end,
              total: bytes.length,
            })
            expect(
              decoded(response).equals(Buffer.from(bytes.subarray(range.start, range.end + 1))),
            ).toBe(true)
          },
        ),
        PROPERTY_RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )
})

describe('a file larger than a response, part after part', () => {
  test(
    'stitching the parts of successive open-ended ranges gives back the whole body, each part the largest that fits',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 700, max: 2500 })
            .chain((limit) =>
              fc.tuple(fc.constant(limit), fc.uint8Array({ minLength: 1, maxLength: 3 * limit })),
            ),
          eventArb,
          fc.boolean(),
          async ([limit, bytes], event, asStream) => {
            const parts: Buffer[] = []
            let position = 0
            while (position < bytes.length) {
              const response = await invokeEncoded(
                withHeaders(event(), { Range: `bytes=${position}-` }),
                result(bytes, asStream),
                { maxResponseSize: limit },
              )
              const { start, end, total } = partOf(response)
              expect([start, total]).toEqual([position, bytes.length])
              const part = decoded(response)
              expect(part.length).toBe(end - start + 1)
              expect(serializedSize(response)).toBeLessThanOrEqual(limit)
              if (end < bytes.length - 1) {
                // One more byte, its digits in Content-Range included, would not have fitted.
                const grown = JSON.stringify(response)
                  .replace(`${start}-${end}/`, `${start}-${end + 1}/`)
                  .replace(
                    response.body,
                    Buffer.from(bytes.subarray(start, end + 2)).toString('base64'),
                  )
                expect(Buffer.byteLength(grown)).toBeGreaterThan(limit)
              }
              parts.push(part)
              position = end + 1
            }
            expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true)
          },
        ),
        PROPERTY_RUNS,
      )
    },
    PROPERTY_TIMEOUT,
  )
})
