import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common'
import type { Request } from 'express'
import { TokensService } from './tokens.service'

export interface AuthedRequest extends Request {
  userId: number
}

/**
 * `Authorization: Bearer <token>`, as the NestJS authentication guide writes it. It throws UnauthorizedException
 * (401): a guard that returns false answers 403 "Forbidden resource", which a client takes as final.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokensService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthedRequest>()
    const [type, token] = request.headers.authorization?.split(' ') ?? []
    const userId = type === 'Bearer' && token ? this.tokens.userOf(token) : undefined
    if (userId === undefined) throw new UnauthorizedException()
    request.userId = userId
    return true
  }
}
