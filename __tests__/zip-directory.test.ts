import { readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { fileTypeFromBuffer } from 'file-type'
import { zipDetectionView } from '../src/zip-directory.js'
import { readFixture, ZIP_FIXTURES } from './support/fixtures.js'

const END_RECORD_LENGTH = 22
const zip = 'archive.zip'
const docx = 'document.docx'

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

/** The fixtures made by make-zip-fixtures.sh, for this reader only. */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const READER_FIXTURES = [
  // Extra fields (28 bytes local, 24 central) and a comment on every entry.
  { file: 'extra-fields.docx', mime: DOCX },
  // Names that only look like those file-type tests, then lib/classes2.dex; an empty file last.
  { file: 'decoy-names.zip', mime: 'application/vnd.android.package-archive' },
]
const ALL_ZIPS = [...ZIP_FIXTURES, ...READER_FIXTURES]

interface CentralEntry {
  at: number
  name: string
}
/** The central directory's entries, read the plain way (APPNOTE.TXT 4.3.12), for comparison. */
const centralEntries = (bytes: Buffer): CentralEntry[] => {
  let end = bytes.lastIndexOf('PK\u0005\u0006')
  // A comment may quote the signature: the record is the one that ends where its comment says.
  while (end + 22 + bytes.readUInt16LE(end + 20) !== bytes.byteLength) {
    end = bytes.lastIndexOf('PK\u0005\u0006', end - 1)
  }
  const entries: CentralEntry[] = []
  let at = bytes.readUInt32LE(end + 16)
  for (let index = 0; index < bytes.readUInt16LE(end + 10); index++) {
    const nameLength = bytes.readUInt16LE(at + 28)
    entries.push({ at, name: bytes.toString('latin1', at + 46, at + 46 + nameLength) })
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32)
  }
  return entries
}

/** Where the data of the entry whose central header is at `central` starts, from its local header. */
const dataStartOf = (bytes: Buffer, central: number): number => {
  const local = bytes.readUInt32LE(central + 42)
  return local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
}

/**
 * A copy of a real archive with `padding` zero bytes after the data of the entry `name`, counted as part
 * of that entry's compressed data; every offset after it moves along.
 */
const padded = (file: string, name: string, padding: number): Buffer => {
  const bytes = readFixture(file)
  const central = centralHeaderOf(bytes, name)
  const dataEnd = dataStartOf(bytes, central) + bytes.readUInt32LE(central + 20)
  const out = Buffer.concat([
    bytes.subarray(0, dataEnd),
    Buffer.alloc(padding),
    bytes.subarray(dataEnd),
  ])
  const end = endRecord(out)
  out.writeUInt32LE(out.readUInt32LE(end + 16) + padding, end + 16)
  for (const entry of centralEntries(out)) {
    const local = out.readUInt32LE(entry.at + 42)
    if (local >= dataEnd) out.writeUInt32LE(local + padding, entry.at + 42)
    if (entry.name === name)
      out.writeUInt32LE(out.readUInt32LE(entry.at + 20) + padding, entry.at + 20)
  }
  return out
}

