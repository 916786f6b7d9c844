import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { ServerResponse } from 'node:http';
import { writeHttpError } from './http-errors.js';

/**
 * Hands every resolver error to GraphQL unchanged, where formatError (error-format.ts) decides
 * what the client sees and logs what is unexpected; Nest's own handler would log expected
 * domain errors (a missing token, a bad field) as if they were faults. Errors outside GraphQL
 * (no route, a body too large or not JSON) get a JSON reply without a stack (http-errors.ts).
 */
@Catch()
export class GraphqlExceptionFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'http') {
      const http = host.switchToHttp();
      writeHttpError(exception, http.getRequest(), http.getResponse<ServerResponse>());
      return undefined;
    }
    if (host.getType<string>() !== 'graphql') throw exception;
    return exception;
  }
}
