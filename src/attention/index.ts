export { useAlarmAttention } from './use-alarm-attention'
export type { UseAlarmAttentionOptions, UseAlarmAttentionReturn } from './use-alarm-attention'
export type { AlarmAttentionOptions, AlarmFaviconOptions, AlarmSoundOptions, AlarmTitleOptions } from './options'
