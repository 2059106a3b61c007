/**
 * The libraries users pick instead of a binary middleware, each set up the way its documentation says to
 * send bytes: the app sets the Content-Type, and the adapter is told that type is binary so it answers
 * with a base64 body and `isBase64Encoded: true`. Defaults are kept otherwise (Express computes an ETag
 * of every body by default, and that is part of what it costs). Each factory returns a Lambda handler,
 * `(event, context) => Promise<result>`. Plain JavaScript: these packages are installed only here, not for
 * the type check.
 */

/** serverless-http around a plain Node request listener. */
export const serverlessHttp = async (bytes, mime) => {
  const { default: serverless } = await import('serverless-http')
  const listener = (_request, response) => {
    response.statusCode = 200
    response.setHeader('Content-Type', mime)
    response.end(bytes)
  }
  return serverless(listener, { binary: [mime] })
}

/** @codegenie/serverless-express (the maintained vendia/aws serverless-express) around Express 5. */
export const serverlessExpress = async (bytes, mime) => {
  const { default: serverlessExpress } = await import('@codegenie/serverless-express')
  const { default: express } = await import('express')
  const app = express()
  app.use((_request, response) => {
    response.type(mime)
    response.send(bytes)
  })
  return serverlessExpress({ app, binarySettings: { contentTypes: [mime] } })
}

/** @fastify/aws-lambda around Fastify 5. */
export const fastifyAwsLambda = async (bytes, mime) => {
  const { default: awsLambdaFastify } = await import('@fastify/aws-lambda')
  const { default: Fastify } = await import('fastify')
  const app = Fastify()
  app.get('/*', (_request, reply) => reply.type(mime).send(bytes))
  const proxy = awsLambdaFastify(app, { binaryMimeTypes: [mime] })
  await app.ready()
  return proxy
}

/** Hono's aws-lambda adapter: it treats any non-text Content-Type as binary by default. */
export const honoAwsLambda = async (bytes, mime) => {
  const { Hono } = await import('hono')
  const { handle } = await import('hono/aws-lambda')
  const app = new Hono()
  app.get('*', (context) => context.body(bytes, 200, { 'Content-Type': mime }))
  return handle(app)
}
