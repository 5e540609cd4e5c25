import type { AlarmSoundOptions } from './options'

export interface AlarmSound {
  /** Plays the sound for an alarm of `type`, if a user gesture has unlocked audio on this page. */
  play(type: string): void
  /** Whether a user gesture has unlocked audio yet. */
  readonly unlocked: boolean
  stop(): void
}

const GESTURES = ['pointerdown', 'keydown'] as const

/** Sticky user activation (Chromium, Firefox, Safari 16.4+): a gesture happened on this page, before we listened too. */
function hasBeenActive(): boolean {
  return typeof navigator !== 'undefined' && (navigator as { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive === true
}

/** A short two-note chime: one oscillator, no file to ship. */
function chime(context: AudioContext, volume: number): void {
  const start = context.currentTime
  const oscillator = context.createOscillator()
  const gain = context.createGain()
  oscillator.type = 'sine'
  oscillator.frequency.setValueAtTime(880, start)
  oscillator.frequency.setValueAtTime(1320, start + 0.12)
  gain.gain.setValueAtTime(0.0001, start)
  gain.gain.exponentialRampToValueAtTime(volume, start + 0.01)
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.4)
  oscillator.connect(gain).connect(context.destination)
  oscillator.start(start)
  oscillator.stop(start + 0.45)
}

/**
 * Browsers refuse to start audio before the person has interacted with the page (autoplay policy): nothing is
 * played until then, and the AudioContext is created inside the first gesture so it starts running.
 */
export function createAlarmSound(options: AlarmSoundOptions = {}): AlarmSound {
  const volume = Math.min(1, Math.max(0.0001, options.volume ?? 0.4))
  const urls = options.urls ?? {}
  let context: AudioContext | undefined
  let gestured = false

  function audioContext(): AudioContext | undefined {
    if (typeof AudioContext === 'undefined') return undefined
    context ??= new AudioContext()
    if (context.state === 'suspended') void context.resume().catch(() => {})
    return context
  }

  function onGesture() {
    gestured = true
    audioContext()
    removeListeners()
  }

  function removeListeners() {
    for (const name of GESTURES) window.removeEventListener(name, onGesture, true)
  }

  if (typeof window !== 'undefined') for (const name of GESTURES) window.addEventListener(name, onGesture, true)

  return {
    get unlocked() {
      return gestured || hasBeenActive()
    },
    play(type) {
      if (!(gestured || hasBeenActive())) return
      const url = urls[type]
      if (url !== undefined) {
        const audio = new Audio(url)
        audio.volume = volume
        void audio.play().catch(() => {})
        return
      }
      const running = audioContext()
      if (running) chime(running, volume)
    },
    stop() {
      removeListeners()
      void context?.close().catch(() => {})
      context = undefined
    },
  }
}
