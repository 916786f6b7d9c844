import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonLogger } from '#libs/common';
import { AppConfig, configOrExit } from '#libs/config';
import { MigrationsRunner } from '#libs/graph';
import { checkRedisPolicy, QueueService } from '#libs/queue';
import { AppModule } from './app.module.js';
import { ipRateLimit } from './common/ip-rate-limit.js';
import { RateLimits } from './common/rate-limits.js';
import { mountDevSignIn } from './web/dev-sign-in.route.js';
import { serveWebApp, webConfigOf } from './web/web-app.static.js';
import { expressClientAddress, limitWebSocketConnects } from './common/ws-rate-limit.js';

/** How long a shutdown may take once asked (SIGTERM, SIGINT) before the process exits regardless. */
const SHUTDOWN_GRACE_MS = 15_000;

async function bootstrap(): Promise<void> {
  const logger = new JsonLogger(configOrExit().LOG_LEVEL, 'api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger, bodyParser: true });
  const config = app.get(AppConfig);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Every public route counts against the address limit: the API and the objection page.
  app.use(['/graphql', '/privacy'], ipRateLimit(app.get(RateLimits)));
  // One limit for every body: imports carry their file in the request (see BODY_LIMIT_BYTES).
  app.useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });
  // The web app at / (when built) and, outside production, the demo accounts' sign-in at /dev.
  serveWebApp(app, config, webConfigOf(config, mountDevSignIn(app, config)));
  app.enableShutdownHooks();
  // A clean shutdown waits on Neo4j and Redis clients; with Redis gone it could wait for ever (a
  // benchmark's API still ran 45 minutes after its databases stopped). Past the grace period it exits.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.error({ msg: 'shutdown did not finish in time; exiting', graceMs: SHUTDOWN_GRACE_MS });
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
    });
  }
  const problems = await checkRedisPolicy(app.get(QueueService).connection);
  if (problems.length) {
    logger.error({ msg: 'refusing to start: Redis would lose queued jobs', problems });
    await app.close();
    process.exit(78);
  }
  if (config.MIGRATE_ON_START) await app.get(MigrationsRunner).run();
  await app.init();
  // WebSocket connects count against the address limit too (the upgrade never reaches Express's middleware).
  limitWebSocketConnects(app.getHttpServer(), app.get(RateLimits), expressClientAddress(app.getHttpAdapter().getInstance() as { request: object }));
  await app.listen(config.PORT, config.HOST);
  logger.log({ msg: 'api listening', port: config.PORT, graphql: '/graphql', health: '/health' });
}

void bootstrap();
