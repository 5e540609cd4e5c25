// One worker process of the storm bench: runs its share of the clients and answers the parent over IPC.
import { openFixedDelayClient, openStoreClient, type StormClient } from './storm-clients'
import type { ClientKind, ClientLogin, DeliveryTally, FromWorker, ToWorker, WorkerReport, WorkerStatus } from './storm-protocol'

/** Clients started per step, so the first connect is a ramp and not a storm of its own. */
const RAMP_BATCH = 25
const RAMP_PAUSE_MS = 40
const READY_TIMEOUT_MS = 300_000

let clients: StormClient[] = []

function send(message: FromWorker): void {
  process.send?.(message)
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function openClient(kind: ClientKind, apiUrl: string, login: ClientLogin): StormClient {
  return kind.type === 'ours'
    ? openStoreClient(apiUrl, login.userId, login.accessToken)
    : openFixedDelayClient(apiUrl, login.userId, login.accessToken, kind)
}

function status(): WorkerStatus {
  return { total: clients.length, open: clients.filter((client) => client.isOpen()).length, settled: clients.filter((client) => client.isSettled()).length }
}

async function start(kind: ClientKind, apiUrl: string, logins: ClientLogin[]): Promise<void> {
  for (let index = 0; index < logins.length; index += RAMP_BATCH) {
    for (const login of logins.slice(index, index + RAMP_BATCH)) clients.push(openClient(kind, apiUrl, login))
    await sleep(RAMP_PAUSE_MS)
  }
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (status().settled < clients.length) {
    if (Date.now() > deadline) throw new Error(`only ${status().settled} of ${clients.length} clients settled`)
    await sleep(50)
  }
}

function report(since: number, expected: Record<number, number[]>): WorkerReport {
  const delivery: DeliveryTally = { once: 0, missing: 0, duplicated: 0, onWire: 0, repeatedOnWire: 0, notifiedOnce: 0 }
  const reopenedAt: Array<number | null> = []
  const answeredAttempts: number[] = []
  let failedAttempts = 0
  let stayedOpen = 0
  const notReopened: Record<string, number> = {}
  for (const client of clients) {
    const dropped = client.attempts.some((attempt) => attempt.at >= since)
    const reopened = client.opens.find((at) => at >= since) ?? null
    if (dropped) reopenedAt.push(reopened)
    else if (client.isOpen()) stayedOpen++
    if (dropped && reopened === null) {
      const waiting = client.attempts.some((attempt) => !attempt.settled)
      const state = waiting ? 'request waiting' : client.status()
      notReopened[state] = (notReopened[state] ?? 0) + 1
    }
    for (const attempt of client.attempts) {
      if (attempt.at < since || !attempt.settled) continue
      if (attempt.answered) answeredAttempts.push(attempt.at)
      else failedAttempts++
    }
    for (const alarmId of expected[client.userId] ?? []) {
      const held = client.heldCount(alarmId)
      if (held === 1) delivery.once++
      else if (held === 0) delivery.missing++
      else delivery.duplicated++
      const onWire = client.wireCount(alarmId)
      if (onWire >= 1) delivery.onWire++
      if (onWire > 1) delivery.repeatedOnWire++
      if (client.notifiedCount(alarmId) === 1) delivery.notifiedOnce++
    }
    // What was reported is not needed again: the next outage reports from its own start.
    client.attempts.splice(0, client.attempts.length)
    client.opens.splice(0, client.opens.length)
  }
  return { reopenedAt, stayedOpen, answeredAttempts, failedAttempts, notReopened, delivery }
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      start(message.kind, message.apiUrl, message.clients).then(
        () => send({ type: 'ready' }),
        (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
      )
      break
    case 'status':
      send({ type: 'status', status: status() })
      break
    case 'report':
      send({ type: 'report', report: report(message.since, message.expected) })
      break
    case 'stop':
      for (const client of clients) client.close()
      clients = []
      // Open sockets and retry timers would keep the process alive; nothing is left to do.
      setTimeout(() => process.exit(0), 50)
      break
  }
})
