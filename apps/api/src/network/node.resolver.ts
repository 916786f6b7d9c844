import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId, parseGlobalId } from '#libs/common';
import { CoachingService } from '#libs/coaching';
import { EventsService } from '#libs/events';
import { ImportsService } from '#libs/imports';
import { IntroductionsService } from '#libs/introductions';
import { AccountService, NetworkService, OccupationService } from '#libs/network';
import { toNote } from '../coaching/coaching.model.js';
import { toEvent } from '../events/event.model.js';
import { toImportJob } from '../imports/import.model.js';
import { toIntroduction } from '../introductions/introduction.model.js';
import { CurrentViewer } from '../auth/auth.decorators.js';
import { NodeModel } from '../common/node.model.js';
import { toAccount } from './account.model.js';
import { OccupationModel, PersonModel, toPerson } from './person.model.js';

@Resolver()
export class NodeResolver {
  constructor(
    @Inject(NetworkService) private readonly network: NetworkService,
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(OccupationService) private readonly occupationService: OccupationService,
    @Inject(IntroductionsService) private readonly intros: IntroductionsService,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(CoachingService) private readonly coaching: CoachingService,
    @Inject(EventsService) private readonly events: EventsService,
  ) {}

  /** Null both for ids that do not exist and for things the viewer may not see: no existence oracle. */
  @Query(() => NodeModel, { nullable: true })
  async node(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<NodeModel | null> {
    const parsed = parseGlobalId(id);
    if (!parsed) return null;
    if (parsed.type === 'Person') {
      const personId = await this.network.maybePersonIdOf(viewer, id);
      const person = personId ? await this.network.person(viewer, personId) : null;
      return person ? toPerson(person) : null;
    }
    if (parsed.type === 'Account' && parsed.localId === viewer.personId) return toAccount(await this.accounts.account(viewer));
    if (parsed.type === 'IntroductionRequest') {
      const view = await this.intros.get(viewer, parsed.localId);
      return view ? toIntroduction(view) : null;
    }
    if (parsed.type === 'Event') {
      const event = await this.events.get(parsed.localId, viewer);
      return event ? toEvent(event) : null;
    }
    if (parsed.type === 'CoachNote') {
      const note = await this.coaching.note(viewer, parsed.localId);
      return note ? toNote(note) : null;
    }
    if (parsed.type === 'ImportJob') {
      const view = await this.imports.job(viewer, parsed.localId);
      return view ? toImportJob(view) : null;
    }
    return null;
  }

  @Query(() => PersonModel, { nullable: true })
  async person(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<PersonModel | null> {
    fromGlobalId(id, 'Person', 'id');
    // A contact id that is not the viewer's own reads as null, like any id they may not see.
    const personId = await this.network.maybePersonIdOf(viewer, id);
    const person = personId ? await this.network.person(viewer, personId) : null;
    return person ? toPerson(person) : null;
  }

  @Query(() => [OccupationModel])
  occupations(
    @Args('query') query: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 10 }) first: number | null,
  ): Promise<OccupationModel[]> {
    return this.occupationService.search(query, first ?? 10);
  }
}
