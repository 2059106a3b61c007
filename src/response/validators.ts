/**
 * The validators of a response (RFC 9110 §8.8): its ETag and Last-Modified, which conditional requests and
 * If-Range compare with. They come from the handler's headers, else from the body's own (S3's GetObject
 * Body carries the object's), else, with the `etag` option, from the bytes.
 */
import { hash } from 'node:crypto'
import type { BinaryResult } from '../declarations.js'
import { headerValuesIn } from '../headers.js'
import { isStreamBody } from '../stream-body.js'
import { type DraftResponse, draftHeaderValues, setHeaders } from './draft.js'

export interface Validators {
  /** The entity tag as sent, quotes and any `W/` included. */
  readonly etag: string | undefined
  /** The HTTP-date as sent. */
  readonly lastModified: string | undefined
}

/** The first value that is not blank, trimmed. */
const firstGiven = (values: readonly string[]): string | undefined => {
  for (const value of values) {
    const trimmed = value.trim()
    if (trimmed !== '') return trimmed
  }
  return undefined
}

/**
 * The validators the result declares before its bytes are read: the handler's, else those in the headers
 * of the body itself (an AWS SDK body in Node is S3's HTTP response, whose `etag` and `last-modified` are
 * the object's).
 */
export const declaredValidators = (found: BinaryResult): Validators => {
  const { proxy, body } = found
  const handler = [proxy?.headers, proxy?.multiValueHeaders]
  const own = [isStreamBody(body) ? (body as { headers?: unknown }).headers : undefined]
  const pick = (name: string) =>
    firstGiven(headerValuesIn(handler, name)) ?? firstGiven(headerValuesIn(own, name))
  return { etag: pick('etag'), lastModified: pick('last-modified') }
}

/**
 * A strong entity tag for the bytes: their SHA-256 in base64url, quoted (RFC 9110 §8.8.3). Equal bytes get
 * equal tags, whichever instance of the function computes them.
 */
export const strongEtag = (bytes: Uint8Array): string => `"${hash('sha256', bytes, 'base64url')}"`

/**
 * The validators the response will carry: the declared ones, and a computed ETag when `bytes` are given
 * (the `etag` option) and none was declared. Those the handler's headers lack are set in the draft.
 */
export const establishValidators = (
  draft: DraftResponse<unknown>,
  declared: Validators,
  bytes: Uint8Array | undefined,
): Validators => {
  const validators: Validators = {
    etag: declared.etag ?? (bytes === undefined ? undefined : strongEtag(bytes)),
    lastModified: declared.lastModified,
  }
  const set: Record<string, string> = {}
  if (validators.etag !== undefined && firstGiven(draftHeaderValues(draft, 'etag')) === undefined) {
    set.ETag = validators.etag
  }
  if (
    validators.lastModified !== undefined &&
    firstGiven(draftHeaderValues(draft, 'last-modified')) === undefined
  ) {
    set['Last-Modified'] = validators.lastModified
  }
  setHeaders(draft, set)
  return validators
}
