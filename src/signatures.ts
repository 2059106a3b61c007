/*
 * The answer file-type 22.3.0 gives for the formats most binary responses are (PNG and APNG, JPEG, GIF,
 * PDF), worked out from the bytes without allocating anything. file-type's own call builds a parser, a
 * tokenizer, a 4,100-byte buffer and a byte array for each signature string it tries, and that garbage
 * costs more than the check: at 3 KB it was most of what the middleware added to the bare base64 encoding.
 *
 * Each rule below copies file-type's decision (source/index.js `detectConfident`, source/detectors/png.js)
 * for input it is handed whole (`fromBuffer`, whose size is known). For a first byte of 0x89, 0xFF, 0x25
 * or 0x47 no check file-type makes before these ones can match: every earlier check tests a different
 * first byte, or (LHA's `-lh?-`) a third byte none of these signatures has. Anything else, and any input
 * these rules cannot name exactly as file-type would, is left to file-type. Check this file when upgrading
 * file-type: a differential test compares it with the installed file-type and pins its version.
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46] as const // %PDF
const GIF_SIGNATURE = [0x47, 0x49, 0x46] as const // GIF

/** PNG chunk types as big-endian 32-bit numbers (ISO/IEC 15948 5.4; APNG's acTL). */
const IHDR = 0x49484452
const IDAT = 0x49444154
const ACTL = 0x6163544c
/** Apple's non-standard chunk before IHDR in iOS-optimised PNGs; file-type walks past it. */
const CGBI = 0x43674249
/** The length of IHDR's data; file-type refuses any IHDR chunk of another length. */
const IHDR_LENGTH = 13
/** file-type stops walking a PNG after this many chunks and calls it a PNG. */
const MAX_PNG_CHUNKS = 512
/** A chunk's length and type come before its data; its CRC comes after. */
const CHUNK_HEADER_LENGTH = 8
const CHUNK_CRC_LENGTH = 4

/** Past the end of a short input the bytes read as `undefined`, which matches no signature byte. */
const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean => {
  for (let index = 0; index < signature.length; index++) {
    if (bytes[index] !== signature[index]) return false
  }
  return true
}

/** The signed big-endian 32-bit number at `at`, as file-type's INT32_BE token reads it. */
const int32At = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] as number) << 24) |
  ((bytes[at + 1] as number) << 16) |
  ((bytes[at + 2] as number) << 8) |
  (bytes[at + 3] as number)

/**
 * file-type's PNG walk: chunk by chunk from the end of the signature, APNG when an `acTL` chunk comes
 * before the first `IDAT`, PNG at the first `IDAT`. `undefined` where file-type names nothing (a
 * negative length, an IHDR of the wrong length, another chunk before IHDR, the input ending inside the
 * first chunk's header); file-type is then asked and says so itself.
 */
const pngType = (bytes: Uint8Array): string | undefined => {
  const size = bytes.length
  let at = PNG_SIGNATURE.length
  let seenImageHeader = false
  for (let chunk = 1; chunk <= MAX_PNG_CHUNKS; chunk++) {
    // Only the first chunk can start this close to the end: after each chunk the walk goes on only while
    // more than a header's worth of bytes is left. file-type's read of that header fails: no type.
    // Stryker disable next-line ArithmeticOperator,ConditionalExpression: reading past the end gives a type with zero bytes, which names no chunk, so the walk answers `undefined` all the same.
    if (at + CHUNK_HEADER_LENGTH > size) return undefined
    const length = int32At(bytes, at)
    const type = int32At(bytes, at + 4)
    at += CHUNK_HEADER_LENGTH
    if (length < 0) return undefined
    if (type === IHDR) {
      if (length !== IHDR_LENGTH) return undefined
      seenImageHeader = true
    }
    if (type === IDAT) return 'image/png'
    if (type === ACTL) return 'image/apng'
    if (!seenImageHeader && type !== CGBI) return undefined
    // file-type skips the data and CRC, and goes on only while more than a chunk header is left. A skip
    // past the end (refused when longer than the whole input, else stopped at the end) ends the walk
    // there too, and it calls the input a PNG.
    at += length + CHUNK_CRC_LENGTH
    if (at + CHUNK_HEADER_LENGTH >= size) return 'image/png'
  }
  return 'image/png'
}

/**
 * The media type file-type 22.3.0 names these bytes, for PNG, APNG, JPEG (and JPEG-LS), GIF and PDF
 * signatures; `undefined` for anything else, which file-type itself must look at.
 */
export const signatureType = (bytes: Uint8Array): string | undefined => {
  switch (bytes[0]) {
    case 0x89:
      return startsWith(bytes, PNG_SIGNATURE) ? pngType(bytes) : undefined
    case 0xff:
      // SOI then a marker's first byte; file-type names JPG7/SOF55 (0xF7) as JPEG-LS (ISO/IEC 14495).
      if (bytes[1] !== 0xd8 || bytes[2] !== 0xff) return undefined
      return bytes[3] === 0xf7 ? 'image/jls' : 'image/jpeg'
    case 0x25:
      // file-type takes `%PDF` alone for a PDF, whatever follows (an Illustrator file included).
      return startsWith(bytes, PDF_SIGNATURE) ? 'application/pdf' : undefined
    case 0x47:
      return startsWith(bytes, GIF_SIGNATURE) ? 'image/gif' : undefined
  }
  return undefined
}
