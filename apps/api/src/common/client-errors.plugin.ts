import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode, type DocumentNode, type ValueNode } from 'graphql';

/**
 * Client mistakes that graphql-js and Apollo answer in their own terms, made coded and actionable:
 * - a subscription sent over HTTP is refused (BAD_REQUEST, 400): subscriptions run over graphql-ws;
 * - a value the schema itself refuses (a wrong enum value or type, a missing required field) names the
 *   input at fault in extensions.field, in the same form as the validation pipe's ("input.context"),
 *   from the variable path in graphql-js's message or, for values written in the query, from the
 *   error's location in the document.
 */
export const clientErrorsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation(ctx) {
        if (ctx.operation?.operation === OperationTypeNode.SUBSCRIPTION) {
          throw new GraphQLError('Subscriptions run over the WebSocket (graphql-ws at /graphql), not over HTTP; send queries and mutations here', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
      async willSendResponse(ctx) {
        nameFieldsOfInputErrors(ctx);
      },
    };
  },
};

interface ArgumentPaths {
  /** "line:column" of each value and object field in arguments → its path, e.g. "input.roles[0].title". */
  at: Map<string, string>;
  /** variable name → the argument path it is used in (first use). */
  variables: Map<string, string>;
}

function argumentPaths(document: DocumentNode | undefined): ArgumentPaths {
  const paths: ArgumentPaths = { at: new Map(), variables: new Map() };
  if (!document) return paths;
  const key = (node: { loc?: { startToken: { line: number; column: number } } }) =>
    node.loc ? `${node.loc.startToken.line}:${node.loc.startToken.column}` : null;
  const record = (node: { loc?: { startToken: { line: number; column: number } } }, path: string) => {
    const k = key(node);
    if (k && !paths.at.has(k)) paths.at.set(k, path);
  };
  const walkValue = (value: ValueNode, path: string): void => {
    record(value, path);
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        record(field, `${path}.${field.name.value}`);
        walkValue(field.value, `${path}.${field.name.value}`);
      }
    } else if (value.kind === Kind.LIST) {
      value.values.forEach((item, i) => walkValue(item, `${path}[${i}]`));
    } else if (value.kind === Kind.VARIABLE && !paths.variables.has(value.name.value)) {
      paths.variables.set(value.name.value, path);
    }
  };
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as {
      kind?: string;
      arguments?: readonly { name: { value: string }; value: ValueNode; loc?: { startToken: { line: number; column: number } } }[];
    };
    if ((n.kind === Kind.FIELD || n.kind === Kind.DIRECTIVE) && n.arguments) {
      for (const arg of n.arguments) {
        record(arg, arg.name.value);
        walkValue(arg.value, arg.name.value);
      }
    }
    for (const [name, child] of Object.entries(node)) {
      if (name === 'loc' || name === 'arguments') continue;
      if (Array.isArray(child)) child.forEach(walk);
      else if (child && typeof child === 'object' && 'kind' in child) walk(child);
    }
  };
  walk(document);
  return paths;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The input at fault and what is wrong with it, for one of graphql-js's variable coercion messages. */
export function variableProblem(message: string, variables: ReadonlyMap<string, string>): { field: string; detail: string } | null {
  const variable = /^Variable "\$(\w+)" /.exec(message)?.[1];
  if (!variable) return null;
  const base = variables.get(variable) ?? variable;
  const at = new RegExp(` at "${escape(variable)}((?:\\.\\w+|\\[\\d+\\])*)"; `).exec(message);
  let suffix = '';
  let detail: string;
  if (at) {
    suffix = at[1];
    detail = message.slice(at.index + at[0].length);
  } else if (/^Variable "\$\w+" of (?:required )?type "[^"]+" was not provided\.$/.test(message)) {
    detail = 'is required';
  } else {
    detail = message.includes('; ') ? message.slice(message.lastIndexOf('; ') + 2) : message;
  }
  const missing = /^Field "(?:\w+\.)?(\w+)" of required type "([^"]+)" was not provided\.$/.exec(detail);
  if (missing) return { field: `${base}${suffix}.${missing[1]}`, detail: `is required (${missing[2]})` };
  const unknown = /^Field "(\w+)" is not defined by type "([^"]+)"\./.exec(detail);
  if (unknown) return { field: `${base}${suffix}.${unknown[1]}`, detail: `is not a field of ${unknown[2]}` };
  return { field: `${base}${suffix}`, detail };
}

function nameFieldsOfInputErrors(ctx: GraphQLRequestContextWillSendResponse<object>): void {
  const body = ctx.response.body;
  if (body.kind !== 'single' || !body.singleResult.errors?.length) return;
  let paths: ArgumentPaths | null = null;
  body.singleResult.errors = body.singleResult.errors.map((error) => {
    const code = error.extensions?.['code'];
    if ((code !== 'BAD_USER_INPUT' && code !== 'GRAPHQL_VALIDATION_FAILED') || error.extensions?.['field']) return error;
    paths ??= argumentPaths(ctx.document);
    let found = variableProblem(error.message, paths.variables);
    if (!found && code === 'GRAPHQL_VALIDATION_FAILED' && error.locations?.length) {
      const { line, column } = error.locations[0];
      const path = paths.at.get(`${line}:${column}`);
      if (path) {
        const missing = /^Field "(?:\w+\.)?(\w+)" of required type "[^"]+" was not provided\.$/.exec(error.message);
        found = { field: missing ? `${path}.${missing[1]}` : path, detail: error.message };
      }
    }
    if (!found) return error;
    return { ...error, message: `${found.field}: ${found.detail}`, extensions: { ...error.extensions, field: found.field } };
  });
}
