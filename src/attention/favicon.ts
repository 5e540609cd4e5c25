import type { AlarmFaviconOptions } from './options'

/** Canvas size: browsers scale favicons to 16–32 px. */
const SIZE = 32

/** What the dot reads: nothing for a plain dot, else the count (9+ past 9, as small text stays legible). */
export function faviconBadgeText(count: number, showCount: boolean): string {
  if (!showCount || count <= 0) return ''
  return count > 9 ? '9+' : String(count)
}

export interface FaviconBadge {
  set(count: number): void
  /** Puts the app's favicon back. */
  stop(): void
}

function loadImage(href: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const image = new Image()
    // A favicon from a CDN would taint the canvas (toDataURL throws) unless served with CORS.
    image.crossOrigin = 'anonymous'
    image.onload = () => resolve(image)
    image.onerror = () => resolve(null)
    image.src = href
  })
}

function draw(icon: HTMLImageElement | null, text: string, color: string): string | null {
  const canvas = document.createElement('canvas')
  canvas.width = SIZE
  canvas.height = SIZE
  const context = canvas.getContext('2d')
  if (!context) return null
  if (icon) context.drawImage(icon, 0, 0, SIZE, SIZE)
  const radius = text ? SIZE * 0.3 : SIZE * 0.22
  context.beginPath()
  context.arc(SIZE - radius, radius, radius, 0, 2 * Math.PI)
  context.fillStyle = color
  context.fill()
  if (text) {
    context.fillStyle = '#ffffff'
    context.font = `bold ${Math.round(radius * 1.3)}px sans-serif`
    context.textAlign = 'center'
    context.textBaseline = 'middle'
    context.fillText(text, SIZE - radius, radius + 1)
  }
  try {
    return canvas.toDataURL('image/png')
  } catch {
    return null
  }
}

/**
 * Draws a dot (or the count) over the page's own favicon and restores it at 0. A page without a favicon gets a
 * `<link rel="icon">` of ours while the dot shows, removed afterwards.
 */
export function createFaviconBadge(options: AlarmFaviconOptions = {}): FaviconBadge {
  const color = options.color ?? '#dc2626'
  const showCount = options.showCount ?? false
  const found = document.querySelector<HTMLLinkElement>('link[rel~="icon"]')
  const link = found ?? Object.assign(document.createElement('link'), { rel: 'icon' })
  const originalHref = found?.getAttribute('href') ?? null
  const icon = originalHref ? loadImage(link.href) : Promise.resolve(null)
  let drawn = ''
  let version = 0

  function restore() {
    drawn = ''
    if (originalHref !== null) link.setAttribute('href', originalHref)
    else link.remove()
  }

  return {
    set(count) {
      const text = faviconBadgeText(count, showCount)
      const key = count > 0 ? `dot:${text}` : ''
      if (key === drawn) return
      const current = ++version
      if (!key) return restore()
      drawn = key
      void icon.then((image) => {
        if (current !== version) return
        const href = draw(image, text, color)
        if (!href) return
        link.setAttribute('href', href)
        if (!link.isConnected) document.head.append(link)
      })
    },
    stop() {
      version += 1
      restore()
    },
  }
}
