import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '#libs/common';
import { configOrExit } from '#libs/config';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  const logger = new JsonLogger(configOrExit().LOG_LEVEL, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`worker failed to start: ${error.message}\n`);
  process.exit(1);
});
