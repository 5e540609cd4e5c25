import { afterAll, afterEach, beforeAll } from 'vitest'
import type { CreateAlarmsOptions } from '../../src/options'
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
