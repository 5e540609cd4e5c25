import { startTestServer, type TestServer, type TestServerOptions } from '../../server/index'

export type { TestServer, TestServerOptions }

/** The test API for a test file: test routes on, a free port, an in-memory database. Close it in afterAll. */
export async function startTestApi(options: TestServerOptions = {}): Promise<TestServer> {
  return startTestServer({ testRoutes: true, port: 0, db: ':memory:', ...options })
}
