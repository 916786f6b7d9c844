import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { AppConfig } from '#libs/config';

export const MAX_PAGE_SIZE = 100;

/** Fields whose resolvers do real work per call (path search, progress figures, whole exports). */
const FIELD_COST: Record<string, number> = {
  'Query.introPaths': 50,
  'Query.memberProgress': 20,
  'Query.exportMyData': 100,
  'MemberProgress.reachToGoalWork': 20,
  'Mutation.importContacts': 50,
  'Mutation.requestIntroduction': 20,
};

/**
 * A field costs its own weight plus its selection once per item it may return: connection and
 * list fields with `first` multiply their selection by it, so `first` is always counted.
 */
const pageEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const own = FIELD_COST[`${type.name}.${field.name}`] ?? 1;
  const first = typeof args['first'] === 'number' ? Math.max(1, args['first']) : field.args.some((a) => a.name === 'first') ? MAX_PAGE_SIZE : 1;
  return own + first * childComplexity;
};

function limitError(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 }, ...extensions } });
}

/** `first` above the page cap anywhere in the operation, with the variables applied. */
function pageSizeProblem(document: import('graphql').DocumentNode, variables: Record<string, unknown>): string | null {
  let problem: string | null = null;
  const visit = (node: unknown): void => {
    if (problem || !node || typeof node !== 'object') return;
    const n = node as {
      kind?: string;
      name?: { value: string };
      arguments?: { name: { value: string }; value: { kind: string; value?: string; name?: { value: string } } }[];
    };
    if (n.kind === 'Field') {
      for (const arg of n.arguments ?? []) {
        if (arg.name.value !== 'first') continue;
        const v = arg.value.kind === 'IntValue' ? Number(arg.value.value) : arg.value.kind === 'Variable' ? variables[arg.value.name!.value] : null;
        if (typeof v === 'number' && v > MAX_PAGE_SIZE) problem = `${n.name!.value}(first: ${v}): page size limit of ${MAX_PAGE_SIZE} exceeded`;
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && 'kind' in value) visit(value);
    }
  };
  visit(document);
  return problem;
}

/**
 * Query cost with graphql-query-complexity, checked once the operation and its variables are
 * known and before anything runs; the cost of every accepted operation goes back in
 * extensions.cost so clients can budget.
 */
function costPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          const variables = request.variables ?? {};
          const pages = pageSizeProblem(document, variables);
          if (pages) throw limitError(pages, { limit: 'pageSize', maximum: MAX_PAGE_SIZE });
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables,
              operationName: operationName ?? undefined,
              estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not fit their types: execution refuses them next, naming the variable.
            return;
          }
          if (cost > maxCost) {
            throw limitError(`Query cost limit of ${maxCost} exceeded, found ${cost}: ask for fewer items (first) or fewer fields`, {
              limit: 'cost',
              cost,
              maximum: maxCost,
            });
          }
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: { requested: cost, maximum: maxCost } };
        },
      };
    },
  };
}

/**
 * Depth, aliases and directives with GraphQL Armor's validation rules, tokens with graphql-js's
 * parser limit, field suggestions blocked, and cost as above. Everything over a limit is refused
 * before execution with a message naming the limit.
 */
export function queryLimits(config: AppConfig): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[]; parseOptions: { maxTokens: number } } {
  const armor = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES, exposeLimits: true },
    // Tokens are counted by graphql-js's own parser (parseOptions below): Armor's parser raises its
    // errors from another copy of graphql, which Apollo then answers with HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: config.GRAPHQL_MAX_DIRECTIVES, exposeLimits: true },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // Armor's typings name Apollo's CommonJS build; the objects are the same plugin shape.
  return {
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), costPlugin(config.GRAPHQL_MAX_COST)],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
  };
}
