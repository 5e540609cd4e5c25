// Chromium alone, for the browser tests and benches (`npm test` makes sure of every system package with
// ensure-system.mjs):
//   node scripts/ensure-browser.mjs                 prints the Chromium it finds
//   node scripts/ensure-browser.mjs <command…>      runs the command with CHROMIUM_PATH set to it
// When find-browser.mjs finds none, it installs Debian's `chromium` with apt-get if this process is root or
// has passwordless sudo (not with ENSURE_BROWSER_NO_INSTALL=1); otherwise it exits 1 at once.
import { ensureSystem } from './ensure-system.mjs'

ensureSystem(['chromium'], process.argv.slice(2))
