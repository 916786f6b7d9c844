import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { Link } from '../router';
import { Button, ErrorSummary, TextInput } from '../ui/form';
import { Loading, Meter, Notice, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { AuditLog } from './audit-log';

const AdminQuery = graphql(`
  query AdminOverview {
    coachWorkloads {
      capacity
      load
      coach {
        id
        displayName
      }
    }
  }
`);

const Suppress = graphql(`
  mutation SuppressPerson($personId: ID!) {
    suppressPerson(personId: $personId)
  }
`);

export function AdminPage() {
  const { data, loading } = useQuery(AdminQuery);
  if (loading && !data) return <Loading />;
  if (!data) return <Page title="Administration"><p>We could not load this page. Try again later.</p></Page>;
  return (
    <Page title="Administration">
      <h2>Coaches</h2>
      {data.coachWorkloads.length === 0 ? (
        <p>There are no coaches yet.</p>
      ) : (
        <ul className="cards">
          {data.coachWorkloads.map((w) => (
            <li className="card" key={w.coach.id}>
              <h3>{w.coach.displayName}</h3>
              <p>
                {w.load} of {w.capacity} members
              </p>
              <Meter label={`${w.coach.displayName}'s members against capacity`} value={w.load} max={Math.max(w.capacity, 1)} />
            </li>
          ))}
        </ul>
      )}
      <h2>Accounts</h2>
      <p>
        <Link href="/admin/accounts">Find accounts, and give job seekers a coach</Link>
      </p>
      <p>
        <Link href="/admin/accounts?role=MEMBER&without-coach=1">Job seekers who have no coach</Link>
      </p>
      <h2>Privacy log</h2>
      <p>Every download, deletion and removal of personal data, newest first.</p>
      <AuditLog />
      <h2>Remove someone who objected</h2>
      <p>
        <Link href="/admin/suppress">Remove a person who asked not to be held</Link>
      </p>
    </Page>
  );
}

export function SuppressPage() {
  const [reference, setReference] = useState('');
  const [done, setDone] = useState(false);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [suppress, { loading }] = useMutation(Suppress);
  return (
    <Page title="Remove a person who objected" back={{ href: '/admin' }} error={Object.keys(problems.fields).length > 0}>
      {done && <Notice title="They have been removed" success><p>Nobody can add or import them again.</p></Notice>}
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reference.trim()) return setProblems({ fields: { personId: 'Enter the reference from their objection' }, general: [] });
          try {
            await suppress({ variables: { personId: reference.trim() } });
            setDone(true);
            setReference('');
            setProblems(noProblems);
          } catch (error) {
            setProblems(problemsFrom(error, { personId: 'The reference' }));
          }
        }}
      >
        <TextInput id="personId" label="Reference" hint="The reference quoted in the person's objection" autoComplete="off" spellCheck={false} value={reference} onChange={setReference} error={problems.fields['personId']} />
        <Button variant="warning" busy={loading}>
          Remove them
        </Button>
      </form>
    </Page>
  );
}
