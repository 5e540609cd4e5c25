import 'reflect-metadata'
import { Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { AddressInfo } from 'node:net'
import { AlarmsController } from './alarms.controller'
import { AlarmsService } from './alarms.service'
import { AuthGuard } from './auth.guard'
import { TestController } from './test.controller'
import { TokensService } from './tokens.service'

@Module({
  controllers: [AlarmsController, TestController],
  providers: [AlarmsService, TokensService, AuthGuard],
})
class AppModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: false })
  app.setGlobalPrefix('api')
  app.enableShutdownHooks()
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1')
  const { port } = app.getHttpServer().address() as AddressInfo
  // The test reads the port from this line.
  process.stdout.write(`${JSON.stringify({ port })}\n`)
}

void bootstrap()
