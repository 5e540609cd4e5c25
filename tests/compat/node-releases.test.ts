import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeBinary } from '../helpers/node-release'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { LIVE_ALARM_SCRIPT, runLiveAlarm } from './run-live-alarm'
import { PROJECT_ROOT } from './packed-library'

/** The Node releases `engines` names; 22 and 24 come from the npm registry when this machine runs another. */
const MAJORS = [20, 22, 24]

// The built dist/ (the global setup built it), run by each Node release: the script sits inside this package,
// so it imports `vue-sse-alarms/stream` and `vue-sse-alarms` by name, through the exports map.
describe('the ./stream entry and the store on each supported Node release', () => {
  let api: TestServer
  let userId = 1900

  beforeAll(async () => {
    api = await startTestApi()
  })
  afterAll(() => api?.close())

  it.each(MAJORS)('Node %i: both receive a live alarm from the test API', async (major) => {
    const { binary, version } = await nodeBinary(major)
    const start = performance.now()
    const report = await runLiveAlarm(binary, LIVE_ALARM_SCRIPT, PROJECT_ROOT, api.url, ++userId)
    process.stdout.write(`Node ${version}: live alarm in ${Math.round(performance.now() - start)} ms\n`)

    expect(report.node).toBe(version)
    expect(report.node.split('.')[0]).toBe(String(major))
    expect(report.streamStatus).toBe('open')
    expect(report.storeStatus).toBe('open')
    expect(report.streamed).toBe(1)
    expect(report.stored).toEqual([`Live on Node ${version}`])
  }, 120_000)
})
