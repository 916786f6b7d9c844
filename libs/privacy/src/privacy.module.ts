import { Module } from '@nestjs/common';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';

@Module({ providers: [PrivacyRepository, PrivacyService], exports: [PrivacyService] })
export class PrivacyModule {}
