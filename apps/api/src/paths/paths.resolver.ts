import { Inject } from '@nestjs/common';
import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { hasValue } from '#libs/common';
import { NetworkService } from '#libs/network';
import { PathsService } from '#libs/paths';
import { CurrentViewer } from '../auth/auth.decorators.js';
import { AccountModel } from '../network/account.model.js';
import { IntroPathResultModel, toPathResult } from './path.model.js';
import { IntroPathsInput } from './paths.input.js';

@Resolver()
export class PathsResolver {
  constructor(
    @Inject(PathsService) private readonly paths: PathsService,
    @Inject(NetworkService) private readonly network: NetworkService,
  ) {}

  @Query(() => IntroPathResultModel)
  async introPaths(@CurrentViewer() viewer: Viewer, @Args('input') input: IntroPathsInput): Promise<IntroPathResultModel> {
    const targetPersonId = hasValue(input.targetPersonId)
      ? await this.network.personIdOf(viewer, input.targetPersonId, 'input.targetPersonId')
      : input.targetPersonId;
    const result = await this.paths.introPaths(viewer, {
      work: input.work,
      occupationCode: input.occupationCode,
      targetPersonId,
      organisation: input.organisation,
      maxHops: input.maxHops ?? 3,
      first: input.first ?? 10,
    });
    return toPathResult(result);
  }
}

@Resolver(() => AccountModel)
export class AccountReachResolver {
  constructor(@Inject(PathsService) private readonly paths: PathsService) {}

  @ResolveField(() => Int, { description: 'Distinct people doing my goal work within 3 hops (the same engine as introPaths).' })
  reachToGoalWork(@Parent() account: AccountModel): Promise<number> {
    return this.paths.reachToGoalWork(account.personId);
  }
}
