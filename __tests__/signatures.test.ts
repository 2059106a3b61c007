/**
 * The signature fast path against the real file-type: for every input, signatureType names exactly what
 * file-type names when the input starts with one of its signatures, and nothing otherwise; and
 * detectContentType, fast path or not, answers what file-type answers. Checked over every fixture, over
 * hand-made edge cases, and over generated and mutated inputs.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import * as fc from 'fast-check'
import { fileTypeFromBuffer } from 'file-type'
import { detectContentType, detectionView } from '../src/content-type.js'
import { signatureType } from '../src/signatures.js'
import { PROPERTY_RUNS } from './support/property-runs.js'

const PROPERTY_TIMEOUT = 120_000
const FALLBACK = 'application/x-fallback'

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const PDF = [...Buffer.from('%PDF')]
const GIF = [...Buffer.from('GIF')]
/** The prefixes signatureType answers for; written here again so that the test does not trust the code. */
const FAST_PATH_PREFIXES = [PNG, JPEG, PDF, GIF]

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte)

/** What signatureType must answer: file-type's own answer for its prefixes, nothing for other input. */
const expectedFastAnswer = async (bytes: Uint8Array): Promise<string | undefined> =>
  FAST_PATH_PREFIXES.some((prefix) => startsWith(bytes, prefix))
    ? (await fileTypeFromBuffer(bytes))?.mime
    : undefined

/**
 * What detectContentType answered before the fast path: file-type on the detection view, the fallback
 * when it names nothing or throws (it throws a TypeError on some damaged ZIP entries).
 */
const fileTypeAnswer = async (bytes: Uint8Array): Promise<string> => {
  try {
    return (await fileTypeFromBuffer(detectionView(bytes)))?.mime ?? FALLBACK
  } catch {
    return FALLBACK
  }
}

/** The fast path answers what file-type answers, or leaves the input to it. */
const fastPathAgrees = async (bytes: Uint8Array): Promise<void> => {
  expect(signatureType(bytes)).toBe(await expectedFastAnswer(bytes))
}

/** That, and detectContentType as a whole answers what it answered before the fast path. */
const agreesWithFileType = async (bytes: Uint8Array): Promise<void> => {
  await fastPathAgrees(bytes)
  expect(await detectContentType(bytes, FALLBACK)).toBe(await fileTypeAnswer(bytes))
}

