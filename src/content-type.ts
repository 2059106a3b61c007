import type { FileTypeParser } from 'file-type'
import { signatureType } from './signatures.js'
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
 * file-type, loaded at the first detection rather than with this module: importing it is most of what the
 * package would add to a cold start (tens of milliseconds), which a function whose requests return JSON,
 * or whose bytes are all PNG, JPEG, GIF or PDF, would pay for nothing. One import serves every call.
 */
let fileType: Promise<typeof import('file-type')> | undefined
const loadFileType = (): Promise<typeof import('file-type')> => {
  fileType ??= import('file-type')
  return fileType
}

/**
 * The media type `file-type` finds in the bytes' signature, or the fallback when it finds none. Detection
 * must never break a response: a detector that throws also means the fallback.
 *
 * PNG, APNG, JPEG, GIF and PDF are named without file-type, exactly as it would name them (see
 * signatures.ts), and the answer is then returned at once, not as a promise. Everything else goes to
 * file-type. A parser keeps per-call state between its awaits and is not safe for concurrent use, so each
 * call gets its own: invocations running concurrently in one process (Lambda Managed Instances, a local
 * server, `Promise.all` in tests) must not read each other's bytes. A new parser costs nothing measurable.
 * A failed import of file-type itself (a broken deployment) is not hidden: it rejects.
 */
export const detectContentType = (
  bytes: Uint8Array,
  fallback: string,
  parser?: Pick<FileTypeParser, 'fromBuffer'>,
): string | Promise<string> => signatureType(bytes) ?? detectWithFileType(bytes, fallback, parser)

const detectWithFileType = async (
  bytes: Uint8Array,
  fallback: string,
  parser: Pick<FileTypeParser, 'fromBuffer'> | undefined,
): Promise<string> => {
  const detector = parser ?? new (await loadFileType()).FileTypeParser()
  try {
    return (await detector.fromBuffer(detectionView(bytes)))?.mime ?? fallback
  } catch {
    return fallback
  }
}
