export { createTestingAlarms } from './create-testing-alarms'
export type { CreateTestingAlarmsOptions, TestingAlarms, TestingAlarmsAppOptions, TestingAlarm } from './create-testing-alarms'
