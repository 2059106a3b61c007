import { FileTypeParser } from 'file-type'
import { zipDetectionView } from './zip-directory.js'

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04]
const GZIP_SIGNATURE = [0x1f, 0x8b, 0x08]
/**
 * How much of a ZIP without a usable central directory, or of a gzip, the detector sees. file-type walks
 * such inputs to their end (scanning for data descriptors, inflating the gzip to look for a tar inside), at
 * about 60 ms per MiB for a streamed ZIP and 9 ms per MiB for a gzip here. 8 KiB bounds that while keeping
 * the entries a ZIP's producer puts first (`mimetype` must be first in EPUB and OpenDocument; Office writes
 * `[Content_Types].xml`, a few hundred bytes compressed, first) and far more than the 512-byte tar header a
 * gzip probe looks for.
 */
export const BOUNDED_DETECTION_LENGTH = 8 * 1024

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  signature.every((byte, index) => bytes[index] === byte)

/**
 * The bytes the detector is given: for a ZIP, the compact archive its central directory describes (see
 * zip-directory.ts), else its first 8 KiB; for a gzip, its first 8 KiB (every gzip is named
 * `application/gzip`, a tar inside or not); anything else whole, since file-type reads only its first bytes.
 */
export const detectionView = (bytes: Uint8Array): Uint8Array => {
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    return zipDetectionView(bytes) ?? bytes.subarray(0, BOUNDED_DETECTION_LENGTH)
  }
  if (startsWith(bytes, GZIP_SIGNATURE)) return bytes.subarray(0, BOUNDED_DETECTION_LENGTH)
  return bytes
}

/**
 * The media type `file-type` finds in the bytes' signature, or the fallback when it finds none. Detection
 * must never break a response: a detector that throws also means the fallback.
 *
 * A parser keeps per-call state between its awaits and is not safe for concurrent use, so each call gets
 * its own: invocations running concurrently in one process (Lambda Managed Instances, a local server,
 * `Promise.all` in tests) must not read each other's bytes. A new parser costs nothing measurable here.
 */
export const detectContentType = async (
  bytes: Uint8Array,
  fallback: string,
  parser: Pick<FileTypeParser, 'fromBuffer'> = new FileTypeParser(),
): Promise<string> => {
  try {
    return (await parser.fromBuffer(detectionView(bytes)))?.mime ?? fallback
  } catch {
    return fallback
  }
}
