import { describe, expect, test } from '@jest/globals'
import { readDeadline } from '../src/deadline.js'
import { noTimeToRead, readTimedOut } from '../src/errors.js'
import { lambdaContext } from './support/events.js'

describe('readDeadline', () => {
  test.each([
    ['no context', undefined],
    ['null', null],
    ['an empty context', {}],
    ['a number for the function', { getRemainingTimeInMillis: 1000 }],
    ['NaN remaining', { getRemainingTimeInMillis: () => Number.NaN }],
    ['Infinity remaining', { getRemainingTimeInMillis: () => Number.POSITIVE_INFINITY }],
    ['a string remaining', { getRemainingTimeInMillis: () => '1000' }],
    ['a lambdaContext without it', { lambdaContext: {} }],
  ])('%s: none, reads are not bounded', (_name, context) => {
    expect(readDeadline(context, 100)).toBeUndefined()
  })

  test.each([
    ['a Lambda context', lambdaContext(), 30_000, 29_900],
    [
      'Middy’s durable context',
      { lambdaContext: { getRemainingTimeInMillis: () => 900 } },
      900,
      800,
    ],
    ['less time left than the margin', { getRemainingTimeInMillis: () => 40 }, 40, -60],
  ])('%s: the remaining time less the margin', (_name, context, remaining, budget) => {
    expect(readDeadline(context, 100)).toEqual({
      remainingInMillis: remaining,
      marginInMillis: 100,
      budgetInMillis: budget,
    })
  })

  test('the function is called on its context', () => {
    const context = {
      end: 5000,
      getRemainingTimeInMillis(this: { end: number }) {
        return this.end
      },
    }
    expect(readDeadline(context, 0)?.budgetInMillis).toBe(5000)
  })
})

describe('the deadline’s errors', () => {
  const deadline = { remainingInMillis: 12_345, marginInMillis: 1_000, budgetInMillis: 11_345 }

  test('a read cut short names what it waited for, how long, and what came', () => {
    const error = readTimedOut(deadline, 'end', 65_536, 'destroyed')
    expect(error).toMatchObject({ statusCode: 500, expose: false })
    expect(error.message).toBe(
      'middy-binary-response: the response body stream did not end within the 11,345 ms the invocation had left for it (12,345 ms remaining, less streamTimeoutEarlyInMillis 1,000 ms), after 65,536 bytes; it was destroyed. Find why the stream stalls (a slow or stuck source), or give the function a longer timeout.',
    )
    expect(error.cause).toEqual({
      package: 'middy-binary-response',
      data: {
        bytes: 65_536,
        waitedInMillis: 11_345,
        remainingInMillis: 12_345,
        marginInMillis: 1_000,
      },
    })
  })

  test('no time at all says so', () => {
    const error = noTimeToRead({ ...deadline, budgetInMillis: -5 }, 'cancelled')
    expect(error).toMatchObject({ statusCode: 500, expose: false })
    expect(error.message).toBe(
      'middy-binary-response: the invocation had no time left to read the response body stream (12,345 ms remaining, less streamTimeoutEarlyInMillis 1,000 ms); it was cancelled unread. Give the function a longer timeout, or lower streamTimeoutEarlyInMillis.',
    )
    expect(error.cause).toEqual({
      package: 'middy-binary-response',
      data: { bytes: 0, waitedInMillis: 0, remainingInMillis: 12_345, marginInMillis: 1_000 },
    })
  })
})
