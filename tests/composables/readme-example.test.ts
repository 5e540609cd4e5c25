// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextTick, type Component } from 'vue'
import { mount } from '@vue/test-utils'
import readme from '../../docs/guide/custom-ui.md?raw'
import { alarm, createStoreHarness } from '../components/store-harness'

// This file runs in the DOM environment, where Vite would hand `node:` imports a browser stub.
const { mkdir, mkdtemp, rm, writeFile } = process.getBuiltinModule('node:fs/promises')
const { join } = process.getBuiltinModule('node:path')

let folder: string
let CustomBell: Component
let exampleLines = 0

/** The block between the README's example markers, as written there. */
function readmeExample(): string {
  const match = /<!-- example:custom-bell -->\n```vue\n([\s\S]*?)```\n<!-- \/example:custom-bell -->/.exec(readme)
  if (!match?.[1]) throw new Error('docs/guide/custom-ui.md has no custom-bell example between its markers')
  return match[1]
}

beforeAll(async () => {
  const example = readmeExample()
  exampleLines = example.trimEnd().split('\n').length
  // Inside the project (tests/.tmp is ignored by git), where Vite compiles .vue files.
  await mkdir(join(process.cwd(), 'tests/.tmp'), { recursive: true })
  folder = await mkdtemp(join(process.cwd(), 'tests/.tmp/readme-'))
  const file = join(folder, 'CustomBell.vue')
  // Only the package name changes: to this repository's source (a path from the project root, for Vite).
  await writeFile(file, example.replace("from 'vue-sse-alarms'", "from '/src/index.ts'"))
  CustomBell = ((await import(/* @vite-ignore */ file)) as { default: Component }).default
})

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

describe('the custom bell in the README', () => {
  it('is at most 40 lines', () => {
    expect(exampleLines).toBeGreaterThan(10)
    expect(exampleLines).toBeLessThanOrEqual(40)
  })

  it('compiles and runs: opens, lists by day, moves by keyboard, filters, selects and closes', async () => {
    const { plugins, store, patch } = createStoreHarness({ items: [alarm(1, { content: 'one' }), alarm(2, { content: 'two', isRead: true })], hasNewAlarms: true })
    const onSelect = vi.fn()
    const wrapper = mount(CustomBell, { props: { onSelect }, attachTo: document.body, global: { plugins } })
    const trigger = wrapper.get('button[aria-expanded]')
    expect(trigger.attributes('aria-label')).toBe('Alarms, 1 unread')

    await trigger.trigger('click')
    await nextTick()
    await nextTick()
    expect(store.acknowledge).toHaveBeenCalled()
    expect(wrapper.findAll('h3').length).toBeGreaterThanOrEqual(1)
    const rows = wrapper.findAll('[data-alarm-item]')
    expect(rows.map((row) => row.text())).toEqual(['one', 'two'])
    expect(document.activeElement).toBe(rows[0]?.element)
    await rows[0]?.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(rows[1]?.element)

    await wrapper.get('input[type="checkbox"]').setValue(true)
    expect(wrapper.findAll('[data-alarm-item]').map((row) => row.text())).toEqual(['one'])

    await wrapper.get('[data-alarm-item]').trigger('click')
    expect(store.markRead).toHaveBeenCalledWith(1)
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }))
    await nextTick()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(trigger.element)

    await trigger.trigger('click')
    await nextTick()
    patch({ items: [], hasMore: true })
    await nextTick()
    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Escape' })
    await nextTick()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
