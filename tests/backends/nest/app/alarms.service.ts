import { Injectable } from '@nestjs/common'
import { Subject } from 'rxjs'

export interface Alarm {
  id: number
  type: string
  content: string
  url: string
  isRead: boolean
  createdAt: string
}

export interface Published {
  userId: number
  alarm: Alarm
}

/** Alarms in memory, newest last, and a Subject every subscription listens to. */
@Injectable()
export class AlarmsService {
  private readonly alarms = new Map<number, Alarm[]>()
  private nextId = 1
  readonly published = new Subject<Published>()
  /** Open subscriptions by user id. */
  readonly openStreams: Record<number, number> = {}

  streamOpened(userId: number): void {
    this.openStreams[userId] = (this.openStreams[userId] ?? 0) + 1
  }

  streamClosed(userId: number): void {
    this.openStreams[userId] = (this.openStreams[userId] ?? 1) - 1
  }

  private of(userId: number): Alarm[] {
    let list = this.alarms.get(userId)
    if (!list) this.alarms.set(userId, (list = []))
    return list
  }

  publish(userId: number, content: string): Alarm {
    const alarm: Alarm = { id: this.nextId++, type: 'COMMENT', content, url: '', isRead: false, createdAt: new Date().toISOString() }
    this.of(userId).push(alarm)
    this.published.next({ userId, alarm })
    return alarm
  }

  /** `page` counts from 1. */
  page(userId: number, page: number, size: number): { data: Alarm[]; total: number } {
    const newestFirst = [...this.of(userId)].reverse()
    return { data: newestFirst.slice((page - 1) * size, page * size), total: newestFirst.length }
  }

  unreadCount(userId: number): number {
    return this.of(userId).filter((alarm) => !alarm.isRead).length
  }

  setRead(userId: number, id: number, isRead: boolean): boolean {
    const alarm = this.of(userId).find((held) => held.id === id)
    if (alarm) alarm.isRead = isRead
    return alarm !== undefined
  }

  readAll(userId: number): void {
    for (const alarm of this.of(userId)) alarm.isRead = true
  }

  remove(userId: number, id: number): boolean {
    const list = this.of(userId)
    const index = list.findIndex((held) => held.id === id)
    if (index !== -1) list.splice(index, 1)
    return index !== -1
  }
}
