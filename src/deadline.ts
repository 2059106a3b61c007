import { isRecord } from './is-record.js'

/**
 * How long reading a body stream may wait. Lambda ends an invocation at its timeout whatever is pending,
 * and Middy's own early timeout (`timeoutEarlyInMillis`) covers the handler, not the after-hooks: a stream
 * that stalls here would leave the client to the gateway's timeout instead of a 500. So a read gets the
 * time the invocation has left, less a margin for the error response to be sent.
 */
export interface ReadDeadline {
  /** What the invocation had left when the read began (the context's `getRemainingTimeInMillis()`). */
  readonly remainingInMillis: number
  /** The option `streamTimeoutEarlyInMillis`: kept back for the response. */
  readonly marginInMillis: number
  /** How long the read may take: the remaining time less the margin; 0 or less leaves none. */
  readonly budgetInMillis: number
}

type RemainingTime = { getRemainingTimeInMillis: () => unknown }

const hasRemainingTime = (value: unknown): value is RemainingTime =>
  isRecord(value) && typeof value.getRemainingTimeInMillis === 'function'

/**
 * The deadline of the invocation whose context this is, or `undefined` when the context cannot tell
 * (tests, direct calls, a local server): those reads wait as long as the stream takes, as before.
 * Looked up as Middy itself does: on the context, else on its `lambdaContext` (Middy's durable mode).
 */
export const readDeadline = (
  context: unknown,
  marginInMillis: number,
): ReadDeadline | undefined => {
  const holder = hasRemainingTime(context)
    ? context
    : isRecord(context) && hasRemainingTime(context.lambdaContext)
      ? context.lambdaContext
      : undefined
  if (holder === undefined) return undefined
  // Called on its context: the runtime's is a plain function, a hand-made one may read `this`.
  const remaining = holder.getRemainingTimeInMillis()
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return undefined
  return {
    remainingInMillis: remaining,
    marginInMillis,
    budgetInMillis: remaining - marginInMillis,
  }
}
