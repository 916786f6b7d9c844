import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtVerifier } from '#libs/auth';
import { NetworkModule } from '#libs/network';
import { RateLimits } from '../common/rate-limits.js';
import { AuthGuard } from './auth.guard.js';

@Module({
  imports: [NetworkModule],
  providers: [JwtVerifier, RateLimits, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtVerifier, RateLimits, NetworkModule],
})
export class AuthModule {}
