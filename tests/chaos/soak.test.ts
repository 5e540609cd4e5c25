import { describe, expect, test } from 'vitest'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi } from '../helpers/test-server'
import { mountAlarms, until } from '../store/mount-alarms'
import { FakeDocument, inTab, installTabDocuments } from './page-visibility'
import { compareWithServer, formatFailure, formatSummary, planRun, replayCommand, runSoak, type ServerView } from './soak'

const server: ServerView = {
  ids: ['5', '4', '3'],
  readById: new Map([
    ['5', false],
    ['4', true],
    ['3', false],
  ]),
  unread: 2,
}
const exact = [
  { id: 5, isRead: false },
  { id: 4, isRead: true },
  { id: 3, isRead: false },
]

describe('the soak checker', () => {
  test('accepts a store that equals the server, and names every way one can differ', () => {
    expect(compareWithServer('a', { status: 'open', items: exact, unreadCount: 2 }, server).problems).toEqual([])

    const lost = compareWithServer('a', { status: 'open', items: exact.slice(1), unreadCount: 2 }, server)
    expect(lost.lost).toBe(1)
    const duplicated = compareWithServer('a', { status: 'open', items: [...exact, exact[2]!], unreadCount: 2 }, server)
    expect(duplicated.duplicated).toBe(1)
    const problems = (items: typeof exact, unreadCount = 2, status = 'open') =>
      compareWithServer('a', { status, items, unreadCount }, server).problems.join('\n')
    expect(problems([...exact, { id: 9, isRead: false }])).toContain('holds 1 the server does not [9]')
    expect(problems([exact[1]!, exact[0]!, exact[2]!])).toContain('order differs')
    expect(problems([{ id: 5, isRead: true }, exact[1]!, exact[2]!])).toContain('isRead differs for [5]')
    expect(problems(exact, 3)).toContain('unreadCount 3, server 2')
    expect(problems(exact, 2, 'retrying')).toContain('status retrying')
  })

  test('a seed fixes the whole schedule, and 20 seeds cover every fault switch', () => {
    expect(planRun(42)).toEqual(planRun(42))
    expect(planRun(42)).not.toEqual(planRun(43))
    const kinds = new Set<string>()
    for (let seed = 1000; seed < 1020; seed++) {
      for (const { step } of planRun(seed).steps) {
        kinds.add(step.kind === 'fault' ? step.name : step.kind)
        if (step.kind === 'fault') for (const fault of step.faults) if (fault.type === 'ids') kinds.add(`ids:${fault.format}`)
      }
    }
    for (const kind of ['publish', 'drop', 'cut', 'restart', 'expireTokens', '503', '401', 'wrong-content-type', 'junk', 'resend', 'ids', 'retry', 'split', 'slow-first-byte', 'hidden', 'offline', 'mutate']) {
      expect(kinds, kind).toContain(kind)
    }
    expect(replayCommand(1007)).toBe('npm run soak -- --runs 1 --seed 1007')
    expect(replayCommand(1014, 'drf')).toBe('npm run soak -- --runs 1 --seed 1014 --shape drf')
  })

  test('a simulated hidden tab really closes its stream, and showing it resumes with what was missed', async () => {
    const restoreDocument = installTabDocuments()
    const server = await startTestApi()
    const api = createTestApiClient(server.url)
    const doc = new FakeDocument()
    const { accessToken } = await api.login(5)
    const entry = inTab(doc, () =>
      mountAlarms({
        baseURL: `${server.url}/api`,
        getToken: () => accessToken,
        sharedConnection: false,
        stream: { openWhenHidden: false, retry: { minMs: 20, initialMs: 20, maxMs: 50 } },
      }),
    )
    try {
      expect(typeof document).toBe('undefined')
      await until(() => entry.store.status === 'open', 'open')
      inTab(doc, () => doc.setHidden(true))
      await until(async () => ((await api.stats()).openStreams['5'] ?? 0) === 0, 'the stream to close while hidden')
      await api.publish(5, { content: 'while hidden' })
      inTab(doc, () => doc.setHidden(false))
      await until(() => entry.store.items.length === 1, 'the missed alarm')
      expect((await api.stats()).openStreams['5']).toBe(1)
    } finally {
      entry.unmount()
      restoreDocument()
      await server.close()
    }
  })
})

describe('the chaos soak', () => {
  // The fixed seeds are split among the shapes, so the soak costs what it did with one shape.
  const seedsByShape = [
    { shape: 'spring', seed: 1000, runs: 7 },
    { shape: 'nest', seed: 1007, runs: 7 },
    { shape: 'drf', seed: 1014, runs: 6 },
  ] as const

  test('20 fixed-seed runs across the spring, nest and drf shapes: every store ends equal to the server, nothing lost or duplicated, nothing left open', async () => {
    const totals = { runs: 0, faults: 0, alarmsChecked: 0, lost: 0, duplicated: 0 }
    for (const { shape, seed, runs } of seedsByShape) {
      const summary = await runSoak({ seed, runs, shape })
      const report = [`${shape}: ${formatSummary(summary)}`, ...summary.failed.map(formatFailure)].join('\n')
      console.info(report)
      expect(summary.failed, report).toEqual([])
      expect(summary.runs).toBe(runs)
      expect(summary.lost).toBe(0)
      expect(summary.duplicated).toBe(0)
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += summary[key]
    }
    expect(totals.runs).toBe(20)
    expect(totals.faults).toBeGreaterThan(100)
    expect(totals.alarmsChecked).toBeGreaterThan(200)
  }, 300_000)
})
