import { Module } from '@nestjs/common';
import { ObjectionLinks } from '#libs/auth';
import { IntroductionsModule } from '#libs/introductions';
import { NetworkModule } from '#libs/network';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';

@Module({
  imports: [IntroductionsModule, NetworkModule],
  providers: [PrivacyRepository, PrivacyService, ObjectionLinks],
  exports: [PrivacyService, ObjectionLinks],
})
export class PrivacyModule {}
