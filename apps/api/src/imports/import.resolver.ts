import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId, parseGlobalId } from '#libs/common';
import { ImportsService } from '#libs/imports';
import { CurrentViewer } from '../auth/auth.decorators.js';
import { LiveUpdates, type Changed } from '../common/live-updates.js';
import { ImportContactsInput } from './import.input.js';
import { ImportJobModel, toImportJob } from './import.model.js';

interface SubscriptionContext {
  req: { viewer?: Viewer };
}

@Resolver(() => ImportJobModel)
export class ImportResolver {
  constructor(
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(LiveUpdates) private readonly updates: LiveUpdates,
  ) {}

  /** Checks size and format, stores the file, queues one job and returns at once (QUEUED). */
  @Mutation(() => ImportJobModel)
  async importContacts(@CurrentViewer() viewer: Viewer, @Args('input') input: ImportContactsInput): Promise<ImportJobModel> {
    return toImportJob(await this.imports.importContacts(viewer, input));
  }

  @Query(() => ImportJobModel, { nullable: true })
  async importJob(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ImportJobModel | null> {
    const view = await this.imports.job(viewer, fromGlobalId(id, 'ImportJob', 'id'));
    return view ? toImportJob(view) : null;
  }

  /** The job after each committed batch, and when it ends; only for the member who imported. */
  @Subscription(() => ImportJobModel, {
    filter(this: ImportResolver, payload: Changed, variables: { jobId: string }, context: SubscriptionContext) {
      const viewer = context.req.viewer;
      if (!viewer || parseGlobalId(variables.jobId)?.localId !== payload.id) return false;
      return this.imports.isOwner(viewer, payload.id);
    },
    async resolve(this: ImportResolver, payload: Changed, _args: unknown, context: SubscriptionContext) {
      const view = await this.imports.job(context.req.viewer!, payload.id);
      return view ? toImportJob(view) : null;
    },
  })
  importProgress(@Args('jobId', { type: () => ID }) jobId: string): AsyncIterableIterator<unknown> {
    fromGlobalId(jobId, 'ImportJob', 'jobId');
    return this.updates.iterator('import');
  }
}
