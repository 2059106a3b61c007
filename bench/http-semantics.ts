/**
 * What Range, conditional requests and HEAD cost, side by side with what the same bytes cost without them:
 * a 206 against a 200 of as many bytes, the fitted part of a 50 MB body, a part read from the middle of a
 * stream, computed ETags, 304s and HEADs, and hostile Range and If-None-Match headers.
 *
 * Runs alone on the built package (`npm run bench:http-semantics`), or as the `http-semantics` section of
 * `npm run bench`, which calls `httpSemantics()`. Its inputs are made here, in memory. Two variants are
 * timed side by side in rounds (the fastest of three alternating samples of each, GC left to V8); the
 * ratio is taken within each round, and the median over rounds is reported with the 10th–90th percentile
 * spread.
 */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import middy from '@middy/core'
import { httpApiEvent, lambdaContext } from '../__tests__/support/events.ts'
import { readHttpRequest } from '../dist/gateways/index.js'
import { binaryResponse } from '../dist/index.js'
import { isNotModified } from '../dist/response/conditional.js'
import { requestedRange } from '../dist/response/range.js'
import { strongEtag } from '../dist/response/validators.js'
import { median, quantile, table, timeEach } from './harness.ts'

interface Comparison {
  readonly baselineNs: number
  readonly candidateNs: number
  readonly ratio: number
  readonly spread: readonly [number, number]
}

/** The mean time of one call over `calls` calls back to back, in nanoseconds. */
const timeCalls = async (task: () => unknown, calls: number): Promise<number> => {
  const start = process.hrtime.bigint()
  for (let call = 0; call < calls; call++) await task()
  return Number(process.hrtime.bigint() - start) / calls
}

/**
 * `candidate` against `baseline`, side by side: each round times both, three samples each in alternating
 * order, and keeps the fastest of each (a sample that a collection or another process interrupted is
 * dropped); the ratio is taken within the round.
 */
const compare = async (
  baseline: () => unknown,
  candidate: () => unknown,
  { rounds = 25, calls = 20 }: { rounds?: number; calls?: number } = {},
): Promise<Comparison> => {
  await timeCalls(baseline, calls)
  await timeCalls(candidate, calls)
  const baselines: number[] = []
  const candidates: number[] = []
  const ratios: number[] = []
  for (let round = 0; round < rounds; round++) {
    let a = Number.POSITIVE_INFINITY
    let b = Number.POSITIVE_INFINITY
    for (let repeat = 0; repeat < 3; repeat++) {
      if ((round + repeat) % 2 === 0) {
        a = Math.min(a, await timeCalls(baseline, calls))
        b = Math.min(b, await timeCalls(candidate, calls))
      } else {
        b = Math.min(b, await timeCalls(candidate, calls))
        a = Math.min(a, await timeCalls(baseline, calls))
      }
    }
    baselines.push(a)
    candidates.push(b)
    ratios.push(b / a)
  }
  return {
    baselineNs: median(baselines),
    candidateNs: median(candidates),
    ratio: median(ratios),
    spread: [quantile(ratios, 0.1), quantile(ratios, 0.9)],
  }
}