describe('zipDetectionView names every ZIP fixture as file-type names the whole archive', () => {
  test.each(ALL_ZIPS)('$file is $mime', async ({ file, mime }) => {
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
    ['decoy-names.zip', ['readme.txt', 'lib/classes2.dex']],
    ['extra-fields.docx', ['[Content_Types].xml', 'word/document.xml']],
  ])('%s: the view keeps the first entry and those file-type tests, in order', (file, names) => {
    expect(localNames(zipDetectionView(readFixture(file)) as Uint8Array)).toEqual(names)
  })

  test('an archive comment quoting the end signature is skipped for the real end record', () => {
    const bytes = readFixture('commented.zip')
    expect(bytes.subarray(bytes.byteLength - 40).includes('PK\u0005\u0006')).toBe(true)
    expect(zipDetectionView(bytes)).toBeDefined()
  })

  test.each(ALL_ZIPS)(
    '$file: each local header of the view copies its central header',
    ({ file }) => {
      const bytes = readFixture(file)
      const view = Buffer.from(zipDetectionView(bytes) as Uint8Array)
      const central = new Map(centralEntries(bytes).map((entry) => [entry.name, entry.at]))
      let at = 0
      for (const name of localNames(view)) {
        const c = central.get(name) as number
        const withData = name === 'mimetype' || name === '[Content_Types].xml'
        const size = withData ? bytes.readUInt32LE(c + 20) : 0
        expect(view.readUInt32LE(at)).toBe(0x04034b50)
        expect(view.readUInt16LE(at + 4)).toBe(bytes.readUInt16LE(c + 6)) // version needed
        expect(view.readUInt16LE(at + 6)).toBe(bytes.readUInt16LE(c + 8) & ~0x0008) // flags
        // Method, time, date and CRC, as they are.
        expect(view.subarray(at + 8, at + 18)).toEqual(bytes.subarray(c + 10, c + 20))
        expect(view.readUInt32LE(at + 18)).toBe(size)
        expect(view.readUInt32LE(at + 22)).toBe(withData ? bytes.readUInt32LE(c + 24) : 0)
        expect(view.readUInt16LE(at + 26)).toBe(Buffer.byteLength(name, 'latin1'))
        expect(view.readUInt16LE(at + 28)).toBe(0) // no extra field
        at += 30 + Buffer.byteLength(name, 'latin1')
        const data = dataStartOf(bytes, c)
        expect(view.subarray(at, at + size)).toEqual(bytes.subarray(data, data + size))
        at += size
      }
      // Then the start of a central directory, and nothing else.
      expect(view.subarray(at)).toEqual(Buffer.from('PK\u0001\u0002', 'latin1'))
    },
  )

  test('an archive comment of the longest length, 65,535 bytes, is stepped over', () => {
    const bytes = Buffer.concat([readFixture('archive.zip'), Buffer.alloc(0xffff, 0x61)])
    bytes.writeUInt16LE(0xffff, bytes.byteLength - 0xffff - 2)
    expect(zipDetectionView(bytes)).toBeDefined()
  })

  test('[Content_Types].xml of exactly 1 MiB compressed, the most file-type reads, is carried', () => {
    const bytes = padded(docx, '[Content_Types].xml', 0)
    const size = bytes.readUInt32LE(centralHeaderOf(bytes, '[Content_Types].xml') + 20)
    const mib = padded(docx, '[Content_Types].xml', 1024 * 1024 - size)
    expect(mib.readUInt32LE(centralHeaderOf(mib, '[Content_Types].xml') + 20)).toBe(1024 * 1024)
    expect(zipDetectionView(mib)?.byteLength).toBeGreaterThan(1024 * 1024)
  })

  test('a local header that ends exactly where the directory starts is read', () => {
    const bytes = Buffer.from(readFixture(zip))
    const start = bytes.readUInt32LE(endRecord(bytes) + 16)
    // A local header of no name and no extra field, its last byte the one before the directory.
    bytes.fill(0, start - 30, start)
    bytes.writeUInt32LE(0x04034b50, start - 30)
    bytes.writeUInt32LE(start - 30, start + 42)
    expect(localNames(zipDetectionView(bytes) as Uint8Array)).toEqual(['hello.txt'])
  })

  test('a central header of no name that ends exactly at the end record is read', () => {
    const bytes = readFixture(zip)
    const end = endRecord(bytes)
    const start = bytes.readUInt32LE(end + 16)
    // A second entry: the first's central header without its name, the directory 46 bytes longer.
    const second = Buffer.from(bytes.subarray(start, start + 46))
    second.writeUInt16LE(0, 28)
    const record = Buffer.from(bytes.subarray(end))
    record.writeUInt16LE(2, 8)
    record.writeUInt16LE(2, 10)
    record.writeUInt32LE(bytes.readUInt32LE(end + 12) + 46, 12)
    const archive = Buffer.concat([bytes.subarray(0, end), second, record])
    expect(localNames(zipDetectionView(archive) as Uint8Array)).toEqual(['hello.txt'])
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
  test.each([
    ['no end record (truncated)', readFixture(zip).subarray(0, -1)],
    ['bytes after the end record', Buffer.concat([readFixture(zip), Buffer.from([0])])],
    [
      'an end record alone, not ending where its comment says',
      Buffer.concat([readFixture(zip).subarray(-END_RECORD_LENGTH), Buffer.from([1])]),
    ],
    [
      'a comment length longer than what follows',
      damaged(zip, (b, end) => b.writeUInt16LE(1, end + 20)),
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
    [
      // 1,032 entries really there: the marker alone is refused, the entries are not read as 65,535.
      'ZIP64 entry count, on a directory holding more than 1,024 entries',
      damaged('many-entries.zip', (b, end) => {
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
    [
      // The last entry's comment made 4 bytes shorter, those 4 bytes a central signature, and one entry
      // more counted: a header that starts 4 bytes before the end record cannot be read.
      'a central header cut short by the end record',
      damaged('extra-fields.docx', (b, end) => {
        const last = centralEntries(b).at(-1) as CentralEntry
        b.writeUInt16LE(b.readUInt16LE(last.at + 32) - 4, last.at + 32)
        b.write('PK\u0001\u0002', end - 4, 'latin1')
        b.writeUInt16LE(b.readUInt16LE(end + 8) + 1, end + 8)
        b.writeUInt16LE(b.readUInt16LE(end + 10) + 1, end + 10)
      }),
    ],
    ['a local header without its signature', damaged(zip, (b) => b.writeUInt32LE(0, 0))],
    [
      // A local signature planted 10 bytes before the directory, and the entry pointed at it.
      'a local header running into the directory',
      damaged(zip, (b, end) => {
        const start = b.readUInt32LE(end + 16)
        b.writeUInt32LE(0x04034b50, start - 10)
        b.writeUInt32LE(start - 10, start + 42)
      }),
    ],
    [
      'a local header offset past the end of the archive',
      damaged(zip, (b, end) => b.writeUInt32LE(0x7fffffff, b.readUInt32LE(end + 16) + 42)),
    ],
    ['a local name running into the directory', damaged(zip, (b) => b.writeUInt16LE(0xffff, 26))],
    [
      '[Content_Types].xml over the 1 MiB file-type reads',
      damaged(docx, (b) =>
        b.writeUInt32LE(1024 * 1024 + 1, centralHeaderOf(b, '[Content_Types].xml') + 20),
      ),
    ],
    [
      '[Content_Types].xml of 1 MiB and 1 byte, inside the archive',
      (() => {
        const size = readFixture(docx).readUInt32LE(
          centralHeaderOf(readFixture(docx), '[Content_Types].xml') + 20,
        )
        return padded(docx, '[Content_Types].xml', 1024 * 1024 + 1 - size)
      })(),
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
