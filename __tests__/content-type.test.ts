import { describe, expect, test } from '@jest/globals'
import { FileTypeParser } from 'file-type'
import { BOUNDED_DETECTION_LENGTH, detectContentType, detectionView } from '../src/content-type.js'
import { zipDetectionView } from '../src/zip-directory.js'
import { FIXTURES, readFixture, UNDETECTABLE_FIXTURE } from './support/fixtures.js'

const FALLBACK = 'application/x-fallback'

describe('detectContentType with the real file-type', () => {
  test.each(FIXTURES)('$file is $mime', async ({ file, mime }) => {
    expect(await detectContentType(readFixture(file), FALLBACK)).toBe(mime)
  })

  test.each([
    ['text file-type cannot name', readFixture(UNDETECTABLE_FIXTURE)],
    ['JSON', Buffer.from('{"hello":"world"}')],
    ['no bytes', Buffer.alloc(0)],
    ['a truncated PNG signature', readFixture('image.png').subarray(0, 4)],
  ])('%s gets the fallback', async (_name, bytes) => {
    expect(await detectContentType(bytes, FALLBACK)).toBe(FALLBACK)
  })

  test('concurrent detections each name their own bytes', async () => {
    // A shared file-type parser keeps per-call state across awaits: run together, calls read each
    // other's bytes (a PNG came out as application/gzip).
    const inputs = [...FIXTURES, ...FIXTURES].map(({ file, mime }) => ({
      bytes: readFixture(file),
      mime,
    }))
    const detected = await Promise.all(
      inputs.map(({ bytes }) => detectContentType(bytes, FALLBACK)),
    )
    expect(detected).toEqual(inputs.map(({ mime }) => mime))
  })

  test('a detector that throws means the fallback, not a broken response', async () => {
    const throwing = new FileTypeParser({
      customDetectors: [
        {
          id: 'throws',
          detect: async () => {
            throw new Error('detector failed')
          },
        },
      ],
    })
    await expect(throwing.fromBuffer(readFixture('sound.wav'))).rejects.toThrow('detector failed')
    expect(await detectContentType(readFixture('sound.wav'), FALLBACK, throwing)).toBe(FALLBACK)
  })
})

/** A real file repeated to a length: a large input whose first bytes are the file's signature. */
const grownTo = (file: string, length: number): Buffer => {
  const bytes = readFixture(file)
  return Buffer.concat(Array(Math.ceil(length / bytes.byteLength)).fill(bytes)).subarray(0, length)
}

describe('detectionView: what the detector is given, so a large input costs no walk to its end', () => {
  const zip = readFixture('content-types-last.docx')
  const large = 3 * BOUNDED_DETECTION_LENGTH
  // Each case's bytes and expected view are made inside its test, never while Jest collects the cases: a
  // mutant that throws there must fail a test, not the file's load (docs/quality.md).
  test.each<[string, () => [Uint8Array, Uint8Array | undefined]]>([
    ['a ZIP: the compact archive from its directory', () => [zip, zipDetectionView(zip)]],
    [
      'a ZIP without a directory: its first bytes',
      () => [
        grownTo('streamed.docx', large).subarray(0, -1),
        grownTo('streamed.docx', large).subarray(0, BOUNDED_DETECTION_LENGTH),
      ],
    ],
    [
      'a gzip: its first bytes',
      () => [
        grownTo('archive.tar.gz', large),
        grownTo('archive.tar.gz', large).subarray(0, BOUNDED_DETECTION_LENGTH),
      ],
    ],
    ['a short gzip: all of it', () => [readFixture('hello.txt.gz'), readFixture('hello.txt.gz')]],
    ['a PNG: all of it', () => [grownTo('image.png', large), grownTo('image.png', large)]],
    ['text: all of it', () => [grownTo('notes.txt', large), grownTo('notes.txt', large)]],
    ['one byte of a signature: all of it', () => [Buffer.from([0x50]), Buffer.from([0x50])]],
  ])('%s', (_name, made) => {
    const [bytes, expected] = made()
    expect(Buffer.from(detectionView(bytes))).toEqual(Buffer.from(expected as Uint8Array))
  })

  test('a non-ZIP input is passed on as the same view, not a copy', () => {
    const png = readFixture('image.png')
    expect(detectionView(png)).toBe(png)
  })

  test.each([
    [
      'a streamed DOCX without a directory, by the word/ entries at its start',
      'streamed.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['a plain streamed ZIP without a directory', 'streamed.zip', 'application/zip'],
    ['a gzip of a tar', 'archive.tar.gz', 'application/gzip'],
  ])('%s is still named from its first bytes', async (_name, file, mime) => {
    // Grown past the bound and cut before the directory: only the first bytes can name it.
    const bytes = grownTo(file, large).subarray(0, -1)
    expect(await detectContentType(bytes, FALLBACK)).toBe(mime)
  })
})
