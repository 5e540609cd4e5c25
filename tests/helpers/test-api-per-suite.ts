import { afterAll, beforeAll } from 'vitest'
import { createTestApiClient, type TestApiClient } from './test-api-client'
import { startTestApi, type TestServer, type TestServerOptions } from './test-server'

/** The test API of one suite, as its tests and hooks read it. */
export interface SuiteTestApi {
  /** The server's origin, once the suite's beforeAll has started it. */
  url(): string
  /** A client of that server. */
  api: TestApiClient
}

/**
 * Starts the test API before the tests of the enclosing `describe` (or of the file, called at its top) and closes it
 * after them. Hooks the suite registers after this call run with the server up.
 */
export function testApiPerSuite(options: TestServerOptions = {}): SuiteTestApi {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startTestApi(options)
  })
  afterAll(() => server?.close())
  const url = () => {
    if (!server) throw new Error('the test API of this suite starts in its beforeAll')
    return server.url
  }
  return { url, api: createTestApiClient(url) }
}
