import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId, notFound, unauthenticated } from '#libs/common';
import { ImportsService } from '#libs/imports';
import { CurrentViewer } from '../auth/auth.decorators.js';
import type { LiveSocket } from '../common/live-sockets.js';
import { LiveUpdates } from '../common/live-updates.js';
import { RateLimits } from '../common/rate-limits.js';
import { ImportContactsInput } from './import.input.js';
import { ImportJobModel, toImportJob } from './import.model.js';

interface SubscriptionContext {
  req: { viewer?: Viewer; live?: LiveSocket };
}

@Resolver(() => ImportJobModel)
export class ImportResolver {
  constructor(
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(LiveUpdates) private readonly updates: LiveUpdates,
    @Inject(RateLimits) private readonly limits: RateLimits,
  ) {}

  /** Checks size and format, stores the file, queues one job and returns at once (QUEUED). Only queued imports count against the hourly limit. */
  @Mutation(() => ImportJobModel)
  async importContacts(@CurrentViewer() viewer: Viewer, @Args('input') input: ImportContactsInput): Promise<ImportJobModel> {
    return toImportJob(await this.imports.importContacts(viewer, input, () => this.limits.consume('import', viewer.personId)));
  }

  @Query(() => ImportJobModel, { nullable: true })
  async importJob(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ImportJobModel | null> {
    const view = await this.imports.job(viewer, fromGlobalId(id, 'ImportJob', 'id'));
    return view ? toImportJob(view) : null;
  }

  /**
   * The job as it is now, after each committed batch, and when it ends (then the subscription completes); only for the
   * member who imported: anyone else's job is NOT_FOUND, as an unknown id is.
   */
  @Subscription(() => ImportJobModel, { resolve: (payload: ImportJobModel) => payload })
  async importProgress(
    @Context() context: SubscriptionContext,
    @Args('jobId', { type: () => ID }) jobId: string,
  ): Promise<AsyncIterableIterator<ImportJobModel>> {
    const viewer = context.req.viewer;
    if (!viewer) throw unauthenticated('Authentication required: connect with a Bearer token');
    const id = fromGlobalId(jobId, 'ImportJob', 'jobId');
    if (!(await this.imports.isOwner(viewer, id))) throw notFound('jobId', 'import job');
    return this.updates.subscribe({
      topic: 'import',
      viewer,
      socket: context.req.live,
      only: id,
      load: async (changed) => {
        const view = await this.imports.job(viewer, changed);
        return view ? toImportJob(view) : null;
      },
      isEnd: (model) => model.status === 'COMPLETED' || model.status === 'FAILED',
      initial: 'always',
    });
  }
}
