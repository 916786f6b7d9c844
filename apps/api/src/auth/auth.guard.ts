import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { hasRole, JwtVerifier, type AccountRole } from '#libs/auth';
import { forbidden, unauthenticated } from '#libs/common';
import { AccountService } from '#libs/network';
import { RateLimits, type LimitName } from '../common/rate-limits.js';
import { PUBLIC_KEY, requestOf, ROLES_KEY } from './auth.decorators.js';

/**
 * Mutations that ask other people for things get their own, tighter limits. (importContacts counts only
 * the imports it queues: the import resolver applies the 'import' limit once the file has passed its checks.)
 */
const MUTATION_LIMITS: Record<string, LimitName> = { requestIntroduction: 'introduction' };

/**
 * Authenticates every request (Bearer JWT), provisions the account just in time, counts the
 * request against the account's rate limits, and checks the roles a resolver requires. Runs
 * globally, so a resolver cannot forget it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(RateLimits) private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = requestOf(context);
    if (!req.viewer) {
      const header = req.headers['authorization'];
      const value = Array.isArray(header) ? header[0] : header;
      const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
      if (!match) throw unauthenticated('Authentication required: send Authorization: Bearer <token>');
      const claims = await this.verifier.verify(match[1]);
      req.viewer = await this.accounts.viewerFor(claims);
    }
    const viewer = req.viewer;
    // One count per request however many fields it selects; aliases are bounded by the query limits.
    if (!req.rateCounted) {
      req.rateCounted = true;
      await this.limits.consume('account', viewer.personId);
    }
    if (context.getType<string>() === 'graphql') {
      const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
      const limit = info.parentType.name === 'Mutation' ? MUTATION_LIMITS[info.fieldName] : undefined;
      if (limit) await this.limits.consume(limit, viewer.personId);
    }
    const required = this.reflector.getAllAndOverride<AccountRole[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !hasRole(viewer, ...required)) {
      throw forbidden(`This needs one of these roles: ${required.join(', ')}`);
    }
    return true;
  }
}
