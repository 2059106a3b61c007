import { Readable } from 'node:stream'

/** A Readable that serves `bytes` in chunks of `chunkSize` and records how many bytes were pulled from it. */
export const countingReadable = (bytes: Uint8Array, chunkSize = 1024) => {
  const pulled = { bytes: 0 }
  let offset = 0
  const stream = new Readable({
    read() {
      if (offset >= bytes.byteLength) {
        this.push(null)
        return
      }
      const chunk = bytes.subarray(offset, offset + chunkSize)
      offset += chunk.byteLength
      pulled.bytes += chunk.byteLength
      this.push(chunk)
    },
  })
  return { stream, pulled }
}

/** A web ReadableStream that serves `bytes` in chunks and records pulls and cancellation. */
export const countingWebStream = (bytes: Uint8Array, chunkSize = 1024) => {
  const state = { pulled: 0, cancelled: false }
  let offset = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close()
          return
        }
        const chunk = bytes.slice(offset, offset + chunkSize)
        offset += chunk.byteLength
        state.pulled += chunk.byteLength
        controller.enqueue(chunk)
      },
      cancel() {
        state.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, state }
}

/** A Readable that fails after its first chunk. */
export const failingReadable = (first: Uint8Array, message: string) => {
  let sent = false
  return new Readable({
    read() {
      if (sent) {
        this.destroy(new Error(message))
        return
      }
      sent = true
      this.push(first)
    },
  })
}

/** The shape of an AWS SDK v3 streaming body outside Node: only the transform methods, no Readable. */
export const sdkLikeBody = (bytes: Uint8Array, options: { webStream?: boolean } = {}) => ({
  transformToByteArray: async () => bytes,
  transformToString: async () => Buffer.from(bytes).toString(),
  ...(options.webStream === true ? { transformToWebStream: () => new Blob([bytes]).stream() } : {}),
})

/** A Readable that gives `first` (if any), then nothing, ever: a stuck source. */
export const stalledReadable = (first?: Uint8Array) => {
  let sent = first === undefined
  return new Readable({
    read() {
      if (sent) return
      sent = true
      this.push(first)
    },
  })
}

/** A web stream that gives `first` (if any), then a pull that never settles; records cancellation. */
export const stalledWebStream = (first?: Uint8Array) => {
  const state = { cancelled: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (first !== undefined) controller.enqueue(first)
      },
      pull: () => new Promise<void>(() => undefined),
      cancel() {
        state.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, state }
}

/** What a promise comes to within `ms`: `{ value }`, `{ error }`, or `'pending'` if it has not settled. */
export const within = async <T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value: T } | { error: unknown } | 'pending'> => {
  let timer: NodeJS.Timeout | undefined
  const pending = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms)
  })
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      pending,
    ])
  } finally {
    clearTimeout(timer)
  }
}
