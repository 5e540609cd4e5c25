// The storm bench's client processes: N clients split over W Node processes, driven over IPC.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ClientKind, ClientLogin, DeliveryTally, FromWorker, ToWorker, WorkerReport, WorkerStatus } from './storm-protocol'

const WORKER_FILE = fileURLToPath(new URL('./storm-worker.ts', import.meta.url))

interface Worker {
  child: ChildProcess
  /** Replies arrive in request order; each waits for the next message from its worker. */
  pending: Array<{ resolve: (message: FromWorker) => void; reject: (error: Error) => void }>
}

export interface WorkerPool {
  /** Opens the clients (each worker takes a share) and resolves when every client is open and settled. */
  start(kind: ClientKind, apiUrl: string, logins: ClientLogin[]): Promise<void>
  status(): Promise<WorkerStatus>
  report(since: number, expected: Record<number, number[]>): Promise<WorkerReport>
  /** Closes every client and ends the processes. Idempotent. */
  stop(): Promise<void>
}

function request(worker: Worker, message: ToWorker): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    worker.pending.push({ resolve, reject })
    worker.child.send(message)
  })
}

function expectType<T extends FromWorker['type']>(message: FromWorker, type: T): Extract<FromWorker, { type: T }> {
  if (message.type === 'error') throw new Error(`storm worker: ${message.message}`)
  if (message.type !== type) throw new Error(`storm worker answered ${message.type}, expected ${type}`)
  return message as Extract<FromWorker, { type: T }>
}

export function mergeTallies(tallies: DeliveryTally[]): DeliveryTally {
  const total: DeliveryTally = { once: 0, missing: 0, duplicated: 0, onWire: 0, repeatedOnWire: 0, notifiedOnce: 0 }
  for (const tally of tallies) {
    for (const key of Object.keys(total) as Array<keyof DeliveryTally>) total[key] += tally[key]
  }
  return total
}

export function startWorkerPool(count: number): WorkerPool {
  const workers: Worker[] = Array.from({ length: count }, () => {
    const child = fork(WORKER_FILE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const worker: Worker = { child, pending: [] }
    child.on('message', (message: FromWorker) => worker.pending.shift()?.resolve(message))
    child.once('exit', (code) => {
      for (const waiting of worker.pending.splice(0)) waiting.reject(new Error(`storm worker exited with ${code}`))
    })
    return worker
  })
  let stopping: Promise<void> | undefined

  return {
    async start(kind, apiUrl, logins) {
      const shares = workers.map((_, index) => logins.filter((__, position) => position % workers.length === index))
      const replies = await Promise.all(workers.map((worker, index) => request(worker, { type: 'start', kind, apiUrl, clients: shares[index]! })))
      for (const reply of replies) expectType(reply, 'ready')
    },
    async status() {
      const replies = await Promise.all(workers.map((worker) => request(worker, { type: 'status' })))
      return replies
        .map((reply) => expectType(reply, 'status').status)
        .reduce((sum, status) => ({ total: sum.total + status.total, open: sum.open + status.open, settled: sum.settled + status.settled }))
    },
    async report(since, expected) {
      const replies = await Promise.all(workers.map((worker) => request(worker, { type: 'report', since, expected })))
      const reports = replies.map((reply) => expectType(reply, 'report').report)
      return {
        reopenedAt: reports.flatMap((report) => report.reopenedAt),
        stayedOpen: reports.reduce((sum, report) => sum + report.stayedOpen, 0),
        answeredAttempts: reports.flatMap((report) => report.answeredAttempts),
        failedAttempts: reports.reduce((sum, report) => sum + report.failedAttempts, 0),
        notReopened: reports.reduce<Record<string, number>>((sum, report) => {
          for (const [state, count] of Object.entries(report.notReopened)) sum[state] = (sum[state] ?? 0) + count
          return sum
        }, {}),
        delivery: mergeTallies(reports.map((report) => report.delivery)),
      }
    },
    stop() {
      stopping ??= Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve()
              const force = setTimeout(() => worker.child.kill('SIGKILL'), 5_000)
              worker.child.once('exit', () => {
                clearTimeout(force)
                resolve()
              })
              if (worker.child.connected) worker.child.send({ type: 'stop' } satisfies ToWorker)
              else worker.child.kill('SIGKILL')
            }),
        ),
      ).then(() => undefined)
      return stopping
    },
  }
}
