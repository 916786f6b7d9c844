import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AccountRole, Viewer } from '#libs/auth';

export const PUBLIC_KEY = 'backr:public';
export const ROLES_KEY = 'backr:roles';

/** No token needed (health checks only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** The viewer must hold at least one of these roles, or gets FORBIDDEN. */
export const Roles = (...roles: AccountRole[]) => SetMetadata(ROLES_KEY, roles);

export interface RequestWithViewer {
  headers: Record<string, string | string[] | undefined>;
  viewer?: Viewer;
  /** Set once the request has been counted against the account's rate limit. */
  rateCounted?: boolean;
}

export function requestOf(context: ExecutionContext): RequestWithViewer {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer }>().req;
  return context.switchToHttp().getRequest<RequestWithViewer>();
}

/** The authenticated caller; the guard has already refused requests without one. */
export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext): Viewer => requestOf(context).viewer!);
