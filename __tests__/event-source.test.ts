import { describe, expect, test } from '@jest/globals'
import { identifyEventSource, readAccept, readHttpRequest } from '../src/event-source.js'
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  restApiConsoleTestEvent,
  restApiEvent,
  sqsEvent,
} from './support/events.js'

const asRecord = (event: object) => event as Record<string, unknown>

describe('identifyEventSource', () => {
  test.each([
    ['REST API', restApiEvent('image/png'), 'rest-api'],
    ['REST API console test event', restApiConsoleTestEvent(), 'rest-api'],
    ['REST API event without requestContext', { httpMethod: 'GET', headers: {} }, 'rest-api'],
    ['HTTP API payload 1.0', { ...restApiEvent('*/*'), version: '1.0' }, 'rest-api'],
    ['HTTP API payload 2.0', httpApiEvent('*/*'), 'http-api'],
    ['Function URL', functionUrlEvent('*/*'), 'http-api'],
    ['ALB', albEvent('*/*'), 'alb'],
    ['ALB, multi-value headers', albMultiValueEvent('*/*'), 'alb'],
    ['SQS', sqsEvent(), undefined],
    ['direct invoke payload', { name: 'report', format: 'pdf' }, undefined],
    ['version 2.0 without requestContext.http', { version: '2.0', requestContext: {} }, undefined],
    [
      'version 2.0 with requestContext.http null',
      { version: '2.0', requestContext: { http: null } },
      undefined,
    ],
    ['httpMethod that is not a string', { httpMethod: 7 }, undefined],
    [
      'requestContext.http without version 2.0',
      { version: '1.0', httpMethod: 'GET', requestContext: { http: {} } },
      'rest-api',
    ],
    ['requestContext that is an array', { requestContext: [{ elb: {} }] }, undefined],
    ['elb that is a string', { requestContext: { elb: 'x' }, httpMethod: 'GET' }, 'rest-api'],
  ])('%s → %s', (_name, event, expected) => {
    expect(identifyEventSource(asRecord(event))).toBe(expected)
  })
})

describe('readAccept', () => {
  test.each([
    ['REST: from headers and multiValueHeaders, once', restApiEvent('image/png'), 'image/png'],
    ['REST console test event: headers null', restApiConsoleTestEvent(), undefined],
    ['HTTP API: lowercase name', httpApiEvent('application/pdf'), 'application/pdf'],
    ['ALB multi-value', albMultiValueEvent('image/webp'), 'image/webp'],
    ['no Accept', albEvent(undefined), undefined],
    ['name in any case', { headers: { aCcEpT: 'image/gif' } }, 'image/gif'],
    [
      'two Accept lines in multiValueHeaders, the last also in headers',
      {
        headers: { Accept: 'image/gif' },
        multiValueHeaders: { Accept: ['text/html', 'image/gif'] },
      },
      'text/html,image/gif',
    ],
    [
      'duplicate names with different case',
      { headers: { Accept: 'image/png', accept: 'text/html' } },
      'image/png,text/html',
    ],
    ['headers missing, multiValueHeaders only', { multiValueHeaders: { accept: ['*/*'] } }, '*/*'],
    ['ALB multiValueHeaders.accept empty', { multiValueHeaders: { accept: [] } }, undefined],
    ['blank value', { headers: { accept: '  ' } }, undefined],
    // Empty list elements are ignored (RFC 9110 §5.6.1): a list of blanks is no Accept at all.
    [
      'ALB multiValueHeaders.accept of blanks',
      { multiValueHeaders: { accept: ['', ' '] } },
      undefined,
    ],
    ['commas only', { headers: { accept: ' , ,\t' } }, undefined],
    [
      'blank values beside a real one are dropped',
      { multiValueHeaders: { accept: ['', 'image/png', ' '] } },
      'image/png',
    ],
    ['value an array in headers', { headers: { accept: ['image/png', 3] } }, 'image/png'],
    ['value a number', { headers: { accept: 42 } }, undefined],
    ['value undefined', { headers: { accept: undefined } }, undefined],
    ['headers a string', { headers: 'accept: image/png' }, undefined],
    ['headers an array', { headers: ['accept', 'image/png'] }, undefined],
    ['a name as long as accept', { headers: { accent: 'image/png' } }, undefined],
    [
      'a longer name that starts with accept',
      { headers: { 'accept-encoding': 'gzip' } },
      undefined,
    ],
  ])('%s', (_name, event, expected) => {
    expect(readAccept(asRecord(event))).toBe(expected)
  })
})

describe('readHttpRequest', () => {
  test.each([
    [
      'REST',
      restApiEvent('image/png'),
      { source: 'rest-api', multiValueHeaders: false, accept: 'image/png' },
    ],
    ['ALB single', albEvent('*/*'), { source: 'alb', multiValueHeaders: false, accept: '*/*' }],
    [
      'ALB multi',
      albMultiValueEvent(undefined),
      { source: 'alb', multiValueHeaders: true, accept: undefined },
    ],
    [
      'HTTP API',
      httpApiEvent('*/*'),
      { source: 'http-api', multiValueHeaders: false, accept: '*/*' },
    ],
    ['SQS', sqsEvent(), undefined],
    ['null', null, undefined],
    ['a string', 'GET /', undefined],
    ['an array', [restApiEvent('*/*')], undefined],
  ])('%s', (_name, event, expected) => {
    expect(readHttpRequest(event)).toEqual(expected)
  })

  test('a REST event with multiValueHeaders is not a multi-value ALB request', () => {
    expect(readHttpRequest(restApiEvent('*/*'))?.multiValueHeaders).toBe(false)
  })
})
