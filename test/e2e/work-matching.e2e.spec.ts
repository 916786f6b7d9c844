import { beforeAll, describe, expect, it } from '@jest/globals';
import { gql, newUser, unique, type TestUser } from '../support/api-client.js';

const PATHS = `query Paths($input: IntroPathsInput!) {
  introPaths(input: $input) {
    reachableTargets relatedTargets searchedFor organisation
    matchedOccupations { code title confidence }
    alternativeOccupations { code confidence }
    relatedOccupations { code }
    paths { hops score related explanation steps { person { displayName } work { title organisation occupation { code } } } }
  }
}`;
const ADD = `mutation($input: ContactInput!) { addContact(input: $input) { person { id roles { title occupation { code } } } } }`;

type Result = {
  reachableTargets: number;
  relatedTargets: number;
  searchedFor: string | null;
  organisation: string | null;
  matchedOccupations: { code: string; title: string; confidence: number }[];
  alternativeOccupations: { code: string; confidence: number }[];
  relatedOccupations: { code: string }[];
  paths: {
    hops: number;
    score: number;
    related: boolean;
    explanation: string;
    steps: { person: { displayName: string } | null; work: { title: string; organisation: string | null; occupation: { code: string } | null } | null }[];
  }[];
};

describe('work matching as a job seeker uses it (issue 17)', () => {
  let member: TestUser;
  const paths = async (input: Record<string, unknown>): Promise<Result> => {
    const res = await gql<{ introPaths: Result }>(PATHS, { input }, member.token);
    expect(res.errors).toBeUndefined();
    return res.data!.introPaths;
  };
  const names = (r: Result) => r.paths.map((p) => p.steps[p.steps.length - 1].person?.displayName).sort();

  beforeAll(async () => {
    member = await newUser(['MEMBER'], 'Work Seeker');
    const contacts = [
      ['Cara Senior', 'Senior care assistant', 'Oakfield Care Home', 0.7],
      ['Con Heart', 'Consultant cardiologist', 'Leeds Teaching Hospitals NHS Trust', 0.6],
      ['Pat Lead', 'Paramedic team leader', 'Yorkshire Ambulance Service', 0.8],
      ['Dev Coder', 'Software Developer', 'Sky', 0.5],
      ['Phil Pipes', 'plumber', 'Self-employed', 0.65],
      ['Tess Teach', 'Teacher', 'Park Lane Academy', 0.55],
    ] as const;
    for (const [displayName, title, organisation, strength] of contacts) {
      const res = await gql(
        ADD,
        { input: { displayName, email: `${unique('w')}@example.org`, context: 'FRIEND', strength, roles: [{ title, organisation }] } },
        member.token,
      );
      expect(res.errors).toBeUndefined();
    }
  });

  it('codes "Paramedic team leader" as a paramedic, and occupations() lists paramedics first', async () => {
    const r = await paths({ work: 'paramedic', maxHops: 1 });
    expect(r.matchedOccupations[0]).toMatchObject({ code: '2255', title: 'Paramedics' });
    expect(names(r)).toEqual(['Pat Lead']);
    expect(r.paths[0].steps[0].work?.occupation?.code).toBe('2255');
    const listed = await gql<{ occupations: { code: string }[] }>(`{ occupations(query: "paramedic team leader") { code } }`, {}, member.token);
    expect(listed.data!.occupations[0].code).toBe('2255');
  });

  it('reads typos and says what it searched for, with a confidence and alternatives', async () => {
    const r = await paths({ work: 'I want to be an electrition' });
    expect(r.searchedFor).toBe('electrician');
    expect(r.matchedOccupations[0]).toMatchObject({ code: '5241' });
    expect(r.matchedOccupations[0].confidence).toBeGreaterThan(0.5);
    expect(r.matchedOccupations[0].confidence).toBeLessThanOrEqual(1);
    for (const alt of r.alternativeOccupations) expect(alt.confidence).toBeLessThan(r.matchedOccupations[0].confidence);
  });

  it('"care worker" offers the reachable senior care assistant as related work, after exact matches', async () => {
    const r = await paths({ work: 'care worker' });
    expect(r.matchedOccupations[0].code).toBe('6135');
    expect(r.reachableTargets).toBe(0);
    expect(r.relatedOccupations.map((o) => o.code)).toContain('6136');
    expect(r.relatedTargets).toBe(1);
    expect(r.paths).toHaveLength(1);
    expect(r.paths[0]).toMatchObject({ related: true, steps: [{ person: { displayName: 'Cara Senior' } }] });
  });

  it('"doctor" reaches the consultant as related work', async () => {
    const r = await paths({ work: 'doctor' });
    expect(r.matchedOccupations[0].code).toBe('2211');
    expect(names(r)).toEqual(['Con Heart']);
    expect(r.paths[0].related).toBe(true);
  });

  it('reads an employer typed as work as an employer, and selects people who work there', async () => {
    const typed = await paths({ work: 'Yorkshire Ambulance Service' });
    expect(typed.matchedOccupations).toEqual([]);
    expect(typed.organisation).toBe('Yorkshire Ambulance Service');
    expect(names(typed)).toEqual(['Pat Lead']);
    const nhs = await paths({ organisation: 'NHS' });
    expect(nhs.organisation).toBe('the NHS');
    expect(names(nhs)).toEqual(['Con Heart', 'Pat Lead']);
    const schools = await paths({ organisation: 'schools' });
    expect(names(schools)).toEqual(['Tess Teach']);
    const both = await paths({ work: 'paramedic', organisation: 'the NHS' });
    expect(names(both)).toEqual(['Pat Lead']);
    const none = await paths({ work: 'plumber', organisation: 'the NHS' });
    expect(none.paths).toEqual([]);
  });

  it('refuses an organisation with a target person, and an empty organisation', async () => {
    const empty = await gql(PATHS, { input: { organisation: '  ' } }, member.token);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organisation' });
  });

  it('agrees with reachToGoalWork for the same goal', async () => {
    for (const work of ['paramedic', 'HCPC paramedic', 'Yorkshire Ambulance Service']) {
      const set = await gql(`mutation($g: [WorkGoalInput!]!) { setWorkGoals(goals: $g) { work } }`, { g: [{ work }] }, member.token);
      expect(set.errors).toBeUndefined();
      const me = await gql<{ me: { reachToGoalWork: number } }>(`{ me { reachToGoalWork } }`, {}, member.token);
      expect(me.data!.me.reachToGoalWork).toBe((await paths({ work })).reachableTargets);
      expect(me.data!.me.reachToGoalWork).toBe(1);
    }
  });

  it('words explanations as people wrote the titles, without "at Self-employed", with rounded scores', async () => {
    const dev = await paths({ work: 'software developer' });
    expect(dev.paths[0].explanation).toBe('Dev Coder, your friend, is a Software Developer at Sky.');
    const plumber = await paths({ work: 'plumber' });
    expect(plumber.paths[0].explanation).toBe('Phil Pipes, your friend, is a self-employed plumber.');
    for (const p of [...dev.paths, ...plumber.paths]) expect(Math.round(p.score * 1000) / 1000).toBe(p.score);
  });
});
