import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { badgeText, eventually, openDemo, startDemoEnvironment, type DemoEnvironment, type DemoSession } from './demo-page'

let environment: DemoEnvironment | undefined
const sessions: DemoSession[] = []

beforeAll(async () => {
  environment = await startDemoEnvironment()
})

afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()?.close()
})

afterAll(() => environment?.close())

const computed = (locator: Locator, property: string) => locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property)

describe('theme tokens, in Chromium', () => {
  it('give the defaults, and an app overrides them with plain CSS on :root, on an ancestor or on a component', async () => {
    const { api, browser, server } = environment!
    const userId = 901
    await api.publish(userId, { content: 'Themed alarm' })
    const me = await openDemo(browser, server.url, userId)
    sessions.push(me)
    await eventually(() => badgeText(me)).toBe('1')
    await me.open()
    const selectedTab = me.panel.locator('[role="tab"][aria-selected="true"]')
    const toasts = me.page.getByTestId('toasts')
    const read = async () => ({
      accent: await computed(selectedTab, 'border-bottom-color'),
      badge: await computed(me.badge, 'background-color'),
      radius: await computed(me.panel, 'border-top-left-radius'),
      toastsLayer: await computed(toasts, 'z-index'),
    })

    expect(await read()).toEqual({ accent: 'rgb(37, 99, 235)', badge: 'rgb(220, 38, 38)', radius: '12px', toastsLayer: '1000' })

    // A shared token (accent, radius, z-index) and one with its default at its single use (badge).
    await me.page.addStyleTag({ content: ':root { --vsa-accent: rgb(1, 2, 3); --vsa-badge-bg: rgb(4, 5, 6); --vsa-radius: 3px; --vsa-z-index: 7 }' })
    expect(await read()).toEqual({ accent: 'rgb(1, 2, 3)', badge: 'rgb(4, 5, 6)', radius: '3px', toastsLayer: '7' })

    // Set on an element around the bell, it reaches the panel inside by inheritance.
    await me.page.addStyleTag({ content: `:has(> [data-testid="bell"]) { --vsa-accent: rgb(7, 8, 9) }` })
    expect((await read()).accent).toBe('rgb(7, 8, 9)')

    // Set on the component itself.
    await me.page.addStyleTag({ content: '.vsa-bell { --vsa-accent: rgb(10, 11, 12); --vsa-radius: 5px }' })
    expect(await read()).toEqual({ accent: 'rgb(10, 11, 12)', badge: 'rgb(4, 5, 6)', radius: '5px', toastsLayer: '7' })
  })
})
