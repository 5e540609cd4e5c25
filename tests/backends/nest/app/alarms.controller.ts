import {
  Controller,
  DefaultValuePipe,
  Delete,
  Get,
  HttpCode,
  MessageEvent,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Req,
  Sse,
  UseGuards,
} from '@nestjs/common'
import { Query } from '@nestjs/common'
import { Observable, filter, finalize, interval, map, merge } from 'rxjs'
import { AlarmsService } from './alarms.service'
import { AuthGuard, type AuthedRequest } from './auth.guard'

const HEARTBEAT_MS = Number(process.env.HEARTBEAT_MS ?? 15_000)

@Controller()
@UseGuards(AuthGuard)
export class AlarmsController {
  constructor(private readonly alarms: AlarmsService) {}

  /** Each alarm goes out with its id; the heartbeat has none, so NestJS numbers it with its per-connection counter. */
  @Sse('subscribe')
  subscribe(@Req() request: AuthedRequest): Observable<MessageEvent> {
    const { userId } = request
    this.alarms.streamOpened(userId)
    const alarms = this.alarms.published.pipe(
      filter((published) => published.userId === userId),
      map(({ alarm }): MessageEvent => ({ id: String(alarm.id), data: alarm })),
    )
    const heartbeats = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: '' })))
    return merge(alarms, heartbeats).pipe(finalize(() => this.alarms.streamClosed(userId)))
  }

  @Get('alarms')
  list(
    @Req() request: AuthedRequest,
    @Query('page', new DefaultValuePipe(1), ParseIntPipe) page: number,
    @Query('size', new DefaultValuePipe(20), ParseIntPipe) size: number,
  ) {
    const { data, total } = this.alarms.page(request.userId, page, size)
    return { data, meta: { total, page, size, lastPage: Math.max(1, Math.ceil(total / size)) } }
  }

  @Get('alarms/count')
  count(@Req() request: AuthedRequest) {
    return { unreadCount: this.alarms.unreadCount(request.userId) }
  }

  @Patch('alarms/read-all')
  @HttpCode(204)
  readAll(@Req() request: AuthedRequest): void {
    this.alarms.readAll(request.userId)
  }

  @Patch('alarms/:id/read')
  @HttpCode(204)
  read(@Req() request: AuthedRequest, @Param('id', ParseIntPipe) id: number): void {
    if (!this.alarms.setRead(request.userId, id, true)) throw new NotFoundException()
  }

  @Patch('alarms/:id/unread')
  @HttpCode(204)
  unread(@Req() request: AuthedRequest, @Param('id', ParseIntPipe) id: number): void {
    if (!this.alarms.setRead(request.userId, id, false)) throw new NotFoundException()
  }

  @Delete('alarms/:id')
  @HttpCode(204)
  remove(@Req() request: AuthedRequest, @Param('id', ParseIntPipe) id: number): void {
    if (!this.alarms.remove(request.userId, id)) throw new NotFoundException()
  }
}
