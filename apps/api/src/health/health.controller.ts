import { Controller, Get, HttpStatus, Inject, Query, Res } from '@nestjs/common';
import { Neo4jService } from '#libs/graph';
import { PathIndexService } from '#libs/path-index';
import { HEARTBEAT_KEY, QueueName, QueueService } from '#libs/queue';
import { Public } from '../auth/auth.decorators.js';

interface Reply {
  status(code: number): Reply;
  json(body: unknown): void;
}

@Controller()
export class HealthController {
  constructor(
    @Inject(Neo4jService) private readonly neo4j: Neo4jService,
    @Inject(QueueService) private readonly queue: QueueService,
    @Inject(PathIndexService) private readonly pathIndex: PathIndexService,
  ) {}

  /**
   * 200 when Neo4j and Redis answer, 503 otherwise; reports when a worker was last seen each queue's job
   * counts (failed jobs are kept for inspection) and this replica's path index (counts only).
   * `?lagsSince=<ms since 1970>` limits the index's freshness figures to changes applied since then
   * (a benchmark leaves its warm-up out).
   */
  @Public()
  @Get('health')
  async health(@Res() res: Reply, @Query('lagsSince') lagsSince?: string): Promise<void> {
    const since = lagsSince === undefined ? 0 : /^\d{1,15}$/.test(lagsSince) ? Number(lagsSince) : null;
    if (since === null) {
      res.status(HttpStatus.BAD_REQUEST).json({ error: 'lagsSince: must be a time in whole milliseconds since 1970, e.g. 1764633600000' });
      return;
    }
    const [neo4j, redis] = await Promise.all([this.neo4j.ping(), this.queue.ping()]);
    const heartbeat = redis ? await this.queue.connection.get(`${HEARTBEAT_KEY}`).catch(() => null) : null;
    const ok = neo4j && redis;
    const jobs = redis ? await this.jobCounts().catch(() => null) : null;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'unavailable',
      neo4j: neo4j ? 'up' : 'down',
      redis: redis ? 'up' : 'down',
      workerLastSeenAt: heartbeat,
      jobs,
      pathIndex: this.pathIndex.status(since),
    });
  }

  private async jobCounts(): Promise<Record<string, Record<string, number>>> {
    const names = Object.values(QueueName);
    const counts = await Promise.all(names.map((name) => this.queue.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed')));
    return Object.fromEntries(names.map((name, i) => [name, counts[i]]));
  }
}
