// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import { onNewAlarm } from '../../src/composables/on-new-alarm'
import { createTestingAlarms } from '../../src/testing'

// This file runs in the DOM environment, where Vite would hand `node:` imports a browser stub.
const { readFileSync } = process.getBuiltinModule('node:fs')
const { join } = process.getBuiltinModule('node:path')

/** A component that lists what `onNewAlarm` reported. */
const Listener = defineComponent({
  setup(_, { expose }) {
    const heard: string[] = []
    onNewAlarm((alarm) => heard.push(String(alarm.id)))
    expose({ heard })
    return () => h('div')
  },
})

async function mounted(alarms: ReturnType<typeof createTestingAlarms>) {
  const wrapper = mount(Listener, { global: { plugins: [alarms] } })
  await flushPromises()
  return { wrapper, heard: (wrapper.vm as unknown as { heard: string[] }).heard }
}

describe('createTestingAlarms', () => {
  it('loads the given alarms as the first page, without announcing them', async () => {
    const alarms = createTestingAlarms({ alarms: [{ id: 2 }, { id: 1, isRead: true }] })
    const { heard } = await mounted(alarms)
    expect(alarms.store.items.map((alarm) => alarm.id)).toEqual([2, 1])
    expect(alarms.store.unreadCount).toBe(1)
    expect(alarms.store.status).toBe('open')
    expect(heard).toEqual([])
  })

  it('announces a published alarm once and keeps it on the backend', async () => {
    const alarms = createTestingAlarms()
    const { heard } = await mounted(alarms)
    alarms.publish({ id: 'a-1', content: 'Hello' })
    alarms.publish({ id: 'a-1', content: 'Hello' })
    await flushPromises()
    expect(heard).toEqual(['a-1'])
    expect(alarms.serverAlarms.map((alarm) => alarm.id)).toEqual(['a-1'])
  })

  it('lets the store mark read on the in-memory backend', async () => {
    const alarms = createTestingAlarms({ alarms: [{ id: 1 }, { id: 2 }] })
    await mounted(alarms)
    await alarms.store.markRead(1)
    expect(alarms.serverAlarms.find((alarm) => alarm.id === 1)?.isRead).toBe(true)
    expect(alarms.store.unreadCount).toBe(1)
  })

  it('holds an alarm published while the stream is down until the reconnect reconciles', async () => {
    const alarms = createTestingAlarms()
    const { heard } = await mounted(alarms)
    alarms.fail()
    alarms.publish({ id: 7 })
    await flushPromises()
    expect(alarms.store.unreadCount).toBe(0)
    alarms.store.connect()
    await vi.waitFor(() => expect(alarms.store.unreadCount).toBe(1))
    expect(alarms.store.status).toBe('open')
    expect(heard).toEqual(['7'])
  })

  it('signs out and in as another user with their own alarms', async () => {
    const alarms = createTestingAlarms({ user: 'kim', alarms: [{ id: 1 }] })
    await mounted(alarms)
    alarms.setUser(null)
    await nextTick()
    expect(alarms.store.items).toEqual([])
    expect(alarms.store.status).toBe('idle')
    alarms.setUser('lee', [{ id: 9 }, { id: 8 }])
    await flushPromises()
    expect(alarms.store.items.map((alarm) => alarm.id)).toEqual([9, 8])
    expect(alarms.store.user).toBe('lee')
  })

  it('is the example the testing guide shows, word for word', () => {
    const page = readFileSync(join(process.cwd(), 'docs/guide/testing.md'), 'utf8')
    const example = readFileSync(join(process.cwd(), 'tests/testing/bell-example.test.ts'), 'utf8')
    expect(page).toContain('```ts\n' + example + '```')
  })
})
