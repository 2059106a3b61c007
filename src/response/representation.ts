/** The headers that describe the bytes: what they are, what they depend on, and that they are not to be sniffed. */
import { varyWithAccept } from '../headers.js'
import { type DraftResponse, draftHeaderValues, setHeaders } from './draft.js'

/**
 * Labels the draft's bytes: `Content-Type`, `Vary` with `Accept` (whether the bytes are sent depends on
 * it, RFC 9110 §12.5.5) and, with `noSniff`, `X-Content-Type-Options: nosniff` unless the handler set its
 * own (a browser then trusts the Content-Type rather than guessing from the bytes).
 */
export const labelRepresentation = (
  draft: DraftResponse<unknown>,
  contentType: string,
  noSniff: boolean,
): void => {
  const set: Record<string, string> = {
    'Content-Type': contentType,
    Vary: varyWithAccept(draftHeaderValues(draft, 'vary')),
  }
  if (noSniff && draftHeaderValues(draft, 'x-content-type-options').length === 0) {
    set['X-Content-Type-Options'] = 'nosniff'
  }
  setHeaders(draft, set)
}
