import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlarmRecord } from '../../server/index'
import { createNchanPublisher, parsePublishTo } from '../../server/publish-to'
import { until } from '../store/mount-alarms'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'

interface ReceivedPost {
  path: string
  contentType: string | undefined
  body: string
  arrivedAt: number
  answeredAt?: number
}

/** Stands in for an nchan publisher location: records each POST; `answer` decides the status and when. */
async function startFakePublisher(answer: (post: ReceivedPost, index: number) => Promise<number> | number = () => 202) {
  const posts: ReceivedPost[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const post: ReceivedPost = {
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
        arrivedAt: performance.now(),
      }
      const index = posts.push(post) - 1
      res.writeHead(await answer(post, index), { 'Content-Type': 'text/json' })
      post.answeredAt = performance.now()
      res.end('{"messages": 1}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/internal/alarms`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!()
})

async function apiPublishingTo(publishTo: string): Promise<TestServer> {
  const api = await startTestApi({ publishTo })
  closers.push(() => api.close())
  return api
}

describe('--publish-to', () => {
  it('posts every published alarm as the stream’s JSON to <base>/<userId>', async () => {
    const nchan = await startFakePublisher()
    closers.push(nchan.close)
    const api = await apiPublishingTo(`${nchan.url}/`)
    const client = createTestApiClient(api.url)
    const alarm = await client.publish(3, { content: '<b>hi</b> 알림', url: '/posts/3' })

    await until(() => nchan.posts.length === 1, 'the post to nchan')
    const [post] = nchan.posts
    expect(post!.path).toBe('/internal/alarms/3')
    expect(post!.contentType).toBe('application/json')
    expect(JSON.parse(post!.body) as AlarmRecord).toEqual(alarm)
  })

  it('posts a user’s next alarm only after nchan answered the previous one, so ids follow the order', async () => {
    // Posts on parallel connections may reach nchan in any order; the first answer here takes 80 ms.
    const nchan = await startFakePublisher(async (_post, index) => {
      if (index === 0) await new Promise((resolve) => setTimeout(resolve, 80))
      return 201
    })
    closers.push(nchan.close)
    const api = await apiPublishingTo(nchan.url)
    const published = await createTestApiClient(api.url).publishMany(5, { content: 'burst', count: 4 })

    await until(() => nchan.posts.length === 4, 'four posts')
    expect(nchan.posts.map((post) => (JSON.parse(post.body) as AlarmRecord).id)).toEqual(published.map((alarm) => alarm.id))
    for (let index = 1; index < nchan.posts.length; index++) {
      expect(nchan.posts[index]!.arrivedAt).toBeGreaterThanOrEqual(nchan.posts[index - 1]!.answeredAt!)
    }
  })

  it('retries a post that failed, so an instance restarting behind the address loses nothing', async () => {
    const nchan = await startFakePublisher((_post, index) => (index === 0 ? 503 : 202))
    closers.push(nchan.close)
    const api = await apiPublishingTo(nchan.url)
    const alarm = await createTestApiClient(api.url).publish(8, { content: 'once more' })

    await until(() => nchan.posts.length === 2, 'the retried post')
    expect(nchan.posts.map((post) => (JSON.parse(post.body) as AlarmRecord).id)).toEqual([alarm.id, alarm.id])
  })

  it('gives up after five attempts and reports it without the alarm text', async () => {
    const nchan = await startFakePublisher(() => 500)
    closers.push(nchan.close)
    const reports: string[] = []
    const publisher = createNchanPublisher(nchan.url, (message) => reports.push(message))
    publisher.publish({ userId: 4, eventId: '4_1', alarm: { id: 9, type: 'COMMENT', content: 'secret text', url: '', isRead: false, createdAt: '2026-01-01T00:00:00.000' } })
    await publisher.idle()
    expect(nchan.posts).toHaveLength(5)
    expect(reports).toEqual([`publish-to: alarm 9 of user 4 was not published to ${nchan.url}`])
  })

  it('accepts only http(s) URLs', () => {
    expect(parsePublishTo('http://127.0.0.1:8090/internal/alarms/')).toBe('http://127.0.0.1:8090/internal/alarms')
    for (const bad of ['ftp://example.com/pub', 'not a url', '/internal/alarms']) {
      expect(() => parsePublishTo(bad)).toThrow(/--publish-to must be an http\(s\) URL/)
    }
  })
})

describe('GET /api/auth/check (for nginx’s auth_request)', () => {
  it('answers 200 with the user id in X-User-Id for a valid token and 401 for anything else', async () => {
    const api = await startTestApi()
    closers.push(() => api.close())
    const { accessToken } = await createTestApiClient(api.url).login(12)

    const ok = await fetch(`${api.url}/api/auth/check`, { headers: { Authorization: `Bearer ${accessToken}` } })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('x-user-id')).toBe('12')
    expect(await ok.text()).toBe('')

    const attempts: Array<Record<string, string>> = [{}, { Authorization: 'Bearer forged' }, { Authorization: accessToken }]
    for (const headers of attempts) {
      const refused = await fetch(`${api.url}/api/auth/check`, { headers })
      expect(refused.status).toBe(401)
      expect(refused.headers.get('x-user-id')).toBeNull()
    }
  })
})
