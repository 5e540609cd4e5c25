// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, nextTick, type App } from 'vue'
import { createPinia } from 'pinia'
import { QueryClient, VueQueryPlugin, useQuery as useTanStackQuery } from '@tanstack/vue-query'
import { PiniaColada, useQuery as useColadaQuery } from '@pinia/colada'
import page from '../../docs/guide/refresh-on-alarm.md?raw'
import type { Alarm } from '../../src/alarms/types'
import { createAlarms } from '../../src/plugin'
import { useAlarmsStore } from '../../src/store'
import { alarm } from '../components/store-harness'
import { codeBlocks } from './markdown-blocks'

// This file runs in the DOM environment, where Vite would hand `node:` imports a browser stub.
const { mkdir, mkdtemp, rm, writeFile } = process.getBuiltinModule('node:fs/promises')
const { join } = process.getBuiltinModule('node:path')

type UseRefreshOnAlarm = () => void
let folder = ''
const recipes: Record<string, UseRefreshOnAlarm> = {}

beforeAll(async () => {
  await mkdir(join(process.cwd(), 'tests/.tmp'), { recursive: true })
  folder = await mkdtemp(join(process.cwd(), 'tests/.tmp/recipe-'))
  for (const block of codeBlocks(page).filter((item) => item.path)) {
    const file = join(folder, block.path!.replace(/^src\//, ''))
    // Only the package name changes: to this repository's source (a path from the project root, for Vite).
    await writeFile(file, block.content.replace("from 'vue-sse-alarms'", "from '/src/index.ts'"))
    recipes[block.path!] = ((await import(/* @vite-ignore */ file)) as { useRefreshOnAlarm: UseRefreshOnAlarm }).useRefreshOnAlarm
  }
})

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** An app with a real pinia and the alarms store, whose new-alarm batches the test hands out itself. */
function mountApp(install: (app: App) => void, setup: () => void) {
  const listeners = new Set<(alarms: Alarm[]) => void>()
  const app = createApp(defineComponent(() => (setup(), () => h('p'))))
  app.use(createPinia()).use(createAlarms({ getToken: () => null, autoConnect: false }))
  install(app)
  const store = app.runWithContext(() => useAlarmsStore())
  vi.spyOn(store, 'subscribeNewAlarms').mockImplementation((listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  })
  app.mount(document.createElement('div'))
  return { app, emitNew: (alarms: Alarm[]) => listeners.forEach((listener) => listener(alarms)) }
}

const comment = (id: number, url: string): Alarm => ({ ...alarm(id), type: 'COMMENT', url })

describe('the refresh-on-alarm recipe', () => {
  it('has a TanStack Vue Query and a Pinia Colada version', () => {
    expect(Object.keys(recipes).sort()).toEqual(['src/refresh-on-alarm-colada.ts', 'src/refresh-on-alarm.ts'])
  })

  it('with TanStack Vue Query: refetches the profile on an alarm and only the post a comment points at', async () => {
    const fetches: string[] = []
    const queryClient = new QueryClient()
    const { app, emitNew } = mountApp((app) => app.use(VueQueryPlugin, { queryClient }), () => {
      recipes['src/refresh-on-alarm.ts']!()
      for (const key of [['profile'], ['post', '/posts/3'], ['post', '/posts/4']]) {
        useTanStackQuery({ queryKey: key, queryFn: () => (fetches.push(key.join(' ')), key.join(' ')) })
      }
    })
    await vi.waitFor(() => expect(fetches).toHaveLength(3))
    await vi.waitFor(() => expect(queryClient.isFetching()).toBe(0))
    fetches.length = 0
    emitNew([comment(1, '/posts/3')])
    await vi.waitFor(() => expect(fetches.sort()).toEqual(['post /posts/3', 'profile']))
    await vi.waitFor(() => expect(queryClient.isFetching()).toBe(0))
    expect(fetches).not.toContain('post /posts/4')
    app.unmount()
  })

  it('with Pinia Colada: refetches the profile on an alarm and only the post a comment points at', async () => {
    const fetches: string[] = []
    const { app, emitNew } = mountApp((app) => app.use(PiniaColada), () => {
      recipes['src/refresh-on-alarm-colada.ts']!()
      for (const key of [['profile'], ['post', '/posts/3'], ['post', '/posts/4']]) {
        useColadaQuery({ key, query: async () => (fetches.push(key.join(' ')), key.join(' ')) })
      }
    })
    await vi.waitFor(() => expect(fetches).toHaveLength(3))
    fetches.length = 0
    emitNew([comment(1, '/posts/3')])
    await vi.waitFor(() => expect(fetches.sort()).toEqual(['post /posts/3', 'profile']))
    await nextTick()
    expect(fetches).not.toContain('post /posts/4')
    app.unmount()
  })
})
