/*
 * A ZIP's central directory, at the end of the archive, lists every entry in the order it was written, with
 * its name, sizes and where its local header is (APPNOTE.TXT 4.3.12, 4.3.16). file-type names a ZIP-based
 * format from the local headers alone: the entries' names in order, and the contents of two small entries,
 * `mimetype` (EPUB, OpenDocument) and `[Content_Types].xml` (Office Open XML). Walking the local headers of
 * a large archive costs time in proportion to its size, and an archive written to a stream (data
 * descriptors: sizes unknown until after the data) must be scanned byte by byte. So the detector is handed
 * a compact ZIP built from the central directory: the entries file-type's rules look at, in the same order,
 * each a local header without its data, except the two entries file-type reads.
 */

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const LOCAL_HEADER_LENGTH = 30
const CENTRAL_HEADER_LENGTH = 46
const END_OF_CENTRAL_DIRECTORY_LENGTH = 22
/** The archive comment after the end record is at most 65,535 bytes long. */
const MAX_COMMENT_LENGTH = 0xffff
/** General purpose flag bit 3: sizes and CRC follow the data in a data descriptor. */
const DATA_DESCRIPTOR_FLAG = 0x0008
/** A field at its maximum means the value is in a ZIP64 record, which this reader does not follow. */
const ZIP64_MARK_16 = 0xffff
const ZIP64_MARK_32 = 0xffffffff
/** The entries whose contents file-type reads to name the format. */
const ENTRIES_READ_BY_DETECTOR = new Set(['mimetype', '[Content_Types].xml'])
/**
 * The entry names file-type 22.3.0's ZIP rules test (source/detectors/zip.js), or a superset of them: the
 * Office Open XML folders (`word/`, `ppt/`, `xl/`), 3D models (`3D/`), the iWork index (`Index/`), the
 * JAR and Firefox add-on markers (`META-INF/`), Android's `classes.dex`, and the two entries it reads. Any
 * other entry changes nothing file-type decides; it only counts towards the 1,024-entry limit, which the
 * view applies first. Walking each entry costs file-type about 8 µs, so the view leaves them out. Check
 * this list when upgrading file-type.
 */
const NAMES_SEEN_BY_DETECTOR =
  /^(?:word\/|ppt\/|xl\/|3D\/|Index\/|META-INF\/|mimetype$|\[Content_Types\]\.xml$)|classes\d*\.dex/
/** file-type parses those entries only up to 1 MiB; an archive with a larger one is not made compact. */
const MAX_ENTRY_READ_BY_DETECTOR = 1024 * 1024
/**
 * file-type gives up on an archive at its 1,025th entry (a limit of 1,024 entries), naming it by what it saw
 * before. The view considers entries up to that one and no further, so the detector sees what it would
 * have seen, and an archive of tens of thousands of entries costs no more than one of a thousand.
 */
const ENTRIES_SEEN_BY_DETECTOR = 1025

interface DirectoryEntry {
  /** The central header, where version, flags, method, time, date, CRC and sizes are copied from. */
  readonly central: number
  readonly name: Uint8Array
  /** Where the entry's data starts in the archive, when the detector needs it. */
  readonly data: number | undefined
  readonly compressedSize: number
}

const END_OF_CENTRAL_DIRECTORY_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06])

const findEndOfCentralDirectory = (bytes: Uint8Array, view: DataView): number | undefined => {
  // Only the last 22 bytes plus the longest comment can hold the record: search no further back.
  const first = Math.max(0, bytes.byteLength - END_OF_CENTRAL_DIRECTORY_LENGTH - MAX_COMMENT_LENGTH)
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + first, bytes.byteLength - first)
  let found = tail.lastIndexOf(END_OF_CENTRAL_DIRECTORY_SIGNATURE, -END_OF_CENTRAL_DIRECTORY_LENGTH)
  while (found >= 0) {
    const at = first + found
    // The record must end exactly where its comment says: a signature found inside the comment or
    // inside compressed data is not it.
    if (at + END_OF_CENTRAL_DIRECTORY_LENGTH + view.getUint16(at + 20, true) === bytes.byteLength) {
      return at
    }
    found = found === 0 ? -1 : tail.lastIndexOf(END_OF_CENTRAL_DIRECTORY_SIGNATURE, found - 1)
  }
  return undefined
}

/**
 * The entries file-type would look at, in directory order, or `undefined` when the directory is missing,
 * empty, ZIP64, or inconsistent.
 */
