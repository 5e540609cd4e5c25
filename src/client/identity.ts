import type { ResolvedAlarmsOptions } from '../options'
import type { MaybePromise } from '../credentials'

/** Who the held alarms belong to. */
export interface Identity {
  /** Compared to tell a user switch from a token refresh. */
  id: string
  /** Scope of the stream this user's tabs share; null gives the tab a stream of its own. */
  shareKey: string | null
}

/** The token each identity was read from: a stream that opens at once sends it instead of reading `getToken` again. */
const tokens = new WeakMap<Identity, string>()

/** The token `identity` was read from, if any. */
export const tokenOf = (identity: Identity | null): string | undefined => (identity ? tokens.get(identity) : undefined)

/** Who the token belongs to; an opaque token is its own identity (a new one may be another user: start clean). */
function fromToken(config: ResolvedAlarmsOptions, token: string | null | undefined): Identity | null {
  if (!token) return null
  const user = config.tokenUserKey(token)
  const identity = { id: user === null ? `token:${token}` : `user:${user}`, shareKey: shareKeyOf(config, user) }
  tokens.set(identity, token)
  return identity
}

function shareKeyOf(config: ResolvedAlarmsOptions, user: string | null): string | null {
  return config.sharedConnection && user !== null ? `${config.streamUrl}|${user}` : null
}

/**
 * Who is signed in, read from `getToken` (and `userKey(token)`), or from `userKey()` alone for a cookie session.
 * With neither, the session is anonymous and always "signed in": the server's 401 decides. Called inside a
 * watcher: whatever reactive state these functions read makes sign-in and sign-out take effect by themselves.
 */
export function readIdentity(config: ResolvedAlarmsOptions): MaybePromise<Identity | null> {
  try {
    if (config.getToken) {
      const token = config.getToken()
      return token instanceof Promise ? token.then((value) => fromToken(config, value), () => null) : fromToken(config, token)
    }
    if (config.sessionUserKey) {
      const user = config.sessionUserKey()
      return user ? { id: `user:${user}`, shareKey: shareKeyOf(config, user) } : null
    }
    return { id: 'anonymous', shareKey: null }
  } catch {
    // A throwing getter counts as signed out: never keep showing alarms we cannot vouch for.
    return null
  }
}
