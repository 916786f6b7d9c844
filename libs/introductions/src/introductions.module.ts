import { ObjectionLinks } from '#libs/auth';
import { Module } from '@nestjs/common';
import { NotifyModule } from '#libs/notify';
import { IdentityKeys } from '#libs/network';
import { PathsModule } from '#libs/paths';
import { IntroNotifier } from './intro-notifier.js';
import { IntroReadsRepository } from './intro-reads.repository.js';
import { IntroBrokersRepository } from './intro-brokers.repository.js';
import { IntroContactsRepository } from './intro-contacts.repository.js';
import { IntroductionsRepository } from './introductions.repository.js';
import { IntroductionsService } from './introductions.service.js';
import { IntroPeopleRepository } from './intro-people.repository.js';
import { IntroViewService } from './intro-view.service.js';
import { IntroFlow } from './intro-flow.js';
import { IntroRequestsService } from './intro-requests.service.js';
import { IntroAnswersService } from './intro-answers.service.js';
import { IntroLineService } from './intro-line.service.js';

@Module({
  imports: [PathsModule, NotifyModule],
  providers: [
    IntroductionsRepository,
    IntroReadsRepository,
    IntroBrokersRepository,
    IntroContactsRepository,
    IntroPeopleRepository,
    IntroFlow,
    IntroRequestsService,
    IntroAnswersService,
    IntroLineService,
    IntroViewService,
    IntroductionsService,
    IntroNotifier,
    ObjectionLinks,
    IdentityKeys,
  ],
  exports: [IntroductionsService, IntroNotifier],
})
export class IntroductionsModule {}
