import { Injectable } from '@nestjs/common'
import { randomBytes } from 'node:crypto'

interface Grant {
  userId: number
  expiresAt: number
}

/** Opaque access and refresh tokens in memory; a real app would issue JWTs with @nestjs/jwt. */
@Injectable()
export class TokensService {
  private readonly access = new Map<string, Grant>()
  private readonly refresh = new Map<string, number>()
  private readonly ttlMs = 15 * 60 * 1000

  issue(userId: number): { accessToken: string; refreshToken: string } {
    const accessToken = randomBytes(18).toString('base64url')
    const refreshToken = randomBytes(18).toString('base64url')
    this.access.set(accessToken, { userId, expiresAt: Date.now() + this.ttlMs })
    this.refresh.set(refreshToken, userId)
    return { accessToken, refreshToken }
  }

  userOf(accessToken: string): number | undefined {
    const grant = this.access.get(accessToken)
    return grant && grant.expiresAt > Date.now() ? grant.userId : undefined
  }

  renew(refreshToken: string): { accessToken: string; refreshToken: string } | undefined {
    const userId = this.refresh.get(refreshToken)
    if (userId === undefined) return undefined
    this.refresh.delete(refreshToken)
    return this.issue(userId)
  }

  /** Every access token expires now (refresh tokens stay valid). */
  expireAll(): void {
    for (const grant of this.access.values()) grant.expiresAt = 0
  }
}
