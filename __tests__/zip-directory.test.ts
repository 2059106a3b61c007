import { readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { fileTypeFromBuffer } from 'file-type'
import { zipDetectionView } from '../src/zip-directory.js'
import { readFixture, ZIP_FIXTURES } from './support/fixtures.js'

const END_RECORD_LENGTH = 22

/** Where the end-of-central-directory record of a fixture without an archive comment starts. */
const endRecord = (bytes: Buffer): number => bytes.byteLength - END_RECORD_LENGTH

/** A copy of a real archive with one field rewritten, to show what the reader refuses. */
const damaged = (file: string, damage: (bytes: Buffer, end: number) => void): Buffer => {
  const bytes = Buffer.from(readFixture(file))
  damage(bytes, endRecord(bytes))
  return bytes
}

/** Where the central header of the entry with this name starts. */
const centralHeaderOf = (bytes: Buffer, name: string): number =>
  bytes.indexOf(Buffer.from(name), bytes.readUInt32LE(endRecord(bytes) + 16)) - 46

/** The names of the local headers in a view, in order. */
const localNames = (view: Uint8Array): string[] => {
  const bytes = Buffer.from(view)
  const names: string[] = []
  for (let at = 0; bytes.readUInt32LE(at) === 0x04034b50; ) {
    const nameLength = bytes.readUInt16LE(at + 26)
    names.push(bytes.toString('latin1', at + 30, at + 30 + nameLength))
    at += 30 + nameLength + bytes.readUInt16LE(at + 28) + bytes.readUInt32LE(at + 18)
  }
  return names
}

describe('zipDetectionView names every ZIP fixture as file-type names the whole archive', () => {
  test.each([...ZIP_FIXTURES])('$file is $mime', async ({ file, mime }) => {
    const bytes = readFixture(file)
    const view = zipDetectionView(bytes)
    expect(view).toBeDefined()
    expect((await fileTypeFromBuffer(view as Uint8Array))?.mime).toBe(mime)
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe(mime)
  })

  test.each([
    // The picture's data is left out; only [Content_Types].xml comes along.
    ['content-types-last.docx', 'a DOCX with a picture before its content types'],
    ['streamed.docx', 'a DOCX whose entries have data descriptors'],
  ])('%s: the view leaves out the data the detector never reads (%s)', (file) => {
    const bytes = readFixture(file)
    const view = zipDetectionView(bytes) as Uint8Array
    expect(view.byteLength).toBeLessThan(bytes.byteLength / 2)
    // No entry keeps a data descriptor flag: the detector never has to scan for one.
    const local = Buffer.from(view)
    for (
      let at = local.indexOf('PK\u0003\u0004');
      at >= 0;
      at = local.indexOf('PK\u0003\u0004', at + 4)
    ) {
      expect(local.readUInt16LE(at + 6) & 0x0008).toBe(0)
    }
  })

  test.each([
    // [fixture, the names the view keeps, in order]
    [
      'content-types-last.docx',
      ['word/media/image1.png', 'word/document.xml', '[Content_Types].xml'],
    ],
    ['app.jar', ['readme.txt', 'META-INF/MANIFEST.MF']],
    ['app.apk', ['res/readme.txt', 'classes.dex']],
    // 1,032 entries: file-type gives up at the 1,025th and never sees the manifest, nor does the view.
    ['many-entries.zip', ['many/']],
  ])('%s: the view keeps the first entry and those file-type tests, in order', (file, names) => {
    expect(localNames(zipDetectionView(readFixture(file)) as Uint8Array)).toEqual(names)
  })

  test('an archive comment quoting the end signature is skipped for the real end record', () => {
    const bytes = readFixture('commented.zip')
    expect(bytes.subarray(bytes.byteLength - 40).includes('PK\u0005\u0006')).toBe(true)
    expect(zipDetectionView(bytes)).toBeDefined()
  })

  test('a view shares no memory with the archive', () => {
    const bytes = Buffer.from(readFixture('document.docx'))
    const view = zipDetectionView(bytes) as Uint8Array
    expect(view.buffer).not.toBe(bytes.buffer)
  })
})

test('the list of names the view keeps was checked against the installed file-type', () => {
  // zip-directory.ts copies which entry names file-type's ZIP rules test. An upgrade may add a rule: read
  // its source/detectors/zip.js, update the list, then this version.
  const { version } = JSON.parse(
    readFileSync(new URL('../node_modules/file-type/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
  expect(version).toBe('22.3.0')
})

describe('zipDetectionView refuses a directory it cannot trust, so the caller falls back', () => {
  const zip = 'archive.zip'
  const docx = 'document.docx'
  test.each([
    ['no end record (truncated)', readFixture(zip).subarray(0, -1)],
    ['bytes after the end record', Buffer.concat([readFixture(zip), Buffer.from([0])])],
    [
      'an end record alone, not ending where its comment says',
      Buffer.concat([readFixture(zip).subarray(-END_RECORD_LENGTH), Buffer.from([0])]),
    ],
    ['too short to hold an end record', Buffer.from('PK\u0003\u0004')],
    [
      'no entries',
      damaged(zip, (b, end) => {
        b.writeUInt16LE(0, end + 8)
        b.writeUInt16LE(0, end + 10)
      }),
    ],
    ['on another disk', damaged(zip, (b, end) => b.writeUInt16LE(1, end + 4))],
    [
      'entries on this disk differ from the total',
      damaged(zip, (b, end) => b.writeUInt16LE(2, end + 8)),
    ],
    [
      'ZIP64 entry count',
      damaged(zip, (b, end) => {
        b.writeUInt16LE(0xffff, end + 8)
        b.writeUInt16LE(0xffff, end + 10)
      }),
    ],
    ['ZIP64 directory offset', damaged(zip, (b, end) => b.writeUInt32LE(0xffffffff, end + 16))],
    [
      'directory running past its end record',
      damaged(zip, (b, end) => b.writeUInt32LE(1000, end + 12)),
    ],
    [
      'more entries than the directory holds',
      damaged(zip, (b, end) => {
        b.writeUInt16LE(2, end + 8)
        b.writeUInt16LE(2, end + 10)
      }),
    ],
    [
      'a directory entry without its signature',
      damaged(zip, (b, end) => b.writeUInt32LE(0, b.readUInt32LE(end + 16))),
    ],
    [
      'a name running past the directory',
      damaged(zip, (b, end) => b.writeUInt16LE(1000, b.readUInt32LE(end + 16) + 28)),
    ],
    [
      'a local header offset inside the directory',
      damaged(zip, (b, end) =>
        b.writeUInt32LE(b.readUInt32LE(end + 16), b.readUInt32LE(end + 16) + 42),
      ),
    ],
    ['a local header without its signature', damaged(zip, (b) => b.writeUInt32LE(0, 0))],
    [
      '[Content_Types].xml over the 1 MiB file-type reads',
      damaged(docx, (b) =>
        b.writeUInt32LE(1024 * 1024 + 1, centralHeaderOf(b, '[Content_Types].xml') + 20),
      ),
    ],
    [
      '[Content_Types].xml data running into the directory',
      damaged(docx, (b) =>
        b.writeUInt32LE(64 * 1024, centralHeaderOf(b, '[Content_Types].xml') + 20),
      ),
    ],
  ])('%s', (_name, bytes) => {
    expect(zipDetectionView(bytes)).toBeUndefined()
  })

  test('the damage helpers hit the fields they name', () => {
    const bytes = readFixture(docx)
    expect(bytes.readUInt32LE(endRecord(bytes))).toBe(0x06054b50)
    const central = centralHeaderOf(bytes, '[Content_Types].xml')
    expect(bytes.readUInt32LE(central)).toBe(0x02014b50)
    expect(zipDetectionView(bytes)).toBeDefined()
  })
})
