/**
 * The errors thrown while the middleware is set up (a bad option) or a download is built (a bad file
 * name): TypeErrors, thrown at once, before any request. They live apart from errors.ts, whose HttpErrors
 * only the pipeline raises, so that a function's cold start loads none of those.
 */
export const pkg = 'middy-binary-response'

/**
 * The value as `util.inspect` shows it, one level deep, on one line. node:util is taken when an error is
 * built, not imported: every cold start would pay for its module, and these errors are rare.
 */
const show = (value: unknown): string =>
  process.getBuiltinModule('node:util').inspect(value, { depth: 1, breakLength: Infinity })

/** A file name `attachment()` cannot use, named with the value given. */
export const invalidFilename = (value: unknown): TypeError =>
  new TypeError(
    `${pkg}: attachment() needs a file name: a non-empty string without '/' or '\\'; got ${show(value)}`,
    { cause: { package: pkg } },
  )

/** An option of the wrong type or form, named with the value given. */
export const invalidOption = (option: string, expected: string, value: unknown): TypeError =>
  new TypeError(`${pkg}: option '${option}' must be ${expected}; got ${show(value)}`, {
    cause: { package: pkg },
  })

/** A key `binaryResponse()` does not know: most often a misspelt option. */
export const unknownOption = (key: string, known: readonly string[]): TypeError =>
  new TypeError(`${pkg}: unknown option '${key}'; the options are ${known.join(', ')}`, {
    cause: { package: pkg },
  })
