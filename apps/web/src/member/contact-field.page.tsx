import { useMutation } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import type { RelationshipUpdateInput } from '../gql/graphql';
import { navigate } from '../router';
import { Button, ErrorSummary, TextInput } from '../ui/form';
import { Loading, Page } from '../ui/page';
import { hasProblems, noProblems, problemsFrom, type Problems } from '../ui/problems';
import { UpdateContactDetails, useContact } from './contact.query';

export type ContactField = 'name' | 'work' | 'emails' | 'phones' | 'linkedin';

type Values = Record<string, string>;
type Contact = NonNullable<ReturnType<typeof useContact>['contact']>;

const ROWS = 3;
const ORDINAL = ['', 'Another', 'A third'];

/**
 * Each field: its page title, its inputs as first shown, and what it sends. The API replaces
 * identifiers by kind, so an identifier page sends its own kind only and the others stay as recorded.
 */
const FIELDS: Record<
  ContactField,
  { title: (name: string) => string; start: (c: Contact) => Values; input: (v: Values, c: Contact) => RelationshipUpdateInput }
> = {
  name: {
    title: () => 'What do you call them?',
    start: (c) => ({ displayName: c.person.displayName }),
    input: (v) => ({ displayName: v['displayName'].trim() }),
  },
  work: {
    title: (name) => `What work does ${name} do?`,
    start: (c) =>
      Object.fromEntries(
        Array.from({ length: ROWS }, (_, i): [string, string][] => [
          [`title${i}`, c.person.roles[i]?.title ?? ''],
          [`organisation${i}`, c.person.roles[i]?.organisation ?? ''],
        ]).flat(),
      ),
    input: (v) => ({
      roles: Array.from({ length: ROWS }, (_, i) => i)
        .filter((i) => v[`title${i}`].trim())
        .map((i) => ({ title: v[`title${i}`].trim(), organisation: v[`organisation${i}`].trim() || null })),
    }),
  },
  emails: {
    title: (name) => `Email addresses for ${name}`,
    start: (c) => Object.fromEntries(Array.from({ length: ROWS }, (_, i) => [`email${i}`, c.recorded.emails[i] ?? ''])),
    input: (v) =>
      split(
        'email',
        filled(v, 'email').map(([, value]) => value),
      ),
  },
  phones: {
    title: (name) => `Phone numbers for ${name}`,
    start: (c) => Object.fromEntries(Array.from({ length: ROWS }, (_, i) => [`phone${i}`, c.recorded.phones[i] ?? ''])),
    input: (v) =>
      split(
        'phone',
        filled(v, 'phone').map(([, value]) => value),
      ),
  },
  linkedin: {
    title: (name) => `LinkedIn profile for ${name}`,
    start: (c) => ({ linkedinUrl: c.recorded.linkedinUrl ?? '' }),
    input: (v) => ({ linkedinUrl: v['linkedinUrl'].trim() }),
  },
};

/** The first value goes as `email` (or `phone`), the rest as `emails` (or `phones`); none clears them. */
function split(kind: 'email' | 'phone', values: string[]): RelationshipUpdateInput {
  const [first, ...rest] = values;
  return kind === 'email' ? { email: first ?? '', emails: rest } : { phone: first ?? '', phones: rest };
}

/** The inputs of one kind that hold something, in order: [input id, value]. */
const filled = (v: Values, kind: string) =>
  Array.from({ length: ROWS }, (_, i) => [`${kind}${i}`, v[`${kind}${i}`]?.trim() ?? ''] as const).filter(([, value]) => value);

/**
 * The API names `input.email` for the first address sent and `input.emails` for the others (quoting
 * the value at fault), so each message goes back to the box that held it.
 */
function placeProblems(field: ContactField, v: Values, api: Problems): Problems {
  if (field !== 'emails' && field !== 'phones') return api;
  const kind = field === 'emails' ? 'email' : 'phone';
  const sent = filled(v, kind);
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(api.fields)) {
    if (key === kind) fields[sent[0]?.[0] ?? `${kind}0`] = message;
    else {
      const holder = sent.slice(1).find(([, value]) => message.includes(`"${value}"`)) ?? sent[1];
      fields[holder?.[0] ?? `${kind}1`] = message;
    }
  }
  return { fields, general: api.general };
}

const LABELS: Record<string, string> = {
  displayName: 'Their name',
  roles: 'Their work',
  email: 'Email address',
  emails: 'Email address',
  phone: 'Phone number',
  phones: 'Phone number',
  linkedinUrl: 'LinkedIn profile address',
  ...Object.fromEntries(
    Array.from({ length: ROWS }, (_, i): [string, string][] => [
      [`roles[${i}].title`, 'Their job'],
      [`roles[${i}].organisation`, 'Where they work'],
    ]).flat(),
  ),
};

