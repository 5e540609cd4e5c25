import type { Alarm, AlarmPage } from '../../src/alarms/types'
import { alarmKey, compareAlarms } from '../../src/alarms/merge'
import * as list from '../../src/alarms/list'

/**
 * A model of the server and of everything in flight between it and one client, for the merge properties:
 * stream deliveries lag behind publishes, and a first page is built at any moment after its request went out and
 * applied at any moment after that.
 */
export interface PendingRefresh {
  heldAtSend: Set<string>
  built?: { page: AlarmPage; count: number }
}

export type Step =
  | { kind: 'publish'; read: boolean }
  | { kind: 'deliver'; count: number }
  | { kind: 'send' }
  | { kind: 'build'; pick: number }
  | { kind: 'apply'; pick: number }
  | { kind: 'markRead'; pick: number }
  | { kind: 'markUnread'; pick: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'readAll' }
  | { kind: 'deleteElsewhere'; pick: number }
  | { kind: 'loadMore' }

const BASE = Date.parse('2026-11-30T09:00:00Z')

/** How the server pages: by offset (Spring, NestJS), or by a keyset cursor in each page's `next` (Django REST framework). */
export type Paging = 'offset' | 'cursor'

/** A keyset cursor: the place of a page's oldest alarm, valid even after that alarm is deleted. */
const cursorAfter = (alarm: Alarm) => JSON.stringify([alarm.createdAt, alarm.id])
const cursorPlace = (cursor: string): Alarm => {
  const [createdAt, id] = JSON.parse(cursor) as [string, number]
  return { id, createdAt, type: '', content: '', url: '', isRead: true }
}

export class ListModel {
  /** Newest first, as the server lists them. */
  server: Alarm[] = []
  pipe: Alarm[] = []
  pending: PendingRefresh[] = []
  state: list.ListState = list.emptyList
  /** Delivered by the stream and not removed since (by this client or elsewhere). */
  delivered = new Set<string>()
  private nextId = 1

  constructor(
    readonly pageSize: number,
    readonly maxItems = 100_000,
    readonly paging: Paging = 'offset',
  ) {}

  private firstPage(size: number, page = 0): AlarmPage {
    return this.pageOf(this.server.slice(page * size), page, size)
  }

  /** The first `size` of `rest`; a cursor server adds where the next page starts (null after the last). */
  private pageOf(rest: Alarm[], page: number, size: number): AlarmPage {
    const items = rest.slice(0, size)
    const built: AlarmPage = { items, page, size, total: this.server.length }
    if (this.paging === 'offset') return built
    const oldest = items[items.length - 1]
    return { ...built, next: rest.length > size && oldest ? cursorAfter(oldest) : null }
  }

  private pageAfter(cursor: string, size: number): AlarmPage {
    const place = cursorPlace(cursor)
    return this.pageOf(this.server.filter((alarm) => compareAlarms(alarm, place) > 0), 0, size)
  }

  private unreadOnServer(): number {
    return this.server.filter((alarm) => !alarm.isRead).length
  }

  private held(pick: number): Alarm | undefined {
    return this.state.items.length === 0 ? undefined : this.state.items[pick % this.state.items.length]
  }

  /** A mutation aborts the refreshes in flight, as the sync layer does: their answers could predate it. */
  private mutated(): void {
    this.pending = []
  }

  private setOnServer(id: Alarm['id'], isRead: boolean): void {
    this.server = this.server.map((alarm) => (alarm.id === id ? { ...alarm, isRead } : alarm))
  }

  step(step: Step): void {
    switch (step.kind) {
      case 'publish': {
        const id = this.nextId++
        // Three alarms per second: equal timestamps are ordered by id.
        const alarm: Alarm = { id, type: 'T', content: `#${id}`, url: '', isRead: step.read, createdAt: new Date(BASE + Math.floor(id / 3) * 1000).toISOString() }
        this.server = [alarm, ...this.server].sort(compareAlarms)
        this.pipe.push(alarm)
        break
      }
      case 'deliver': {
        const batch = this.pipe.splice(0, step.count)
        // An alarm deleted before the stream got to it still arrives: the server sent it first.
        this.state = list.applyStreamAlarms(this.state, batch, this.maxItems).state
        for (const alarm of batch) if (this.server.some((held) => held.id === alarm.id)) this.delivered.add(alarmKey(alarm.id))
        break
      }
      case 'send':
        this.pending.push({ heldAtSend: new Set(this.state.items.map((item) => alarmKey(item.id))) })
        break
      case 'build': {
        const request = this.pending.filter((pending) => !pending.built)[step.pick % Math.max(1, this.pending.length)]
        if (request) request.built = { page: this.firstPage(this.pageSize), count: this.unreadOnServer() }
        break
      }
      case 'apply': {
        const built = this.pending.filter((pending) => pending.built)
        const request = built[step.pick % Math.max(1, built.length)]
        if (!request?.built) break
        this.pending = this.pending.filter((pending) => pending !== request)
        this.state = list.applyFirstPage(this.state, request.built.page, request.built.count, request, this.maxItems).state
        break
      }
      case 'markRead':
      case 'markUnread': {
        const alarm = this.held(step.pick)
        if (!alarm) break
        const isRead = step.kind === 'markRead'
        this.state = (isRead ? list.applyRead : list.applyUnread)(this.state, alarm.id)
        this.setOnServer(alarm.id, isRead)
        this.mutated()
        break
      }
      case 'remove': {
        const alarm = this.held(step.pick)
        if (!alarm) break
        this.state = list.applyRemove(this.state, alarm.id).state
        this.server = this.server.filter((held) => held.id !== alarm.id)
        this.delivered.delete(alarmKey(alarm.id))
        this.mutated()
        break
      }
      case 'readAll':
        this.state = list.applyReadAll(this.state).state
        this.server = this.server.map((alarm) => (alarm.isRead ? alarm : { ...alarm, isRead: true }))
        this.mutated()
        break
      case 'deleteElsewhere': {
        const alarm = this.server[step.pick % Math.max(1, this.server.length)]
        if (!alarm) break
        this.server = this.server.filter((held) => held !== alarm)
        this.delivered.delete(alarmKey(alarm.id))
        break
      }
      case 'loadMore': {
        if (!list.hasMoreAlarms(this.state)) break
        const heldAtSend = new Set(this.state.items.map((item) => alarmKey(item.id)))
        const cursor = this.state.next
        if (typeof cursor === 'string') {
          this.state = list.applyOlderPage(this.state, this.pageAfter(cursor, this.pageSize), { heldAtSend, cursor }, this.maxItems).state
          break
        }
        const page = Math.floor(this.state.contiguous / this.pageSize)
        this.state = list.applyOlderPage(this.state, this.firstPage(this.pageSize, page), { heldAtSend }, this.maxItems).state
        break
      }
    }
  }

  /** Every stream delivery in, one refresh built and applied now, then older pages until none is left. */
  settle(refreshSize = this.pageSize): number {
    this.step({ kind: 'deliver', count: this.pipe.length })
    const request = { heldAtSend: new Set(this.state.items.map((item) => alarmKey(item.id))) }
    this.state = list.applyFirstPage(this.state, this.firstPage(refreshSize), this.unreadOnServer(), request, this.maxItems).state
    let pages = 0
    while (list.hasMoreAlarms(this.state) && pages < 1000) {
      this.step({ kind: 'loadMore' })
      pages += 1
    }
    return pages
  }

  serverUnread(): number {
    return this.unreadOnServer()
  }
}
