import { parseArgs } from 'node:util';
import { ACCOUNT_ROLES, signDevToken, type AccountRole } from '#libs/auth';
import { loadConfig } from '#libs/config';

/**
 * npm run token -- --sub demo-member --name "Alex Morgan" --email alex@example.org --roles member,volunteer
 * Prints an HS256 token signed with AUTH_JWT_SECRET (development and tests only).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string', default: 'demo-member' },
      name: { type: 'string' },
      email: { type: 'string' },
      roles: { type: 'string', default: 'member' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const config = loadConfig();
  if (!config.AUTH_JWT_SECRET || config.AUTH_JWKS_URL) throw new Error('tokens can only be printed in HS256 mode (AUTH_JWT_SECRET set, no AUTH_JWKS_URL)');
  const roles = values.roles!.split(',').map((r) => r.trim().toUpperCase());
  const bad = roles.filter((r) => !(ACCOUNT_ROLES as readonly string[]).includes(r));
  if (bad.length) throw new Error(`unknown role(s) ${bad.join(', ')}; use any of ${ACCOUNT_ROLES.join(', ').toLowerCase()}`);
  const token = await signDevToken(config.AUTH_JWT_SECRET, {
    sub: values.sub!,
    name: values.name,
    email: values.email,
    roles: roles as AccountRole[],
    expiresIn: values.expires,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