test('the rules were checked against the installed file-type', () => {
  // signatures.ts copies file-type 22.3.0's decisions for PNG, APNG, JPEG, GIF and PDF. An upgrade may
  // change them: read its source/index.js (detectConfident: what comes before these checks too) and
  // source/detectors/png.js, update signatures.ts, then this version.
  const { version } = JSON.parse(
    readFileSync(new URL('../node_modules/file-type/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
  expect(version).toBe('22.3.0')
})

const fixtureFolder = new URL('./fixtures/', import.meta.url)
const signatureFolder = new URL('./fixtures/signatures/', import.meta.url)
const filesIn = (folder: URL): [string, Buffer][] =>
  readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.sh'))
    .map((entry) => [entry.name, readFileSync(new URL(entry.name, folder))])
const fixtures = filesIn(fixtureFolder)
const signatureFixtures = filesIn(signatureFolder)
const allFixtures = [...fixtures, ...signatureFixtures]

describe('every fixture', () => {
  test.each(allFixtures)('%s', async (_file, bytes) => {
    await agreesWithFileType(bytes)
  })

  test.each(signatureFixtures)('%s is named by the fast path', async (_file, bytes) => {
    const named = signatureType(bytes)
    expect(named).toBeDefined()
    expect(named).toBe((await fileTypeFromBuffer(bytes))?.mime)
  })

  test('the signature fixtures cover every type the fast path names', () => {
    const named = new Set(signatureFixtures.map(([, bytes]) => signatureType(bytes)))
    expect([...named].sort()).toEqual([
      'application/pdf',
      'image/apng',
      'image/gif',
      'image/jls',
      'image/jpeg',
      'image/png',
    ])
  })

  test.each(allFixtures)('%s cut at every length up to 64 bytes', async (_file, bytes) => {
    for (let length = 0; length <= Math.min(64, bytes.length); length++) {
      await agreesWithFileType(bytes.subarray(0, length))
    }
  })
})

// PNG chunks, written as file-type reads them: a signed 32-bit length, a 4-byte type, data, a CRC.
const chunk = (type: string, data: Uint8Array | number = 0, length?: number): Buffer => {
  const bytes = typeof data === 'number' ? Buffer.alloc(data, 0x61) : Buffer.from(data)
  const header = Buffer.alloc(8)
  header.writeInt32BE(length ?? bytes.length)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, bytes, Buffer.alloc(4, 0xcc)])
}
const ihdr = chunk('IHDR', 13)
const png = (...chunks: Buffer[]): Buffer => Buffer.concat([Buffer.from(PNG), ...chunks])
const text = (count: number): Buffer[] => Array.from({ length: count }, () => chunk('tEXt', 3))
const bytesOf = (...values: number[]): Buffer => Buffer.from(values)

describe('edge cases of each rule', () => {
  test.each([
    // PNG: the signature, cut and spoofed.
    ['the PNG signature alone', Buffer.from(PNG)],
    ['the PNG signature and 7 bytes', png(Buffer.alloc(7))],
    [
      'the PNG signature, one byte off',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b]),
    ],
    ['PNG-looking text', Buffer.from('PNG image data follows')],
    ['a PNG-looking text line', Buffer.from('\u0089PNG\r\n\u001a\n is a PNG signature', 'utf8')],
    [
      'a UTF-8 BOM before a PNG',
      Buffer.concat([bytesOf(0xef, 0xbb, 0xbf), png(ihdr, chunk('IDAT', 4))]),
    ],
    // PNG: the walk.
    ['IHDR then IDAT', png(ihdr, chunk('IDAT', 4))],
    ['IHDR then acTL then IDAT (APNG)', png(ihdr, chunk('acTL', 8), chunk('IDAT', 4))],
    ['IHDR then IDAT then acTL (not APNG)', png(ihdr, chunk('IDAT', 4), chunk('acTL', 8))],
    ['IHDR, text chunks, acTL', png(ihdr, ...text(5), chunk('acTL', 8))],
    ['IDAT before any IHDR', png(chunk('IDAT', 4))],
    ['acTL before any IHDR', png(chunk('acTL', 8))],
    ['a text chunk before IHDR', png(chunk('tEXt', 3), ihdr, chunk('IDAT', 4))],
    ['CgBI before IHDR', png(chunk('CgBI', 4), ihdr, chunk('IDAT', 4))],
    ['CgBI then a text chunk', png(chunk('CgBI', 4), chunk('tEXt', 3), ihdr)],
    ['IHDR of 12 bytes', png(chunk('IHDR', 12), chunk('IDAT', 4))],
    ['IHDR of 14 bytes', png(chunk('IHDR', 14), chunk('IDAT', 4))],
    ['a second IHDR of the wrong length', png(ihdr, chunk('IHDR', 12), chunk('acTL', 8))],
    ['a second IHDR of the right length', png(ihdr, chunk('IHDR', 13), chunk('acTL', 8))],
    ['IDAT with a negative length', png(ihdr, chunk('IDAT', 4, -1))],
    [
      'a text chunk with a negative length',
      png(ihdr, chunk('tEXt', 4, -2147483648), chunk('IDAT', 4)),
    ],
    ['IHDR and nothing else', png(ihdr)],
    ['IHDR without its CRC', png(ihdr).subarray(0, -4)],
    ['IHDR header alone (16 bytes)', png(ihdr).subarray(0, 16)],
    ['IHDR header cut (15 bytes)', png(ihdr).subarray(0, 15)],
    ['IHDR header cut (11 bytes)', png(ihdr).subarray(0, 11)],
    [
      'an acTL header in the last 8 bytes',
      Buffer.concat([png(ihdr), chunk('acTL').subarray(0, 8)]),
    ],
    [
      'an acTL header in the last 9 bytes',
      Buffer.concat([png(ihdr), chunk('acTL', 1).subarray(0, 9)]),
    ],
    ['a chunk longer than the input', png(ihdr, chunk('tEXt', 3, 1_000_000), chunk('acTL', 8))],
    ['a chunk running past the end', png(ihdr, chunk('tEXt', 3, 53), chunk('acTL', 8))],
    ['a chunk whose length is off by one', png(ihdr, chunk('tEXt', 3, 2), chunk('acTL', 1))],
    ['511 chunks, then acTL', png(ihdr, ...text(510), chunk('acTL', 8))],
    ['512 chunks, then acTL', png(ihdr, ...text(511), chunk('acTL', 8))],
    ['512 chunks, then IHDR of 12 bytes', png(ihdr, ...text(511), chunk('IHDR', 12))],
    [
      'a chunk type with high bytes',
      png(ihdr, chunk('\u00e9\u00e9\u00e9\u00e9', 3), chunk('acTL', 8)),
    ],
    // JPEG.
    ['FF D8 alone', bytesOf(0xff, 0xd8)],
    ['FF D8 FF alone', bytesOf(0xff, 0xd8, 0xff)],
    ['FF D8 FF F7 alone (JPEG-LS)', bytesOf(0xff, 0xd8, 0xff, 0xf7)],
    ['FF D8 FE', bytesOf(0xff, 0xd8, 0xfe, 0xe0)],
    ['FF D9 FF', bytesOf(0xff, 0xd9, 0xff, 0xe0)],
    ['FF FB (an MP3 frame)', bytesOf(0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0)],
    ['a UTF-8 BOM before a JPEG', bytesOf(0xef, 0xbb, 0xbf, 0xff, 0xd8, 0xff, 0xe0)],
    // PDF.
    ['%PDF alone', Buffer.from('%PDF')],
    ['%PDF-1.7', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n')],
    ['%PDF-junk', Buffer.from('%PDF-junk is not a PDF')],
    ['%PD', Buffer.from('%PD')],
    ['%pdf', Buffer.from('%pdf-1.4')],
    ['%!PS', Buffer.from('%!PS-Adobe-3.0\n')],
    ['%!PS EPSF', Buffer.from('%!PS-Adobe-3.0 EPSF-3.0\n')],
    [
      'an Illustrator file (a PDF with AIPrivateData)',
      Buffer.concat([
        Buffer.from('%PDF-1.5\n%\u00e2\u00e3\n'),
        Buffer.alloc(2000, 0x20),
        Buffer.from('<</AIPrivateData1 5 0 R>>\n%AI9_PrivateDataBegin\n'),
      ]),
    ],
    ['a space before %PDF', Buffer.from(' %PDF-1.4')],
    // GIF.
    ['GIF alone', Buffer.from('GIF')],
    ['GIF89a', Buffer.from('GIF89a\u0001\u0000\u0001\u0000')],
    ['GI', Buffer.from('GI')],
    ['GIFT, a word', Buffer.from('GIFT wrapping')],
    // Nothing.
    ['no bytes', Buffer.alloc(0)],
    ['one byte of each signature', bytesOf(0x89)],
    ['0xFF alone', bytesOf(0xff)],
  ])('%s', async (_name, bytes) => {
    await agreesWithFileType(bytes)
  })

  test('the cases hit the answers they are about', () => {
    // Spot checks that the hand-made inputs are what their names say, read by file-type's rules.
    expect(signatureType(png(ihdr, chunk('acTL', 8), chunk('IDAT', 4)))).toBe('image/apng')
    expect(signatureType(png(ihdr, ...text(510), chunk('acTL', 8)))).toBe('image/apng')
    expect(signatureType(png(ihdr, ...text(511), chunk('acTL', 8)))).toBe('image/png')
    expect(signatureType(png(ihdr, chunk('tEXt', 3, 53), chunk('acTL', 8)))).toBe('image/png')
    expect(signatureType(png(ihdr, chunk('IHDR', 12)))).toBeUndefined()
    expect(signatureType(bytesOf(0xff, 0xd8, 0xff, 0xf7))).toBe('image/jls')
  })

  test.each(Array.from({ length: 256 }, (_, byte) => [byte]))(
    'FF D8 FF then byte %d',
    async (byte) => {
      await agreesWithFileType(bytesOf(0xff, 0xd8, 0xff, byte, 0x00, 0x10))
    },
  )

  test('every byte after every cut of each signature', async () => {
    for (const signature of FAST_PATH_PREFIXES) {
      for (let length = 0; length < signature.length; length++) {
        for (let byte = 0; byte < 256; byte++) {
          await fastPathAgrees(Buffer.from([...signature.slice(0, length), byte]))
          await fastPathAgrees(Buffer.from([...signature.slice(0, length), byte, 0x0d, 0x0a]))
        }
      }
    }
  })
})

