import { ObjectionLinks } from '#libs/auth';
import { Module } from '@nestjs/common';
import { NotifyModule } from '#libs/notify';
import { IdentityKeys } from '#libs/network';
import { PathsModule } from '#libs/paths';
import { IntroNotifier } from './intro-notifier.js';
import { IntroductionsRepository } from './introductions.repository.js';
import { IntroductionsService } from './introductions.service.js';

@Module({
  imports: [PathsModule, NotifyModule],
  providers: [IntroductionsRepository, IntroductionsService, IntroNotifier, ObjectionLinks, IdentityKeys],
  exports: [IntroductionsService, IntroNotifier],
})
export class IntroductionsModule {}
