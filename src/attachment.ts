/**
 * Named downloads: the proxy result that makes a browser save the bytes under a file name
 * (`Content-Disposition`, RFC 6266), written by `content-disposition`. The package's second entry,
 * `middy-binary-response/attachment`: a function that never names a download does not load it.
 */
import { create } from 'content-disposition'
import type { BinaryBody } from './binary-body.js'
import { invalidFilename, invalidOption } from './setup-errors.js'
import type { StreamBody } from './stream-body.js'
import type { BinaryProxyResult } from './types.js'

export interface AttachmentOptions {
  /** Show the file in the browser (`inline`) rather than save it; the name is kept for a later save. Default `false`. */
  inline?: boolean | undefined
  /** The response's other headers (`Content-Type`, `Cache-Control`, …); without a Content-Type the bytes are sniffed. */
  headers?: Record<string, boolean | number | string> | undefined
}

/** A proxy result around a body, saved by the browser as `filename`. */
export interface AttachmentResult<Body extends BinaryBody | StreamBody> extends BinaryProxyResult {
  statusCode: 200
  headers: Record<string, boolean | number | string>
  body: Body
}

/**
 * The proxy result for bytes a browser saves as `filename` (or shows, with `inline`): a 200 with
 * `Content-Disposition: attachment; filename="…"`. A name outside printable ASCII is sent as
 * `filename*` (UTF-8, RFC 8187) with an ASCII fallback in `filename` for old clients. The name must be a
 * file name, not a path: browsers would rewrite the separators.
 */
export const attachment = <Body extends BinaryBody | StreamBody>(
  filename: string,
  body: Body,
  options: AttachmentOptions = {},
): AttachmentResult<Body> => {
  if (typeof filename !== 'string' || filename === '' || /[/\\]/.test(filename)) {
    throw invalidFilename(filename)
  }
  const { inline, headers = {} } = options
  if (inline !== undefined && typeof inline !== 'boolean') {
    throw invalidOption('inline', 'a boolean', inline)
  }
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'content-disposition')) {
    throw invalidOption('headers', 'headers without a Content-Disposition of their own', headers)
  }
  // Without a type, content-disposition writes `attachment`.
  const disposition = create(filename, inline === true ? { type: 'inline' } : undefined)
  return { statusCode: 200, headers: { ...headers, 'Content-Disposition': disposition }, body }
}
