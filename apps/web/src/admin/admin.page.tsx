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

const SuppressAddress = graphql(`
  mutation SuppressAddress($input: SuppressAddressInput!) {
    suppressAddress(input: $input) {
      peopleRemoved
      recordsRemoved
      peopleToReview
      accountsHolding
      addressBlocked
    }
  }
`);

interface Suppression {
  peopleRemoved: number;
  recordsRemoved: number;
  peopleToReview: number;
  accountsHolding: number;
  addressBlocked: boolean;
}

const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);

/** What happened, in words for the admin who acted. */
function SuppressionResult({ result }: { result: Suppression }) {
  if (result.accountsHolding > 0)
    return (
      <Notice title="Nothing was removed">
        <p>This address belongs to someone with an account. They can download or delete everything from their own My data page.</p>
      </Notice>
    );
  return (
    <Notice title="Done" success>
      {result.peopleRemoved + result.peopleToReview === 0 && <p>Nobody had recorded this address.</p>}
      {result.peopleRemoved > 0 && <p>{people(result.peopleRemoved)} removed, with everything recorded about them.</p>}
      {result.peopleToReview > 0 && (
        <p>
          For {people(result.peopleToReview)}, only the records holding this address were removed: others know them without it. The privacy log lists them for
          you to review.
        </p>
      )}
      <p>Nobody can add or import this address again.</p>
    </Notice>
  );
}

export function AdminPage() {
  const { data, loading } = useQuery(AdminQuery);
  if (loading && !data) return <Loading />;
  if (!data)
    return (
      <Page title="Administration">
        <p>We could not load this page. Try again later.</p>
      </Page>
    );
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
  const [address, setAddress] = useState('');
  const [result, setResult] = useState<Suppression | null>(null);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [suppress, { loading }] = useMutation(SuppressAddress);
  return (
    <Page title="Remove a person who objected" back={{ href: '/admin' }} error={Object.keys(problems.fields).length > 0}>
      {result && <SuppressionResult result={result} />}
      <ErrorSummary problems={problems} />
      <p>Use this when someone writes or phones to say they do not want Backr to hold their details.</p>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const value = address.trim();
          if (!value) return setProblems({ fields: { address: 'Enter the email address or phone number they gave' }, general: [] });
          try {
            const { data } = await suppress({ variables: { input: value.includes('@') ? { email: value } : { phone: value } } });
            setResult(data?.suppressAddress ?? null);
            setAddress('');
            setProblems(noProblems);
          } catch (error) {
            setResult(null);
            const found = problemsFrom(error, { email: 'The email address', phone: 'The phone number' });
            const reason = found.fields['email'] ?? found.fields['phone'];
            setProblems(reason ? { fields: { address: reason }, general: found.general } : found);
          }
        }}
      >
        <TextInput
          id="address"
          label="Their email address or phone number"
          hint="The one they say we contacted them at"
          autoComplete="off"
          spellCheck={false}
          value={address}
          onChange={setAddress}
          error={problems.fields['address']}
        />
        <Button variant="warning" busy={loading}>
          Remove them
        </Button>
      </form>
    </Page>
  );
}
