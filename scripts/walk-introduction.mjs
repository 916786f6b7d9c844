#!/usr/bin/env node
// Walks one introduction on the running demo (npm run demo) from request to outcome, printing each
// GraphQL call: Alex asks for a path to a paramedic, each person asked answers in turn (relaying
// for contacts without an account), and Alex records the outcome. Usage: npm run demo:intro
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { demoApi } from './demo-api.mjs';

const API = await demoApi();
const OUTBOX = process.env.OUTBOX_DIR ?? 'graph/.data/outbox';
const ACCOUNTS = {
  alex: ['demo-member', 'Alex Morgan', 'alex.morgan@demo.backr.test', 'member'],
  jordan: ['demo-member-2', 'Jordan Lee', 'jordan.lee@demo.backr.test', 'member'],
  priya: ['demo-volunteer', 'Priya Shah', 'priya.shah@demo.backr.test', 'volunteer'],
  chris: ['demo-coach', 'Chris Evans', 'chris.evans@demo.backr.test', 'coach'],
};
const token = Object.fromEntries(
  Object.entries(ACCOUNTS).map(([who, [sub, name, email, roles]]) => [
    who,
    execFileSync(process.execPath, ['dist/apps/api/src/token.js', '--sub', sub, '--name', name, '--email', email, '--roles', roles], {
      encoding: 'utf8',
    }).trim(),
  ]),
);
const FIELDS = `id status currentStep awaitingMyAnswer answerOnBehalfOf { id displayName }
  steps { label person { displayName } } history { at status actorLabel note }
  introducedContact { person { displayName } email phone } outcome`;

async function gql(who, query, variables = {}) {
  const res = await fetch(API, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token[who]}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`${who}: ${JSON.stringify(body.errors, null, 2)}`);
  return body.data;
}

const say = (text) => console.log(`\n== ${text}`);

say('Alex withdraws any introduction still open from an earlier walk');
const open = await gql('alex', `{ myIntroductions(status: [REQUESTED, ASKING, TARGET_ASKED]) { edges { node { id } } } }`);
for (const { node } of open.myIntroductions.edges) {
  await gql('alex', `mutation($id: ID!) { withdrawIntroduction(requestId: $id) { status } }`, { id: node.id });
  console.log(`withdrew ${node.id}`);
}

say('Alex asks for warm paths to a paramedic: introPaths(input: { work: "paramedic" })');
const { introPaths } = await gql('alex', `{ introPaths(input: { work: "paramedic" }) { paths { id hops score explanation } } }`);
introPaths.paths.forEach((p, i) => console.log(`${i}. ${p.hops} hops, score ${p.score.toFixed(2)}: ${p.explanation}`));
const path = introPaths.paths.find((p) => p.hops >= 2) ?? introPaths.paths[0];
if (!path) throw new Error('no path found: is the demo seeded?');

say(`Alex asks for an introduction along: ${path.explanation}`);
const asked = await gql('alex', `mutation($input: RequestIntroductionInput!) { requestIntroduction(input: $input) { ${FIELDS} } }`, {
  // confirmRepeat: a second walk asks for the same person again, knowingly (otherwise Backr warns first).
  input: {
    pathId: path.id,
    message: 'I am retraining as a paramedic and would love 20 minutes of advice.',
    clientMutationId: `walk-${Date.now()}`,
    confirmRepeat: true,
  },
}).catch((error) => {
  // The demo keeps its data between runs, and each walk asks the same volunteers: a member may ask
  // one volunteer twice a week (the fair share), so a third walk in a week is refused, as it should be.
  if (!/most one member may ask of one volunteer/.test(error.message)) throw error;
  console.error(
    '\nAlex has asked these volunteers twice this week already, the most one member may (the fair share).\n' +
      'For a fresh demo: stop it (Ctrl-C), run `npm run demo -- --reset`, then walk again.',
  );
  process.exit(1);
});
let intro = asked.requestIntroduction;
console.log(`status ${intro.status}, asking step ${intro.currentStep}: ${intro.steps.map((s) => s.label).join(' → ')}`);

while (intro.status === 'ASKING' || intro.status === 'TARGET_ASKED' || intro.status === 'REQUESTED') {
  let answered = false;
  for (const who of Object.keys(ACCOUNTS)) {
    const { introductionInbox } = await gql(who, `{ introductionInbox { edges { node { ${FIELDS} } } } }`);
    const ask = introductionInbox.edges.map((e) => e.node).find((n) => n.id === intro.id);
    if (!ask?.awaitingMyAnswer) continue;
    const relay = ask.answerOnBehalfOf;
    say(`${ACCOUNTS[who][1]} finds the ask in introductionInbox and accepts${relay ? ` on behalf of ${relay.displayName} (no account)` : ''}`);
    intro = (
      await gql(who, `mutation($input: RespondToIntroductionInput!) { respondToIntroduction(input: $input) { ${FIELDS} } }`, {
        input: { requestId: intro.id, accept: true, note: 'Happy to help', onBehalfOfPersonId: relay?.id ?? null },
      })
    ).respondToIntroduction;
    console.log(`status now ${intro.status}${intro.currentStep === null ? '' : `, asking step ${intro.currentStep}`}`);
    answered = true;
    break;
  }
  if (!answered) {
    console.log('Waiting for the worker to send the next ask…');
    await new Promise((r) => setTimeout(r, 1000));
    intro = (await gql('alex', `query($id: ID!) { introductionRequest(id: $id) { ${FIELDS} } }`, { id: intro.id })).introductionRequest;
  }
}

say('Alex sees who agreed, and the contact details passed on at INTRODUCED');
intro = (await gql('alex', `query($id: ID!) { introductionRequest(id: $id) { ${FIELDS} } }`, { id: intro.id })).introductionRequest;
intro.steps.forEach((s, i) => console.log(`step ${i}: ${s.label}${s.person ? ` (${s.person.displayName})` : ''}`));
console.log('introducedContact:', JSON.stringify(intro.introducedContact));

say('Alex records the meeting and its outcome: recordIntroOutcome(met: true, outcome: ADVICE)');
intro = (
  await gql('alex', `mutation($input: RecordIntroOutcomeInput!) { recordIntroOutcome(input: $input) { ${FIELDS} } }`, {
    input: { requestId: intro.id, met: true, outcome: 'ADVICE', note: 'Met for coffee; she explained the degree apprenticeship route.' },
  })
).recordIntroOutcome;
console.log(`status ${intro.status}, outcome ${intro.outcome}. History (as Alex may see it):`);
intro.history.forEach((e) => console.log(`  ${e.at}  ${e.status.padEnd(12)} ${e.actorLabel}${e.note ? ` — ${e.note}` : ''}`));

say(`Messages the worker wrote to the local outbox (${OUTBOX})`);
await new Promise((r) => setTimeout(r, 1500));
try {
  readdirSync(OUTBOX)
    .filter((f) => f.includes(Buffer.from(intro.id, 'base64url').toString().split(':')[1]))
    .forEach((f) => console.log(`  ${OUTBOX}/${f}`));
} catch {
  console.log('  (none yet)');
}
