import { Inject } from '@nestjs/common';
import { Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { AppConfig } from '#libs/config';
import { IntroductionsService } from '#libs/introductions';
import { CurrentViewer } from '../auth/auth.decorators.js';
import { AccountModel } from '../network/account.model.js';

@ObjectType('BrokerLoad', { description: 'How much introduction brokering an account is doing now, against what it takes.' })
export class BrokerLoadModel {
  @Field(() => Int, { description: 'Asks open with me now (passing on or relaying).' })
  openAsks: number;
  @Field(() => Int, { description: 'How many asks I take at once (brokerCapacity).' })
  capacity: number;
  @Field(() => Int, { description: 'New asks I received in the last 7 days.' })
  weekAsks: number;
  @Field(() => Int, { description: 'The most new asks anyone receives in 7 days.' })
  weeklyLimit: number;
  @Field(() => Int, { description: 'Requests waiting for me to have room.' })
  waiting: number;
  @Field(() => Date, { nullable: true, description: 'No asks reach me before this time (set with updateAccountSettings).' })
  awayUntil: Date | null;
}

/** Account.brokerLoad: only the account holder sees their own load. */
@Resolver(() => AccountModel)
export class AccountBrokerLoadResolver {
  constructor(
    @Inject(IntroductionsService) private readonly intros: IntroductionsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @ResolveField(() => BrokerLoadModel, { nullable: true, description: 'My introduction load (null for anyone but the account holder).' })
  async brokerLoad(@Parent() account: AccountModel, @CurrentViewer() viewer: Viewer): Promise<BrokerLoadModel | null> {
    if (account.personId !== viewer.personId) return null;
    const load = await this.intros.brokerLoad(account.personId);
    return { ...load, weeklyLimit: this.config.INTRO_WEEKLY_ASKS_PER_BROKER, awayUntil: load.awayUntil ? new Date(load.awayUntil) : null };
  }
}
