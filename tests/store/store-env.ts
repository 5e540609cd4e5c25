import { afterAll, afterEach, beforeAll } from 'vitest'
import type { CreateAlarmsOptions } from '../../src/options'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer, type TestServerOptions } from '../helpers/test-server'
import { mountAlarms, type MountedAlarms } from './mount-alarms'

export interface StoreTestEnv {
  readonly server: TestServer
  readonly client: TestApiClient
  /** Mounts a store (unmounted after the test). */
  mount(options: CreateAlarmsOptions): MountedAlarms
}

/**
 * What a store test file starts from: the test API (started once, closed at the end), its client, and stores
 * that are unmounted, with the fault switches reset, after every test.
 */
export function useStoreTestEnv(serverOptions: TestServerOptions = {}): StoreTestEnv {
  let server: TestServer | undefined
  let client: TestApiClient | undefined
  const mounted: MountedAlarms[] = []
  beforeAll(async () => {
    server = await startTestApi(serverOptions)
    client = createTestApiClient(server.url)
  })
  afterEach(async () => {
    for (const entry of mounted.splice(0)) entry.unmount()
    await client?.resetFaults()
  })
  afterAll(async () => {
    await server?.close()
  })
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use it inside a test`)
    return value
  }
  return {
    get server() {
      return ready(server, 'the test API')
    },
    get client() {
      return ready(client, 'the test API client')
    },
    mount(options) {
      const entry = mountAlarms(options)
      mounted.push(entry)
      return entry
    },
  }
}

/** A server that answers every request with HTTP 500, for rolled-back mutations; started once per file. */
export function useFailingServer(): { readonly url: string } {
  let failing: ScriptedServer | undefined
  beforeAll(async () => {
    failing = await startScriptedServer(() => ({ status: 500, headers: { 'content-type': 'application/json' }, body: ['{"error":"boom"}'] }))
  })
  afterAll(async () => {
    await failing?.close()
  })
  return {
    get url() {
      if (!failing) throw new Error('the failing server is not started yet: use it inside a test')
      return failing.url
    },
  }
}
