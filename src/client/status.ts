/**
 * Where the store's connection is:
 * - `idle`: not connected (signed out, before sign-in, after `disconnect()`);
 * - `connecting`, `open`, `retrying`: as the stream reports;
 * - `offline`: the browser is offline, nothing retries until it is back;
 * - `unauthorized`: the session could not be renewed, or another tab signed out;
 * - `closed`: the server refused the stream for good (403, 404…); see `error`.
 */
export type AlarmsStatus = 'idle' | 'connecting' | 'open' | 'retrying' | 'offline' | 'unauthorized' | 'closed'
