import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtVerifier } from '#libs/auth';
import { NetworkModule } from '#libs/network';
import { AuthGuard } from './auth.guard.js';

@Module({
  imports: [NetworkModule],
  providers: [JwtVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtVerifier, NetworkModule],
})
export class AuthModule {}
