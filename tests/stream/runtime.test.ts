import { afterEach, describe, expect, it } from 'vitest'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'

let server: ScriptedServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('the stream entry in plain Node', () => {
  it('imports and streams with no window or document and no shims', async () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
    const { openAlarmStream } = await import('../../src/stream')
    server = await startScriptedServer([{ body: ['id:1\nevent:sse\ndata:hello\n\n'], then: 'hold' }])
    const received: string[] = []
    const stream = openAlarmStream({ url: server.url, getToken: () => 'node-token', onEvent: (event) => received.push(event.data) })
    try {
      await expect.poll(() => received, { timeout: 5000 }).toEqual(['hello'])
      expect(server.requests[0]!.authorization).toBe('Bearer node-token')
      expect(stream.status).toBe('open')
    } finally {
      stream.close()
    }
  })

  it('re-exports only the public API from its entry', async () => {
    const entry = await import('../../src/stream')
    expect(Object.keys(entry).sort()).toEqual(['AlarmsError', 'DEFAULT_RETRY', 'decodeLastEventIdHeader', 'encodeLastEventIdHeader', 'openAlarmStream'])
  })
})
