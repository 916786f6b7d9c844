import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole, JwtVerifier, type AccountRole } from '#libs/auth';
import { forbidden, unauthenticated } from '#libs/common';
import { AccountService } from '#libs/network';
import { PUBLIC_KEY, requestOf, ROLES_KEY } from './auth.decorators.js';

/**
 * Authenticates every request (Bearer JWT), provisions the account just in time, and checks
 * the roles a resolver requires. Runs globally, so a resolver cannot forget it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
    @Inject(AccountService) private readonly accounts: AccountService,
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
    const required = this.reflector.getAllAndOverride<AccountRole[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !hasRole(req.viewer, ...required)) {
      throw forbidden(`This needs one of these roles: ${required.join(', ')}`);
    }
    return true;
  }
}