export function ContactFieldPage({ personId, field }: { personId: string; field: ContactField }) {
  const { contact, loading, missing } = useContact(personId);
  const [v, setV] = useState<Values | null>(null);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [update, { loading: saving }] = useMutation(UpdateContactDetails, {
    update: (cache) => {
      cache.evict({ fieldName: 'network' });
      cache.gc();
    },
  });
  useEffect(() => {
    if (contact && !v) setV(FIELDS[field].start(contact));
  }, [contact, v, field]);
  if (missing) return <Page title="This person is not in your network" back={{ href: '/network' }} />;
  if (loading || !contact || !v) return <Loading />;
  const name = contact.person.displayName;
  const back = `/network/${encodeURIComponent(personId)}`;
  const set = (k: string) => (value: string) => setV((old) => ({ ...old!, [k]: value }));
  const check = (): Problems => {
    const fields: Record<string, string> = {};
    if (field === 'name' && !v['displayName'].trim()) fields['displayName'] = 'Enter their name';
    if (field === 'work')
      for (let i = 0; i < ROWS; i++)
        if (!v[`title${i}`].trim() && v[`organisation${i}`].trim()) fields[`title${i}`] = 'Enter their job, or clear where they work';
    return { fields, general: [] };
  };
  const submit = async () => {
    const local = check();
    if (hasProblems(local)) return setProblems(local);
    try {
      await update({ variables: { personId, input: FIELDS[field].input(v, contact) } });
      navigate(`${back}?saved=1`);
    } catch (error) {
      const api = problemsFrom(error, LABELS);
      if (field === 'work') {
        // roles[i].title → the i-th job's box (only filled rows are sent, in order).
        const sentRows = Array.from({ length: ROWS }, (_, i) => i).filter((i) => v[`title${i}`].trim());
        const fields: Record<string, string> = {};
        for (const [key, message] of Object.entries(api.fields)) {
          const m = /^roles\[(\d+)\]\.(title|organisation)$/.exec(key);
          fields[m ? `${m[2]}${sentRows[Number(m[1])] ?? 0}` : 'title0'] = message;
        }
        return setProblems({ fields, general: api.general });
      }
      setProblems(placeProblems(field, v, api));
    }
  };
  return (
    <Page title={FIELDS[field].title(name)} back={{ href: back, label: `Back to ${name}` }} error={hasProblems(problems)}>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {field === 'name' && (
          <TextInput
            id="displayName"
            label={LABELS['displayName']}
            hint="The name you know them by. Only you see it."
            value={v['displayName']}
            onChange={set('displayName')}
            error={problems.fields['displayName']}
          />
        )}
        {field === 'work' &&
          Array.from({ length: ROWS }, (_, i) => (
            <fieldset key={i} className="form-group">
              <legend>{i === 0 ? 'Their job' : `${ORDINAL[i]} job (optional)`}</legend>
              <TextInput
                id={`title${i}`}
                label="Job title"
                hint={i === 0 ? 'For example, paramedic or care assistant. Leave empty to clear.' : undefined}
                value={v[`title${i}`]}
                onChange={set(`title${i}`)}
                error={problems.fields[`title${i}`]}
              />
              <TextInput
                id={`organisation${i}`}
                label="Where they do it (optional)"
                value={v[`organisation${i}`]}
                onChange={set(`organisation${i}`)}
                error={problems.fields[`organisation${i}`]}
              />
            </fieldset>
          ))}
        {(field === 'emails' || field === 'phones') &&
          Array.from({ length: ROWS }, (_, i) => {
            const kind = field === 'emails' ? 'email' : 'phone';
            const label = field === 'emails' ? 'email address' : 'phone number';
            return (
              <TextInput
                key={i}
                id={`${kind}${i}`}
                label={i === 0 ? label.charAt(0).toUpperCase() + label.slice(1) : `${ORDINAL[i]} ${label} (optional)`}
                hint={
                  i === 0
                    ? field === 'phones'
                      ? 'For example, 07700 900 982 or +44 7700 900 982. Leave all empty to clear them.'
                      : 'Leave all empty to clear them.'
                    : undefined
                }
                type={field === 'emails' ? 'email' : 'tel'}
                autoComplete="off"
                spellCheck={false}
                value={v[`${kind}${i}`]}
                onChange={set(`${kind}${i}`)}
                error={problems.fields[`${kind}${i}`]}
              />
            );
          })}
        {field === 'linkedin' && (
          <TextInput
            id="linkedinUrl"
            label={LABELS['linkedinUrl']}
            hint="For example, https://www.linkedin.com/in/their-name. Leave empty to clear it."
            autoComplete="off"
            spellCheck={false}
            value={v['linkedinUrl']}
            onChange={set('linkedinUrl')}
            error={problems.fields['linkedinUrl']}
          />
        )}
        <Button busy={saving}>Save</Button>
      </form>
    </Page>
  );
}
