import { CoachingResolver } from './coaching/coaching.resolver.js';
import { EventResolver } from './events/event.resolver.js';
import { ImportResolver } from './imports/import.resolver.js';
import { IntroductionResolver } from './introductions/introduction.resolver.js';
import { AccountBrokerLoadResolver } from './introductions/broker-load.resolver.js';
import { AccountResolver } from './network/account.resolver.js';
import { NetworkResolver } from './network/network.resolver.js';
import { NodeResolver } from './network/node.resolver.js';
import { PrivacyResolver } from './privacy/privacy.resolver.js';
import { AccountReachResolver, PathsResolver } from './paths/paths.resolver.js';

/** Every resolver of the API, listed once for the module and for the schema generator. */
export const API_RESOLVERS = [
  AccountResolver,
  AccountReachResolver,
  NetworkResolver,
  NodeResolver,
  PathsResolver,
  IntroductionResolver,
  AccountBrokerLoadResolver,
  ImportResolver,
  CoachingResolver,
  EventResolver,
  PrivacyResolver,
];
