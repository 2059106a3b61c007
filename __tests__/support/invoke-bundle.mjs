// Starts a bundled handler as the Lambda Node.js runtime does: an ES module of the runtime's own import()s
// the handler's file, so no global `require` exists (as it would under `node -e`). Then invokes it once.
//   node invoke-bundle.mjs <bundle file> <export name> <event.json>
// Prints {"version", "response"} or {"version", "error"} as JSON on stdout.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const [file, exportName, eventFile] = process.argv.slice(2)
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bundle-check',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bundle-check',
  memoryLimitInMB: '512',
  awsRequestId: 'bundle-check',
  logGroupName: '/aws/lambda/bundle-check',
  logStreamName: 'bundle-check',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
}
const print = (result) =>
  process.stdout.write(JSON.stringify({ version: process.version, ...result }))
try {
  const module = await import(pathToFileURL(file).href)
  // A CommonJS bundle's exports arrive as named exports when Node can see them, else as `default`.
  const handler = module[exportName] ?? module.default?.[exportName]
  if (typeof handler !== 'function') throw new Error(`${file} exports no function ${exportName}`)
  const event = JSON.parse(readFileSync(eventFile, 'utf8'))
  print({ response: await handler(event, context) })
} catch (error) {
  print({ error: String(error?.message ?? error) })
}
