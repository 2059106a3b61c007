import httpErrorHandler from '@middy/http-error-handler'

/**
 * Turns the middleware's HttpErrors (406, 500) and any other into responses: without it a thrown 406 fails
 * the invocation and the gateway answers 502 (REST API, ALB) or 500 (HTTP API). It logs only server
 * errors: a 406 says what the client's Accept asked for, not that something broke.
 */
export const errorHandler = () =>
  httpErrorHandler({
    logger: (error: Error & { statusCode?: number }) => {
      if (!(typeof error.statusCode === 'number' && error.statusCode < 500)) console.error(error)
    },
  })
