import { Body, Controller, Get, Post, UnauthorizedException } from '@nestjs/common'
import { AlarmsService } from './alarms.service'
import { TokensService } from './tokens.service'

/** Sign-in and the switches a test needs; no guard (a real app has its own login). */
@Controller()
export class TestController {
  constructor(
    private readonly tokens: TokensService,
    private readonly alarms: AlarmsService,
  ) {}

  @Post('auth/login')
  login(@Body() body: { userId: number }) {
    return this.tokens.issue(body.userId)
  }

  @Post('auth/refresh')
  refresh(@Body() body: { refreshToken: string }) {
    const renewed = this.tokens.renew(body.refreshToken)
    if (!renewed) throw new UnauthorizedException()
    return renewed
  }

  @Post('test/publish')
  publish(@Body() body: { userId: number; content: string }) {
    return this.alarms.publish(body.userId, body.content)
  }

  @Post('test/expire-tokens')
  expireTokens(): void {
    this.tokens.expireAll()
  }

  @Get('test/stats')
  stats() {
    return { openStreams: this.alarms.openStreams }
  }
}