/** A fast-path prefix, whole or cut, maybe with one byte changed; or no prefix at all. */
const prefix = fc.oneof(
  fc.constantFrom(...FAST_PATH_PREFIXES),
  fc
    .tuple(
      fc.constantFrom(...FAST_PATH_PREFIXES),
      fc.nat(7),
      fc.nat(7),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([signature, cut, at, byte]) => {
      const bytes = signature.slice(0, Math.max(1, signature.length - (cut % signature.length)))
      if (at < bytes.length) bytes[at] = byte
      return bytes
    }),
  fc.constant([] as number[]),
)
const withPrefix = fc
  .tuple(prefix, fc.uint8Array({ maxLength: 96 }))
  .map(([head, tail]) => Buffer.concat([Buffer.from(head), tail]))

const chunkType = fc.oneof(
  fc.constantFrom('IHDR', 'IDAT', 'acTL', 'CgBI', 'tEXt', 'IEND', 'fcTL', 'PLTE'),
  fc
    .uint8Array({ minLength: 4, maxLength: 4 })
    .map((bytes) => Buffer.from(bytes).toString('latin1')),
)
/** A chunk whose length field is usually right, sometimes 13, sometimes anything a signed int holds. */
const generatedChunk = fc
  .tuple(
    chunkType,
    fc.uint8Array({ maxLength: 24 }),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(13) },
      { weight: 1, arbitrary: fc.integer({ min: -2, max: 40 }) },
      { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
    ),
  )
  .map(([type, data, length]) =>
    type === 'IHDR' && length === undefined ? chunk(type, 13) : chunk(type, data, length),
  )
