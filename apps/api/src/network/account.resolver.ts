import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { AccountService, NetworkService } from '#libs/network';
import { CurrentViewer } from '../auth/auth.decorators.js';
import { AccountModel, toAccount, WorkGoalModel } from './account.model.js';
import { AccountSettingsInput, WorkGoalInput } from './network.input.js';
import { PersonModel, toPerson } from './person.model.js';

@Resolver(() => AccountModel)
export class AccountResolver {
  constructor(
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(NetworkService) private readonly network: NetworkService,
  ) {}

  @Query(() => AccountModel)
  async me(@CurrentViewer() viewer: Viewer): Promise<AccountModel> {
    return toAccount(await this.accounts.account(viewer));
  }

  @Mutation(() => AccountModel)
  async updateAccountSettings(@CurrentViewer() viewer: Viewer, @Args('input') input: AccountSettingsInput): Promise<AccountModel> {
    return toAccount(await this.accounts.updateSettings(viewer, input));
  }

  @Mutation(() => [WorkGoalModel])
  setWorkGoals(@CurrentViewer() viewer: Viewer, @Args('goals', { type: () => [WorkGoalInput] }) goals: WorkGoalInput[]): Promise<WorkGoalModel[]> {
    return this.accounts.setGoals(viewer, goals);
  }

  @ResolveField(() => PersonModel)
  async person(@Parent() account: AccountModel, @CurrentViewer() viewer: Viewer): Promise<PersonModel> {
    if (account.person) return account.person;
    const person = await this.network.person(viewer, account.personId);
    return toPerson(person!);
  }

  @ResolveField(() => [WorkGoalModel])
  goals(@Parent() account: AccountModel): Promise<WorkGoalModel[]> {
    return this.accounts.goals(account.personId);
  }
}
