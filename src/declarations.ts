/**
 * What a result declares about its own bytes before they are read: a Content-Type and a Content-Length,
 * from the handler's headers first, then from the body itself (an S3 response's headers, a Blob's type and
 * size). Read once, as the pipeline takes the result on.
 */
import type { FoundResult } from './binary-body.js'
import { collectHeaderValues, headerValuesIn } from './headers.js'
import { isRecord } from './is-record.js'
import { isStreamBody, type StreamBody } from './stream-kinds.js'

export interface Declarations {
  /** The Content-Type to send as it is; `undefined` when the bytes must be sniffed. */
  readonly contentType: string | undefined
  /** The body's length in bytes, when it is known before reading. */
  readonly contentLength: number | undefined
}

// S3 labels objects uploaded without a Content-Type `binary/octet-stream`: a placeholder, not a declaration,
// so the bytes are sniffed instead.
const PLACEHOLDER_TYPES = new Set(['binary/octet-stream', 'application/octet-stream'])

const parseLength = (values: readonly string[]): number | undefined => {
  const [value] = values
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined
}

/**
 * The Content-Type the handler declared on its proxy result, in `headers` or `multiValueHeaders`, under
 * any case of the name. When it declared several, the first wins. A blank value counts as none.
 */
const handlerContentType = (proxy: Readonly<Record<string, unknown>>): string | undefined =>
  headerValuesIn([proxy.headers, proxy.multiValueHeaders], 'content-type').find(
    (value) => value.trim() !== '',
  )

/** The Content-Length a proxy result declares for its body, if it declares a valid one. */
const handlerContentLength = (proxy: Readonly<Record<string, unknown>>): number | undefined => {
  const values = headerValuesIn([proxy.headers, proxy.multiValueHeaders], 'content-length')
  for (const [name, value] of Object.entries(isRecord(proxy.headers) ? proxy.headers : {})) {
    // A number is a fine way to write a length in a headers object.
    if (name.toLowerCase() === 'content-length' && typeof value === 'number')
      values.push(String(value))
  }
  return parseLength(values)
}

/** What a stream says of itself: a Blob its type and size; an SDK body in Node, S3's response headers. */
const bodyDeclarations = (body: StreamBody): Declarations => {
  if (body instanceof Blob) {
    return { contentType: body.type === '' ? undefined : body.type, contentLength: body.size }
  }
  // An SDK body in Node is the HTTP response from S3, with S3's headers (lowercase, as Node gives them).
  const headers = (body as { headers?: unknown }).headers
  const types: string[] = []
  const lengths: string[] = []
  collectHeaderValues(headers, 'content-type', types)
  collectHeaderValues(headers, 'content-length', lengths)
  const [type] = types
  return {
    contentType:
      type === undefined || PLACEHOLDER_TYPES.has(type.trim().toLowerCase()) ? undefined : type,
    contentLength: parseLength(lengths),
  }
}

const NOTHING_DECLARED: Declarations = Object.freeze({
  contentType: undefined,
  contentLength: undefined,
})

/**
 * What the result declares: the handler's Content-Type and Content-Length where it gave them, else the
 * stream's own. Bytes in memory declare nothing but what the handler says.
 */
export const declarationsOf = (
  proxy: Readonly<Record<string, unknown>> | undefined,
  stream: StreamBody | undefined,
): Declarations => {
  const handler =
    proxy === undefined
      ? NOTHING_DECLARED
      : {
          contentType: handlerContentType(proxy),
          // Bytes in memory know their length; only a stream's declared length is worth reading.
          contentLength: stream === undefined ? undefined : handlerContentLength(proxy),
        }
  if (
    stream === undefined ||
    // Stryker disable next-line ConditionalExpression: a fast path; the handler's declarations win over the stream's in the merge below.
    (handler.contentType !== undefined && handler.contentLength !== undefined)
  ) {
    return handler
  }
  const own = bodyDeclarations(stream)
  return {
    contentType: handler.contentType ?? own.contentType,
    contentLength: handler.contentLength ?? own.contentLength,
  }
}

/** A result the middleware acts on, with what it declares of its bytes. */
export interface BinaryResult extends FoundResult {
  readonly declared: Declarations
}

export const declareResult = (found: FoundResult): BinaryResult => ({
  ...found,
  declared: declarationsOf(found.proxy, isStreamBody(found.body) ? found.body : undefined),
})
