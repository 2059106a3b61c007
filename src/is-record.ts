/** A non-null, non-array object: what a proxy result, an event or a headers object must at least be. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