const context = lambdaContext()
const MB = 1024 * 1024
const us = (ns: number): string => `${(ns / 1000).toFixed(ns < 10_000 ? 2 : 1)} µs`
const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`
const x = (ratio: number): string => `${ratio.toFixed(3)}×`
const spreadOf = (c: Comparison): string => `${x(c.spread[0])}–${x(c.spread[1])}`

const event = (headers: Record<string, string> = {}, method = 'GET') => {
  const base = httpApiEvent('*/*', '/media/clip.webm')
  return {
    ...base,
    headers: { ...base.headers, ...headers },
    requestContext: { ...base.requestContext, http: { ...base.requestContext.http, method } },
  }
}

/** A handler returning `body` labelled as video, through the middleware. */
const handlerFor = (body: () => unknown, options: Record<string, unknown> = {}) => {
  const handler = middy(async () => ({
    headers: { 'Content-Type': 'video/webm' },
    body: body(),
  })).use(binaryResponse(options))
  return (request: object) => handler(request as never, context)
}

/** A stream of `bytes` in 64 KiB chunks, as a file or S3 would give it, with its length declared. */
const streamed = (bytes: Buffer) => () => {
  const chunks: Buffer[] = []
  for (let offset = 0; offset < bytes.length; offset += 65_536)
    chunks.push(bytes.subarray(offset, offset + 65_536))
  return Readable.from(chunks)
}

// Random bytes do not compress: base64 and hashing cost what they cost for real media.
const body4 = randomBytes(4 * MB)
const body1 = body4.subarray(0, MB)
const body50 = Buffer.concat(Array.from({ length: 12 }, () => body4)).subarray(0, 50_000_000)

const ranges = async (results: Record<string, unknown>) => {
  const whole1 = handlerFor(() => body1)
  const from4 = handlerFor(() => body4)
  const from50 = handlerFor(() => body50)
  // What the first 206 of the 50 MB body carries: the baseline is a 200 of exactly those bytes.
  const first = (await from50(event({ range: 'bytes=0-' }))) as { headers: Record<string, string> }
  const end = /^bytes 0-(\d+)\/50000000$/.exec(first.headers['Content-Range'] ?? '')?.[1]
  if (end === undefined) throw new Error(`unexpected first part: ${first.headers['Content-Range']}`)
  const bodyFitted = body50.subarray(0, Number(end) + 1)
  const fromFitted = handlerFor(() => bodyFitted)
  const rows: Array<[string, Comparison]> = [
    [
      '206 of 1 MiB of a 4 MiB body vs 200 of a 1 MiB body',
      await compare(
        () => whole1(event()),
        () => from4(event({ range: `bytes=0-${MB - 1}` })),
      ),
    ],
    [
      `206, the first ${bodyFitted.length} bytes (all that fit) of a 50 MB body, vs 200 of those bytes`,
      await compare(
        () => fromFitted(event()),
        () => from50(event({ range: 'bytes=0-' })),
        { rounds: 15, calls: 10 },
      ),
    ],
  ]
  table(
    'R1. A 206 costs what its bytes cost (bodies in memory, declared video/webm)',
    ['case', '200 of the same bytes', '206', 'ratio (median)', 'spread p10–p90'],
    rows.map(([name, c]) => [name, ms(c.baselineNs), ms(c.candidateNs), x(c.ratio), spreadOf(c)]),
  )
  results.ranges = Object.fromEntries(rows)

  // A part from the middle of a stream: the bytes before it are read and dropped.
  const stream50 = streamed(body50)
  const streamHandler = middy(async () => ({
    headers: { 'Content-Type': 'video/webm', 'Content-Length': '50000000' },
    body: stream50(),
  })).use(binaryResponse())
  const rows2: string[][] = []
  const streamed2: Record<string, unknown> = {}
  for (const start of [0, 20_000_000, 45_000_000]) {
    const request = event({ range: `bytes=${start}-${start + MB - 1}` })
    const t = await timeEach(() => streamHandler(request as never, context), 15, 3)
    streamed2[start] = t
    rows2.push([
      `bytes=${start}-${start + MB - 1}`,
      ms(t.medianNs),
      `${ms(t.p10Ns)}–${ms(t.p90Ns)}`,
    ])
  }
  table(
    'R2. 1 MiB from a 50 MB stream of declared length, 64 KiB chunks (bytes before the part read and dropped)',
    ['Range', 'median', 'p10–p90'],
    rows2,
  )
  results.streamRanges = streamed2
}

const validators = async (results: Record<string, unknown>) => {
  const rows: string[][] = []
  const hashes: Record<string, unknown> = {}
  for (const [name, bytes] of [
    ['1 KiB', body4.subarray(0, 1024)],
    ['1 MiB', body1],
    ['4 MiB', body4],
  ] as const) {
    const t = await timeEach(() => strongEtag(bytes), 41, 5)
    const base64 = await timeEach(() => bytes.toString('base64'), 41, 5)
    hashes[name] = { etag: t, base64 }
    rows.push([name, us(t.medianNs), us(base64.medianNs), x(t.medianNs / base64.medianNs)])
  }
  table(
    'E1. Computing a strong ETag (SHA-256, the etag option) against the base64 encoding of the same bytes',
    ['bytes', 'strongEtag', "toString('base64')", 'ETag ÷ base64'],
    rows,
  )
  const plain = handlerFor(() => body4)
  const hashing = handlerFor(() => body4, { etag: true })
  const etag = await compare(
    () => plain(event()),
    () => hashing(event()),
  )
  const current = strongEtag(body4)
  const notModified = await compare(
    () => hashing(event()),
    () => hashing(event({ 'if-none-match': current })),
  )
  const head = await compare(
    () => plain(event()),
    () => plain(event({}, 'HEAD')),
  )
  table(
    'E2. A 4 MiB body through the middleware',
    ['variant', 'baseline', 'variant', 'ratio (median)', 'spread p10–p90'],
    [
      [
        'etag: true vs false (200)',
        ms(etag.baselineNs),
        ms(etag.candidateNs),
        x(etag.ratio),
        spreadOf(etag),
      ],
      [
        '304 vs 200 (etag: true)',
        ms(notModified.baselineNs),
        ms(notModified.candidateNs),
        x(notModified.ratio),
        spreadOf(notModified),
      ],
      ['HEAD vs GET', ms(head.baselineNs), ms(head.candidateNs), x(head.ratio), spreadOf(head)],
    ],
  )
  results.etag = { hashes, etagOption: etag, notModified, head }
}

// Hostile headers: the decision's time, reading the event included, for 16 KB and 64 KB values.
const RANGE_SHAPES: ReadonlyArray<[string, (bytes: number) => string]> = [
  ['one 64 KB number', (n) => `bytes=${'9'.repeat(n)}-`],
  ['commas only', (n) => `bytes=${','.repeat(n)}`],
  ['spaces, then a range', (n) => `bytes=${' '.repeat(n)}0-1`],
  [
    'small ranges apart',
    (n) => `bytes=${Array.from({ length: n / 12 }, (_, i) => `${i * 20}-${i * 20 + 1}`).join(',')}`,
  ],
  [
    'overlapping ranges, merged',
    (n) => `bytes=${Array.from({ length: n / 12 }, (_, i) => `${i}-${i + 9}`).join(',')}`,
  ],
  [
    'descending ranges, merged',
    (n) => `bytes=${Array.from({ length: n / 12 }, (_, i) => `${n - i}-${n - i + 9}`).join(',')}`,
  ],
]
const SIZES = [16_384, 65_536]

const hostile = async (results: Record<string, unknown>) => {
  const rows: string[][] = []
  const out: Record<string, unknown> = {}
  const none = { etag: '"v1"', lastModified: undefined }
  for (const [shape, make] of RANGE_SHAPES) {
    const times: number[] = []
    let answer = ''
    for (const size of SIZES) {
      const request = readHttpRequest(event({ range: make(size) })) as NonNullable<
        ReturnType<typeof readHttpRequest>
      >
      answer = requestedRange(request, 50_000_000, none).kind
      times.push((await timeEach(() => requestedRange(request, 50_000_000, none), 21, 3)).medianNs)
    }
    out[shape] = { sizes: SIZES, medianNs: times, answer }
    rows.push([
      shape,
      answer,
      ms(times[0] as number),
      ms(times[1] as number),
      x((times[1] as number) / (times[0] as number)),
    ])
  }
  for (const [shape, tags] of [
    ['If-None-Match, 1,000 tags', 1_000],
    ['If-None-Match, 5,000 tags', 5_000],
  ] as const) {
    const list = Array.from({ length: tags }, (_, i) => `"tag-${i}"`).join(', ')
    const request = readHttpRequest(event({ 'if-none-match': list })) as NonNullable<
      ReturnType<typeof readHttpRequest>
    >
    const t = await timeEach(
      () => isNotModified(request, { etag: '"other"', lastModified: undefined }),
      21,
      3,
    )
    out[shape] = { bytes: list.length, medianNs: t.medianNs }
    rows.push([
      `${shape} (${Math.round(list.length / 1000)} KB)`,
      'no match',
      '',
      ms(t.medianNs),
      '',
    ])
  }
  table(
    'H1. Hostile Range and If-None-Match values (reading the header and deciding; linear means about 4× per 4× length)',
    ['value made of', 'answer', '16 KB', '64 KB', '64 KB ÷ 16 KB'],
    rows,
  )
  results.hostile = out
}

/** Runs every section and returns the figures. */
export const httpSemantics = async (): Promise<Record<string, unknown>> => {
  const results: Record<string, unknown> = {}
  await ranges(results)
  await validators(results)
  await hostile(results)
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`HTTP semantics benchmark, Node ${process.version}, ${new Date().toISOString()}`)
  await httpSemantics()
}
