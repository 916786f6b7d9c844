import { parseArgs } from 'node:util';
import { ACCOUNT_ROLES, signDevToken, type AccountRole } from '#libs/auth';
import { loadConfig } from '#libs/config';

const USAGE = `Prints a signed token for development and tests (HS256 with AUTH_JWT_SECRET).

  npm run token -- --sub demo-member --name "Alex Morgan" --email alex@example.org --roles member,volunteer

  --sub      the account's subject (required in effect: default demo-member; not empty, one line)
  --name     the name claim; without it the account keeps the name it has (a new one is "New member")
  --email    the email claim
  --roles    any of ${ACCOUNT_ROLES.join(', ').toLowerCase()}, separated by commas (default member)
  --expires  how long the token lives: a number and a unit (s, m, h, d, w), e.g. 30m, 12h (default), 7d;
             a negative span gives a token that has already expired, e.g. --expires -1h
  --help     this text`;

const SPAN = /^[+-]?\d+(?:\.\d+)? ?(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)$/i;

/** `--expires -1h` reads as two options to parseArgs; hand it over as `--expires=-1h`. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--expires' && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) out.push(`--expires=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(process.argv.slice(2)),
      options: {
        sub: { type: 'string', default: 'demo-member' },
        name: { type: 'string' },
        email: { type: 'string' },
        roles: { type: 'string', default: 'member' },
        expires: { type: 'string', default: '12h' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${USAGE}`, { cause: error });
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sub = values.sub.trim();
  if (!sub) throw new Error('--sub must not be empty: the API refuses a token without a subject');
  if (sub.length > 255 || CONTROL.test(sub)) throw new Error('--sub must be one line of at most 255 characters');
  if (values.name !== undefined && (!values.name.trim() || CONTROL.test(values.name)))
    throw new Error('--name must be a one-line name; leave it out to keep the name the account has');
  if (!SPAN.test(values.expires.trim()))
    throw new Error(`--expires must be a number and a unit, e.g. 30m, 12h, 7d or -1h (an expired token); got "${values.expires}"`);
  const config = loadConfig();
  if (!config.AUTH_JWT_SECRET || config.AUTH_JWKS_URL) throw new Error('tokens can only be printed in HS256 mode (AUTH_JWT_SECRET set, no AUTH_JWKS_URL)');
  const roles = values.roles.split(',').map((r) => r.trim().toUpperCase());
  const bad = roles.filter((r) => !(ACCOUNT_ROLES as readonly string[]).includes(r));
  if (bad.length) throw new Error(`unknown role(s) ${bad.join(', ')}; use any of ${ACCOUNT_ROLES.join(', ').toLowerCase()}`);
  const token = await signDevToken(config.AUTH_JWT_SECRET, {
    sub,
    name: values.name,
    email: values.email,
    roles: roles as AccountRole[],
    expiresIn: values.expires.trim(),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
