import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SubscribePlan } from '../faults'
import { errorBody, sleep } from '../http'
import { defineRoute, type RequestContext } from '../router'
import { formatEvent, junkBlocks, retryLine, SseWriter } from '../sse'
import type { OpenStream } from '../streams'
import { requireUser } from './auth'

/**
 * `Last-Event-ID` as the client meant it. Node hands header bytes over as latin1, so a client that
 * UTF-8-encodes a Korean or emoji id arrives garbled unless decoded back.
 */
export function readLastEventId(req: IncomingMessage): string | null {
  const raw = req.headers['last-event-id']
  const value = Array.isArray(raw) ? raw[0] : raw
  if (value === undefined || value === '') return null
  return Buffer.from(value, 'latin1').toString('utf8')
}

/** The `status` fault: answer like a failing gateway or backend instead of streaming. */
function sendFaultStatus(res: ServerResponse, status: NonNullable<SubscribePlan['status']>): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-cache' }
  if (status.retryAfter !== undefined) headers['Retry-After'] = String(status.retryAfter)
  if (status.status === 204) {
    res.writeHead(204, headers)
    res.end()
    return
  }
  const contentType = status.contentType ?? 'application/json'
  const json = JSON.stringify(errorBody(status.status, `fault injected: status ${status.status}`))
  const body = contentType.includes('text/event-stream') ? formatEvent({ event: 'error', data: json }) : json
  res.writeHead(status.status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) })
  res.end(body)
}

async function subscribe(ctx: RequestContext): Promise<void> {
  const { app, req, res } = ctx
  const userId = requireUser(ctx)
  const lastEventId = readLastEventId(req)
  const plan = app.faults.takePlan()

  if (plan.delayMs > 0) {
    await sleep(plan.delayMs)
    if (res.destroyed) {
      // The client gave up during the delay: log what nginx would (499), not a 200 that never went out.
      res.statusCode = 499
      return
    }
  }
  if (plan.status) {
    sendFaultStatus(res, plan.status)
    return
  }

  res.socket?.setNoDelay(true)
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
    Connection: 'keep-alive',
  })
  res.flushHeaders()

  const eol = plan.split ? '\r\n' : '\n'
  const stream: OpenStream = {
    userId,
    plan,
    eol,
    cutPending: plan.cut,
    res,
    writer: new SseWriter(res, { split: plan.split }),
  }

  // Everything below runs in one tick: the handshake position, the replay query and joining the hub
  // cannot interleave with a publish, so nothing is missed or sent twice.
  const position = app.db.currentPosition()
  const handshakeId = app.hub.issueId(stream, position)
  void stream.writer.write(formatEvent({ id: handshakeId, event: 'sse', data: `EventStream Created. [userId=${userId}]` }, eol))
  if (plan.retry) void stream.writer.write(formatEvent({ retry: retryLine(plan.retry) }, eol))
  if (plan.junk) {
    for (const block of junkBlocks(eol, app.hub.issueId(stream, position))) void stream.writer.write(block)
  }
  if (lastEventId !== null) {
    const resumeAfter = app.db.positionOf(lastEventId, userId)
    if (resumeAfter !== undefined) {
      for (const stored of app.db.alarmsAfter(userId, resumeAfter)) void app.hub.writeAlarm(stream, stored)
    }
  }
  app.hub.add(stream)

  const timers: NodeJS.Timeout[] = []
  // SseEmitter's timeout completes the response: the client sees a normal end of stream.
  timers.push(
    setTimeout(() => app.hub.complete(stream), app.options.emitterTimeoutMs),
  )
  if (app.options.heartbeatMs > 0) {
    timers.push(setInterval(() => void stream.writer.write(`:heartbeat${eol}${eol}`), app.options.heartbeatMs))
  }
  res.on('close', () => {
    for (const timer of timers) clearTimeout(timer)
    app.hub.remove(stream)
  })
}

export const subscribeRoutes = [defineRoute('GET', '/api/subscribe', subscribe)]