/** A PNG of generated chunks, usually starting with IHDR, cut anywhere or not at all. */
const generatedPng = fc
  .tuple(
    fc.boolean(),
    fc.array(generatedChunk, { maxLength: 8 }),
    fc.option(fc.nat(400), { nil: undefined }),
  )
  .map(([startsWithHeader, chunks, cut]) => {
    const bytes = png(...(startsWithHeader ? [ihdr] : []), ...chunks)
    return cut === undefined ? bytes : bytes.subarray(0, Math.min(bytes.length, cut))
  })

/**
 * A real fixture with a few bytes changed, inserted or removed, mostly near its start. The small ones only:
 * the large ZIP is about its directory, which the fast path never reads.
 */
const mutatedFixture = fc
  .tuple(
    fc.constantFrom(
      ...allFixtures.map(([, bytes]) => bytes).filter((bytes) => bytes.length <= 8192),
    ),
    fc.array(
      fc.tuple(
        fc.constantFrom('set', 'insert', 'remove', 'cut'),
        fc.oneof(fc.nat(64), fc.nat(4096)),
        fc.integer({ min: 0, max: 255 }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([original, edits]) => {
    let bytes = Buffer.from(original)
    for (const [edit, position, byte] of edits) {
      const at = Math.min(position, bytes.length)
      if (edit === 'set' && at < bytes.length) bytes[at] = byte
      if (edit === 'insert')
        bytes = Buffer.concat([bytes.subarray(0, at), bytesOf(byte), bytes.subarray(at)])
      if (edit === 'remove') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
      if (edit === 'cut') bytes = bytes.subarray(0, at)
    }
    return bytes
  })

describe('generated inputs', () => {
  test.each([
    ['bytes after a fast-path prefix, whole, cut or changed', withPrefix],
    ['PNGs of generated chunks', generatedPng],
    ['real fixtures, mutated', mutatedFixture],
  ])(
    '%s',
    async (_name, inputs) => {
      await fc.assert(fc.asyncProperty(inputs, agreesWithFileType), PROPERTY_RUNS)
    },
    PROPERTY_TIMEOUT,
  )
})

describe('detectContentType', () => {
  test.each([
    ['a PNG', png(ihdr, chunk('IDAT', 4)), 'image/png'],
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'application/pdf'],
  ])('answers %s at once, not as a promise', (_name, bytes, mime) => {
    expect(detectContentType(bytes, FALLBACK)).toBe(mime)
  })

  test.each([
    ['a WAV', filesIn(fixtureFolder).find(([file]) => file === 'sound.wav')?.[1] as Buffer],
    ['a truncated PNG', png(ihdr).subarray(0, 12)],
  ])('leaves %s to file-type', async (_name, bytes) => {
    const answer = detectContentType(bytes, FALLBACK)
    expect(answer).toBeInstanceOf(Promise)
    expect(await answer).toBe(await fileTypeAnswer(bytes))
  })
})
