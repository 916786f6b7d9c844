import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository.js';
import { AccountService } from './account.service.js';
import { IdentityKeys } from './identity-keys.js';
import { NetworkRepository } from './network.repository.js';
import { NetworkService } from './network.service.js';
import { OccupationMatcher } from './occupation.matcher.js';
import { OccupationRepository } from './occupation.repository.js';
import { OccupationService } from './occupation.service.js';
import { RoleBuilder } from './role.builder.js';

@Module({
  providers: [
    AccountRepository,
    AccountService,
    IdentityKeys,
    NetworkRepository,
    NetworkService,
    OccupationMatcher,
    OccupationRepository,
    OccupationService,
    RoleBuilder,
  ],
  exports: [AccountService, NetworkService, OccupationService, OccupationMatcher, IdentityKeys],
})
export class NetworkModule {}
