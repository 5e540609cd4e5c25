import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig, type DefaultTheme } from 'vitepress'

const docsRoot = fileURLToPath(new URL('..', import.meta.url))

/** A page joins the sidebar once its file exists, so a new page needs only its line here. */
function pages(items: Array<[text: string, link: string]>): DefaultTheme.SidebarItem[] {
  return items.filter(([, link]) => existsSync(`${docsRoot}${link}.md`)).map(([text, link]) => ({ text, link }))
}

export default defineConfig({
  title: 'vue-sse-alarms',
  description: 'Live alarms for Vue 3 over Server-Sent Events: a Pinia store, a header bell and a resilient stream.',
  cleanUrls: true,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  // The Quick start's dev server URL is meant for the reader's machine; every other link must resolve.
  ignoreDeadLinks: 'localhostLinks',
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Auth', link: '/auth/bearer' },
      { text: 'Backend', link: '/backend/contract' },
      { text: 'API', link: '/api/reference' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: pages([
          ['Getting started', '/guide/getting-started'],
          ['The store', '/guide/store'],
          ['The bell and toasts', '/guide/bell'],
          ['Your own UI', '/guide/custom-ui'],
          ['Paging', '/guide/paging'],
          ['Signing out', '/guide/sign-out'],
          ['Getting attention', '/guide/attention'],
          ['Preferences', '/guide/preferences'],
          ['Refreshing the rest of the app', '/guide/refresh-on-alarm'],
          ['Testing an app with the bell', '/guide/testing-apps'],
          ['Testing utilities', '/guide/testing'],
          ['Nuxt', '/guide/nuxt'],
          ['Nuxt proxy', '/guide/nuxt-proxy'],
          ['The client without Vue', '/guide/client'],
          ['The stream without Vue', '/guide/stream'],
        ]),
      },
      {
        text: 'Auth shapes',
        items: pages([
          ['Bearer with refresh', '/auth/bearer'],
          ['Raw token', '/auth/raw-token'],
          ['Custom header', '/auth/custom-header'],
          ['Cookie session and CSRF', '/auth/cookie'],
          ['Another origin (CORS)', '/auth/cors'],
        ]),
      },
      {
        text: 'Backend',
        items: pages([
          ['The contract', '/backend/contract'],
          ['Heartbeats', '/backend/heartbeats'],
          ['Scaling out', '/backend/scaling'],
          ['The test API', '/backend/test-api'],
        ]),
      },
      {
        text: 'Backends by framework',
        items: pages([
          ['Spring Boot', '/backends/spring'],
          ['NestJS', '/backends/nestjs'],
          ['Express', '/backends/express'],
          ['Laravel', '/backends/laravel'],
          ['Django', '/backends/django'],
        ]),
      },
      {
        text: 'API',
        items: pages([
          ['createAlarms options', '/api/options'],
          ['Reference', '/api/reference'],
          ['Exports', '/api/exports'],
        ]),
      },
      {
        text: 'Project',
        items: pages([
          ['Reliability', '/project/reliability'],
          ['Developing', '/project/developing'],
        ]),
      },
    ],
    search: { provider: 'local' },
  },
})
