import type { HttpError } from '@middy/util'

/** The error a promise rejects with; fails the test if it resolves. */
export const rejection = async (promise: Promise<unknown>): Promise<HttpError> => {
  try {
    await promise
  } catch (error) {
    return error as HttpError
  }
  throw new Error('expected a rejection')
}

/** The error a function throws; fails the test if it returns. */
export const thrown = (run: () => unknown): HttpError => {
  try {
    run()
  } catch (error) {
    return error as HttpError
  }
  throw new Error('expected a throw')
}