const readDirectory = (bytes: Uint8Array, view: DataView): DirectoryEntry[] | undefined => {
  const end = findEndOfCentralDirectory(bytes, view)
  if (end === undefined) return undefined
  const count = view.getUint16(end + 10, true)
  const size = view.getUint32(end + 12, true)
  const start = view.getUint32(end + 16, true)
  if (
    // Stryker disable next-line BooleanLiteral: zero in one byte order is zero in the other.
    view.getUint16(end + 4, true) !== 0 ||
    view.getUint16(end + 8, true) !== count ||
    count === ZIP64_MARK_16 ||
    // Stryker disable next-line ConditionalExpression: `start + size > end` refuses it too below 4 GiB; named for the rule.
    start === ZIP64_MARK_32 ||
    start + size > end
  ) {
    return undefined
  }
  const entries: DirectoryEntry[] = []
  let at = start
  for (let index = 0; index < Math.min(count, ENTRIES_SEEN_BY_DETECTOR); index++) {
    if (at + CENTRAL_HEADER_LENGTH > end || view.getUint32(at, true) !== CENTRAL_HEADER) {
      return undefined
    }
    const compressedSize = view.getUint32(at + 20, true)
    const nameLength = view.getUint16(at + 28, true)
    const next =
      at +
      CENTRAL_HEADER_LENGTH +
      nameLength +
      view.getUint16(at + 30, true) +
      view.getUint16(at + 32, true)
    const local = view.getUint32(at + 42, true)
    if (
      next > end ||
      // Stryker disable next-line ArithmeticOperator: a header within 30 bytes of the directory fails the `dataStart` test below.
      local + LOCAL_HEADER_LENGTH > start ||
      view.getUint32(local, true) !== LOCAL_HEADER
    ) {
      return undefined
    }
    const name = bytes.subarray(at + CENTRAL_HEADER_LENGTH, at + CENTRAL_HEADER_LENGTH + nameLength)
    const dataStart =
      local +
      LOCAL_HEADER_LENGTH +
      view.getUint16(local + 26, true) +
      view.getUint16(local + 28, true)
    // The local header's name and extra field must end before the directory begins, as its data must.
    if (dataStart > start) return undefined
    const text = Buffer.from(name.buffer, name.byteOffset, name.byteLength).toString('latin1')
    const read = ENTRIES_READ_BY_DETECTOR.has(text)
    // The compact view must carry everything the detector reads, or it could name the archive differently.
    if (
      read &&
      (compressedSize > MAX_ENTRY_READ_BY_DETECTOR || dataStart + compressedSize > start)
    ) {
      return undefined
    }
    // The first entry always stays: the view must start with a local header for file-type to take it
    // for a ZIP at all.
    if (index === 0 || NAMES_SEEN_BY_DETECTOR.test(text)) {
      entries.push({ central: at, name, data: read ? dataStart : undefined, compressedSize })
    }
    at = next
  }
  return entries.length === 0 ? undefined : entries
}

/**
 * A compact ZIP that file-type names exactly as it would name the whole archive: the entries whose names
 * its rules test, in the same order, each a local header without data descriptor, carrying data only for
 * `mimetype` and `[Content_Types].xml`, then the start of a central directory so the walk ends as it does on
 * the original. It holds at most 1,025 local headers plus those two entries, whatever the archive's size.
 * `undefined` when the archive has no central directory this reader trusts.
 */
export const zipDetectionView = (bytes: Uint8Array): Uint8Array | undefined => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const entries = readDirectory(bytes, view)
  if (entries === undefined) return undefined
  let length = 4
  for (const entry of entries) {
    length +=
      LOCAL_HEADER_LENGTH +
      entry.name.byteLength +
      (entry.data === undefined ? 0 : entry.compressedSize)
  }
  const compact = new Uint8Array(length)
  const out = new DataView(compact.buffer)
  let at = 0
  for (const entry of entries) {
    const withData = entry.data !== undefined
    out.setUint32(at, LOCAL_HEADER, true)
    out.setUint16(at + 4, view.getUint16(entry.central + 6, true), true)
    out.setUint16(at + 6, view.getUint16(entry.central + 8, true) & ~DATA_DESCRIPTOR_FLAG, true)
    // Method, time, date and CRC are copied as they are; the sizes only where the data comes along.
    compact.set(bytes.subarray(entry.central + 10, entry.central + 20), at + 8)
    out.setUint32(at + 18, withData ? entry.compressedSize : 0, true)
    out.setUint32(at + 22, withData ? view.getUint32(entry.central + 24, true) : 0, true)
    out.setUint16(at + 26, entry.name.byteLength, true)
    compact.set(entry.name, at + LOCAL_HEADER_LENGTH)
    at += LOCAL_HEADER_LENGTH + entry.name.byteLength
    if (entry.data !== undefined) {
      compact.set(bytes.subarray(entry.data, entry.data + entry.compressedSize), at)
      at += entry.compressedSize
    }
  }
  out.setUint32(at, CENTRAL_HEADER, true)
  return compact
}
