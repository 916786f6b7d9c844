import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { setSession } from '../auth/session';
import { graphql } from '../gql';
import { Link } from '../router';
import { Button, ErrorSummary, TextInput } from '../ui/form';
import { Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';

const ExportQuery = graphql(`
  query ExportMyData {
    exportMyData
  }
`);

const DeleteAccount = graphql(`
  mutation DeleteMyAccount($confirm: String!) {
    deleteMyAccount(confirm: $confirm)
  }
`);

export function MyDataPage() {
  const client = useApolloClient();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const download = async () => {
    setBusy(true);
    try {
      const { data } = await client.query({ query: ExportQuery, fetchPolicy: 'network-only' });
      const blob = new Blob([data?.exportMyData ?? '{}'], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'my-backr-data.json';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (error) {
      setProblems(problemsFrom(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Your data">
      <ErrorSummary problems={problems} />
      <h2>Download your data</h2>
      <p>Everything Backr holds about you and everything you entered, in one file you can keep or take elsewhere.</p>
      <Button type="button" variant="secondary" busy={busy} onClick={() => void download()}>
        Download my data
      </Button>
      <h2>Delete your account</h2>
      <p>
        <Link href="/my-data/delete">Delete my account and everything only I entered</Link>
      </p>
    </Page>
  );
}

export function DeleteAccountPage() {
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [remove, { loading }] = useMutation(DeleteAccount);
  return (
    <Page title="Delete your account" back={{ href: '/my-data' }} error={Object.keys(problems.fields).length > 0}>
      <ErrorSummary problems={problems} />
      <div className="warning">
        <span className="warning__icon" aria-hidden="true">
          !
        </span>
        <span>This cannot be undone. Your network, goals and introductions are deleted.</span>
      </div>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (confirm.trim() !== 'DELETE') return setProblems({ fields: { confirm: 'Type DELETE in capital letters to confirm' }, general: [] });
          try {
            await remove({ variables: { confirm: 'DELETE' } });
            setSession(null, 'Your account has been deleted.');
          } catch (error) {
            setProblems(problemsFrom(error, { confirm: 'Confirmation' }));
          }
        }}
      >
        <TextInput id="confirm" label="Type DELETE to confirm" autoComplete="off" value={confirm} onChange={setConfirm} error={problems.fields['confirm']} />
        <Button variant="warning" busy={loading}>
          Delete my account
        </Button>
      </form>
    </Page>
  );
}
