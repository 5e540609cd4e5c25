// Preloaded with `--import` in front of server/main.ts: loads the test API's modules (the slow part of a start),
// tells the parent, then holds main.ts back until the parent says go. A restart then takes milliseconds, so the
// outage the storm bench sets is the outage the clients see.
import '../../server/index'

process.send?.('loaded')
await new Promise<void>((resolve) => process.once('message', () => resolve()))
