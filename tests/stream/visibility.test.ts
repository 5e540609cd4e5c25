import { afterEach, describe, expect, it } from 'vitest'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { watchVisibility } from '../../src/stream/visibility'
import { closeAllStreams, sleep, waitUntil, watchStream } from './harness'

/** Just enough of `document` for page-visibility handling, installed only for these tests. */
class FakeDocument extends EventTarget {
  hidden = false
  listeners = 0
  get visibilityState(): DocumentVisibilityState {
    return this.hidden ? 'hidden' : 'visible'
  }
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.listeners++
    super.addEventListener(...args)
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.listeners--
    super.removeEventListener(...args)
  }
  setHidden(hidden: boolean): void {
    this.hidden = hidden
    this.dispatchEvent(new Event('visibilitychange'))
  }
}

let server: ScriptedServer | undefined
let fakeDocument: FakeDocument
afterEach(async () => {
  closeAllStreams()
  Reflect.deleteProperty(globalThis, 'document')
  await server?.close()
  server = undefined
})

function installDocument(): FakeDocument {
  fakeDocument = new FakeDocument()
  Object.defineProperty(globalThis, 'document', { value: fakeDocument, configurable: true })
  return fakeDocument
}

describe('page visibility', () => {
  it('is ignored by default: the stream stays open while hidden', async () => {
    const doc = installDocument()
    server = await startScriptedServer([{ body: ['data:a\n\n'], then: 'hold' }])
    const watched = watchStream({ url: server.url })
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    expect(doc.listeners).toBe(0)
    doc.setHidden(true)
    await sleep(100)
    expect(server.openConnections).toBe(1)
    expect(watched.stream.status).toBe('open')
  })

  it('with openWhenHidden false closes while hidden and resumes with Last-Event-ID when visible', async () => {
    const doc = installDocument()
    server = await startScriptedServer([{ body: ['id:4\ndata:a\n\n'], then: 'hold' }, { then: 'hold' }])
    const watched = watchStream({ url: server.url, openWhenHidden: false })
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    doc.setHidden(true)
    await server.waitForNoOpenConnections()
    expect(watched.statuses.at(-1)).toEqual({ status: 'retrying', info: { reason: 'hidden' } })
    await sleep(150)
    expect(server.requests).toHaveLength(1)
    doc.setHidden(false)
    await server.waitForRequests(2)
    expect(server.requests[1]!.lastEventIdBytes).toEqual(Buffer.from('4'))
    watched.stream.close()
    expect(doc.listeners).toBe(0)
  })

  it('with openWhenHidden false waits for the page to become visible before the first request', async () => {
    const doc = installDocument()
    doc.hidden = true
    server = await startScriptedServer([{ then: 'hold' }])
    const watched = watchStream({ url: server.url, openWhenHidden: false })
    await sleep(100)
    expect(server.requests).toHaveLength(0)
    doc.setHidden(false)
    await server.waitForRequests(1)
    await waitUntil(() => expect(watched.stream.status).toBe('open'))
  })

  it('answers and stops on the document it started with, also once the global names another or none', () => {
    const first = installDocument()
    const changes: string[] = []
    const stop = watchVisibility(
      () => changes.push('hidden'),
      () => changes.push('visible'),
    )
    expect(first.listeners).toBe(1)
    // Another page's document takes the global (as a test harness of several clients does), then none is left.
    const second = installDocument()
    first.setHidden(true)
    second.setHidden(false)
    expect(changes).toEqual(['hidden'])
    Reflect.deleteProperty(globalThis, 'document')
    expect(() => stop?.()).not.toThrow()
    expect(first.listeners).toBe(0)
  })
})
