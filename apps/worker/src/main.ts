import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '#libs/common';
import { ConfigError, loadConfig } from '#libs/config';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  let level: 'debug' | 'info' | 'warn' | 'error' = 'info';
  try {
    level = loadConfig().LOG_LEVEL;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = new JsonLogger(level, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`worker failed to start: ${error.message}\n`);
  process.exit(1);
});
