import axe from 'axe-core'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { badgeText, eventually, openDemo, startDemoEnvironment, type DemoEnvironment, type DemoSession } from './demo-page'

let environment: DemoEnvironment
const sessions: DemoSession[] = []
let nextUserId = 900

interface Finding {
  rule: string
  impact: string | null | undefined
  help: string
  targets: string[]
}

/** Every axe-core rule the package runs by default (WCAG A/AA and best practices) over the whole page. */
async function violations(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source })
  return page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] })
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }))
  })
}

async function signedIn(userId: number, width = 1280): Promise<DemoSession> {
  const session = await openDemo(environment.browser, environment.server.url, userId, { viewport: { width, height: 800 } })
  sessions.push(session)
  return session
}

beforeAll(async () => {
  environment = await startDemoEnvironment()
})

afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()?.close()
})

afterAll(() => environment?.close())

describe('axe-core on the demo page', () => {
  it('finds nothing with the bell closed, open, filtered, and with an item hovered', async () => {
    const userId = ++nextUserId
    await environment.api.publishMany(userId, { content: 'Review requested', url: '/reviews/1', count: 3 })
    const me = await signedIn(userId)
    await eventually(() => badgeText(me)).toBe('3')
    expect(await violations(me.page)).toEqual([])

    await me.open()
    await eventually(() => me.items.count()).toBe(3)
    expect(await violations(me.page)).toEqual([])

    await me.items.nth(1).hover()
    expect(await violations(me.page)).toEqual([])

    await me.panel.getByRole('tab', { name: /Unread/ }).click()
    await me.items.first().locator('.vsa-item__toggle').click()
    await eventually(() => me.items.count()).toBe(2)
    expect(await violations(me.page)).toEqual([])
  })

  it('finds nothing on the empty panel and on the sheet of a phone', async () => {
    const me = await signedIn(++nextUserId, 390)
    await me.open()
    await me.panel.getByText('No alarms yet').waitFor()
    expect(await violations(me.page)).toEqual([])
  })

  it('finds nothing with toasts on screen', async () => {
    const userId = ++nextUserId
    const me = await signedIn(userId)
    await environment.api.publishMany(userId, { content: 'Build finished', count: 2 })
    await eventually(() => me.page.locator('.vsa-toast').count()).toBe(2)
    expect(await violations(me.page)).toEqual([])
  })

  it('fails on a violation: the check is live, and catches what the panel used to have', async () => {
    const me = await signedIn(++nextUserId)
    await me.open()
    await me.page.evaluate(() => {
      document.querySelector('.vsa-bell__button')?.removeAttribute('aria-label')
      // The panel's heading row used to be a <header>: a second banner landmark inside the dialog.
      document.querySelector('.vsa-panel')?.prepend(document.createElement('header'))
    })
    const rules = (await violations(me.page)).map((finding) => finding.rule)
    expect(rules).toEqual(expect.arrayContaining(['button-name', 'landmark-no-duplicate-banner']))
  })
})
