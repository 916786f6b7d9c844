import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule, MigrationsRunner } from '#libs/graph';

@Module({ imports: [ConfigModule, GraphModule] })
class MigrateModule {}

/** npm run migrate: applies pending graph/migrations and prints what ran. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(MigrateModule, { logger: ['error', 'warn'] });
  try {
    const ran = await app.get(MigrationsRunner).run();
    process.stdout.write(ran.length ? `applied: ${ran.join(', ')}\n` : 'no pending migrations\n');
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`migration failed: ${error.message}\n`);
  process.exit(1);
});
