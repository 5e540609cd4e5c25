// Hands each published alarm to an nchan publisher as well (`--publish-to`), and answers the authorization
// subrequest nginx makes before it lets a subscriber onto a user's channel. Spring does the same with one
// RestTemplate/WebClient POST per alarm (examples/nchan/README.md).
import type { StoredAlarm } from './db'
import { sendEmpty, sleep } from './http'
import { defineRoute, type RequestContext } from './router'
import { requireUser } from './routes/auth'
import type { StreamHub } from './streams'

/** Response header that carries the user id; nginx maps it to the channel id (`auth_request_set`). */
export const USER_ID_HEADER = 'X-User-Id'

/** Waits before the 2nd, 3rd… attempt: about 1.5 s in all, enough for an nchan restart behind the address. */
const RETRY_DELAYS_MS = [100, 200, 400, 800]

export interface NchanPublisher {
  /** Queues the alarm for `<base>/<userId>`; alarms of one user are posted in order. */
  publish(stored: StoredAlarm): void
  /** Resolves once every queued post has been answered (or given up). */
  idle(): Promise<void>
}

/** `http(s)` URL without a trailing slash, or an Error naming the flag. */
export function parsePublishTo(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`--publish-to must be an http(s) URL, got "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--publish-to must be an http(s) URL, got "${value}"`)
  return url.href.replace(/\/+$/, '')
}

/**
 * POSTs each alarm's JSON (the stream's `data:` as the test API itself writes it) to `<base>/<userId>`.
 * nchan gives it a `time:seq` id and no event name, so subscribers receive it as a `message` event.
 * A failed post is retried with growing pauses (an instance behind the publisher address may be restarting);
 * after that it is dropped, and a client that already reconciled sees the alarm only at its next refresh.
 */
export function createNchanPublisher(baseUrl: string, report: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): NchanPublisher {
  const base = parsePublishTo(baseUrl)
  const queues = new Map<number, Promise<void>>()

  async function post(stored: StoredAlarm): Promise<void> {
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[attempt - 1]!)
      try {
        const response = await fetch(`${base}/${stored.userId}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'text/json' },
          body: JSON.stringify(stored.alarm),
        })
        await response.arrayBuffer()
        if (response.ok) return
        if (response.status < 500) break
      } catch {
        // Network error: retried.
      }
    }
    report(`publish-to: alarm ${stored.alarm.id} of user ${stored.userId} was not published to ${base}`)
  }

  return {
    publish(stored) {
      const previous = queues.get(stored.userId) ?? Promise.resolve()
      const next = previous.then(() => post(stored))
      queues.set(stored.userId, next)
      void next.then(() => {
        if (queues.get(stored.userId) === next) queues.delete(stored.userId)
      })
    },
    async idle() {
      while (queues.size > 0) await Promise.all(queues.values())
    },
  }
}

/** Makes `hub.publish` also hand every alarm to nchan; without a base URL the hub is returned untouched. */
export function forwardToNchan(hub: StreamHub, baseUrl: string | undefined): StreamHub {
  if (!baseUrl) return hub
  const publisher = createNchanPublisher(baseUrl)
  const publishToOwnStreams = hub.publish
  hub.publish = (stored, options) => {
    publisher.publish(stored)
    return publishToOwnStreams(stored, options)
  }
  return hub
}

/** `GET /api/auth/check`: 200 with the user id in `X-User-Id` for a valid token (any auth mode), else 401. */
function check(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  sendEmpty(ctx.res, 200, { [USER_ID_HEADER]: String(userId), 'Cache-Control': 'no-store', 'Content-Length': '0' })
}

export const authCheckRoutes = [defineRoute('GET', '/api/auth/check', check)]
