// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { useAlarmPanel, type UseAlarmPanelReturn } from '../../src/composables/use-alarm-panel'
import { useAlarmsViewState } from '../../src/composables/ui-state'
import { alarm, createStoreHarness } from '../components/store-harness'
import { mountInBodyPerTest } from '../helpers/mount-in-body'

const mountInBody = mountInBodyPerTest()

/** A bare disclosure over the composable: a trigger, and a panel with one row per held alarm. */
function setup(open = ref(false)) {
  const harness = createStoreHarness({ items: [alarm(1), alarm(2)], hasNewAlarms: true })
  let panel!: UseAlarmPanelReturn
  const outside = document.createElement('button')
  document.body.append(outside)
  const wrapper = mountInBody(
    defineComponent(() => {
      panel = useAlarmPanel({ open })
      return () =>
        h('div', { ref: panel.root }, [
          h('button', { ref: panel.trigger, class: 'trigger', onClick: panel.toggle }, 'Alarms'),
          panel.open.value
            ? h('div', { ref: panel.panel, role: 'dialog', tabindex: -1 }, [
                ...harness.store.items.map((item) => h('button', { key: item.id, 'data-alarm-item': '' }, item.content)),
              ])
            : null,
        ])
    }),
    { global: { plugins: harness.plugins } },
  )
  return { wrapper, panel, outside, ...harness }
}

const settle = async () => {
  await nextTick()
  await nextTick()
}

describe('useAlarmPanel', () => {
  it('closes without pulling focus back when focus leaves by Tab', async () => {
    const { wrapper, panel, outside } = setup()
    panel.show()
    await settle()
    const row = wrapper.get('[data-alarm-item]')
    expect(document.activeElement).toBe(row.element)
    await row.trigger('focusout', { relatedTarget: outside })
    expect(panel.open.value).toBe(false)
    expect(document.activeElement).not.toBe(wrapper.get('.trigger').element)
  })

  it('follows an open ref owned by the caller, and returns focus when closed from outside while focus was inside', async () => {
    const open = ref(true)
    const { wrapper, store } = setup(open)
    await settle()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(true)
    expect(store.acknowledge).toHaveBeenCalledTimes(1)
    open.value = false
    await settle()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('.trigger').element)
  })

  it('acknowledges alarms that arrive while open, and tells the other views a panel is open', async () => {
    const { panel, store, patch } = setup()
    const view = useAlarmsViewState()
    expect(view.openPanels).toBe(0)
    panel.show()
    await settle()
    expect(view.openPanels).toBe(1)
    patch({ hasNewAlarms: false })
    await nextTick()
    patch({ hasNewAlarms: true })
    await nextTick()
    expect(store.acknowledge).toHaveBeenCalledTimes(2)
    panel.hide()
    await settle()
    expect(view.openPanels).toBe(0)
  })

  it('focuses the panel itself when there is no row, and a row by index when asked', async () => {
    const { wrapper, panel, patch } = setup()
    patch({ items: [] })
    panel.show()
    await settle()
    expect(document.activeElement).toBe(wrapper.get('[role="dialog"]').element)
    expect(panel.focusItem(0)).toBe(false)
    patch({ items: [alarm(1), alarm(2)] })
    await settle()
    expect(panel.focusItem(5)).toBe(true)
    expect(document.activeElement?.textContent).toBe('Alarm 2')
  })
})
