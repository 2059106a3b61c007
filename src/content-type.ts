import { FileTypeParser } from 'file-type'
import { responseHeaderValues } from './response-headers.js'

const defaultParser = new FileTypeParser()

/**
 * The Content-Type the handler declared on its proxy result, in `headers` or `multiValueHeaders`, under
 * any case of the name. When it declared several, the first wins. A blank value counts as none.
 */
export const declaredContentType = (
  proxy: Readonly<Record<string, unknown>> | undefined,
): string | undefined => {
  if (proxy === undefined) return undefined
  return responseHeaderValues(proxy, 'content-type').find((value) => value.trim() !== '')
}

/**
 * The media type `file-type` finds in the bytes' signature, or the fallback when it finds none. Detection
 * must never break a response: a detector that throws also means the fallback.
 */
export const detectContentType = async (
  bytes: Uint8Array,
  fallback: string,
  parser: Pick<FileTypeParser, 'fromBuffer'> = defaultParser,
): Promise<string> => {
  try {
    return (await parser.fromBuffer(bytes))?.mime ?? fallback
  } catch {
    return fallback
  }
}
