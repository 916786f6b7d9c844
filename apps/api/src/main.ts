import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonLogger } from '#libs/common';
import { AppConfig, configOrExit } from '#libs/config';
import { MigrationsRunner } from '#libs/graph';
import { checkRedisPolicy, QueueService } from '#libs/queue';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  const logger = new JsonLogger(configOrExit().LOG_LEVEL, 'api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger, bodyParser: true });
  app.useBodyParser('json', { limit: '12mb' });
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  const problems = await checkRedisPolicy(app.get(QueueService).connection);
  if (problems.length) {
    logger.error({ msg: 'refusing to start: Redis would lose queued jobs', problems });
    await app.close();
    process.exit(78);
  }
  if (config.MIGRATE_ON_START) await app.get(MigrationsRunner).run();
  await app.listen(config.PORT, config.HOST);
  logger.log({ msg: 'api listening', port: config.PORT, graphql: '/graphql', health: '/health' });
}

void bootstrap();
