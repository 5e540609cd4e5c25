import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { call } from './raw-client'

describe('bad input', () => {
  let server: TestServer
  let api: TestApiClient
  let token: string

  beforeAll(async () => {
    server = await startTestApi()
    api = createTestApiClient(server.url)
    token = (await api.login(1)).accessToken
  })
  afterAll(() => server.close())

  it('answers 400 JSON to malformed or non-object JSON bodies, and keeps serving', async () => {
    for (const body of ['{"userId":', 'null', '[1]', '"text"', '\u0000\u0001']) {
      const response = await call(server.url, 'POST', '/api/auth/login', { body })
      expect(response.status, body).toBe(400)
      expect(response.json()).toEqual({ error: { status: 400, message: expect.any(String) } })
    }
    expect((await call(server.url, 'POST', '/api/test/publish', { body: '{"userId":1}' })).status).toBe(400)
    expect((await call(server.url, 'POST', '/api/test/publish', { body: '{"userId":1,"content":"x","count":0}' })).status).toBe(400)
    expect(await api.count(token)).toBe(0)
  })

  it('answers 413 to a body over 64 KiB, declared or streamed, and keeps serving', async () => {
    const big = JSON.stringify({ userId: 1, content: 'x'.repeat(70 * 1024) })
    const declared = await call(server.url, 'POST', '/api/test/publish', { body: big })
    expect(declared.status).toBe(413)
    expect(declared.json()).toEqual({ error: { status: 413, message: expect.any(String) } })

    // Chunked upload without Content-Length: the limit is enforced while reading.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      for (let i = 0; i < 80; i++) req.write('x'.repeat(1024))
      req.end()
    })
    expect(streamed).toBe(413)
    const fine = await call(server.url, 'POST', '/api/test/publish', { body: JSON.stringify({ userId: 1, content: 'x'.repeat(60 * 1024) }) })
    expect(fine.status).toBe(201)
    expect(await api.count(token)).toBe(1)
  })

  it('answers 415 to a body that is not sent as JSON (a cross-site text/plain post), and keeps serving', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: contentType === undefined ? {} : { 'Content-Type': contentType },
        body: '{"userId":1}',
      })
      expect(response.status, String(contentType)).toBe(415)
    }
    const ok = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"userId":1}' })
    expect(ok.status).toBe(200)
  })

  it('answers 404 to unknown routes and 405 with Allow to a wrong method', async () => {
    for (const path of ['/api/nope', '/api/alarms/1/2/3', '/', '/api/test']) {
      const response = await call(server.url, 'GET', path, { token })
      expect(response.status, path).toBe(404)
      expect(response.json()).toEqual({ error: { status: 404, message: expect.any(String) } })
    }
    const cases: Array<[string, string, string]> = [
      ['POST', '/api/subscribe', 'GET'],
      ['PUT', '/api/alarms', 'GET'],
      ['GET', '/api/auth/login', 'POST'],
      ['GET', '/api/alarms/read-all', 'PATCH, DELETE'],
      ['POST', '/api/test/stats', 'GET, DELETE'],
    ]
    for (const [method, path, allow] of cases) {
      const response = await call(server.url, method, path, { token })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow')).toBe(allow)
    }
    expect(await api.count(token)).toBe(1)
  })

  it('answers 400 to garbage on the socket and keeps serving', async () => {
    const { connect } = await import('node:net')
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'))
      let data = ''
      socket.on('data', (chunk) => (data += chunk.toString()))
      socket.on('close', () => resolve(data))
    })
    expect(reply).toMatch(/^HTTP\/1\.1 400/)
    expect(await api.count(token)).toBe(1)
  })
})

describe('test routes switch', () => {
  it('are 404 unless enabled', async () => {
    const { startTestServer } = await import('../../server/index')
    const server = await startTestServer()
    try {
      expect((await call(server.url, 'GET', '/api/test/stats')).status).toBe(404)
      expect((await call(server.url, 'POST', '/api/test/publish', { body: '{"userId":1,"content":"x"}' })).status).toBe(404)
      expect((await call(server.url, 'POST', '/api/auth/login', { body: '{"userId":1}' })).status).toBe(200)
    } finally {
      await server.close()
    }
  })
})

describe('CORS and static files', () => {
  let server: TestServer
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'test-api-static-'))
    const site = join(dir, 'site')
    await mkdir(join(site, 'assets'), { recursive: true })
    await writeFile(join(site, 'index.html'), '<!doctype html><title>demo</title>')
    await writeFile(join(site, 'assets', 'app.js'), 'export {}')
    await writeFile(join(dir, 'outside-secret.txt'), 'secret')
    server = await startTestApi({ staticDir: site, corsOrigin: 'http://localhost:5173' })
  })
  afterAll(async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers a preflight allowing Authorization and Last-Event-ID for the configured origin', async () => {
    const preflight = await call(server.url, 'OPTIONS', '/api/subscribe', {
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,last-event-id' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Last-Event-ID/)
    const login = await call(server.url, 'POST', '/api/auth/login', { body: '{"userId":1}', headers: { Origin: 'http://localhost:5173' } })
    expect(login.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('serves files, falls back to index.html and never leaves the directory', async () => {
    const js = await call(server.url, 'GET', '/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.text).toBe('export {}')
    for (const path of ['/', '/alarms/3', '/%2e%2e/outside-secret.txt', '/../outside-secret.txt']) {
      const response = await call(server.url, 'GET', path)
      expect(response.status, path).toBe(200)
      expect(response.text, path).toContain('<title>demo</title>')
    }
    expect((await call(server.url, 'GET', '/api/unknown')).status).toBe(404)
  })
})
