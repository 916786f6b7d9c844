import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { Link, navigate } from '../router';
import { Button, ErrorSummary } from '../ui/form';
import { Loading, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';

const RemoveQuery = graphql(`
  query RemoveContactPerson($id: ID!) {
    person(id: $id) {
      id
      displayName
    }
  }
`);

const RemoveContact = graphql(`
  mutation RemoveContact($personId: ID!) {
    removeContact(personId: $personId)
  }
`);

export function ContactRemovePage({ personId }: { personId: string }) {
  const { data, loading } = useQuery(RemoveQuery, { variables: { id: personId } });
  // Every cached page of the network is out of date: drop them, so the list is fetched afresh.
  const [remove, { loading: removing }] = useMutation(RemoveContact, {
    update: (cache) => {
      cache.evict({ fieldName: 'network' });
      cache.gc();
    },
  });
  const [problems, setProblems] = useState<Problems>(noProblems);
  if (loading && !data) return <Loading />;
  const name = data?.person?.displayName;
  if (!name) return <Page title="This person is not in your network" back={{ href: '/network' }} />;
  return (
    <Page title={`Remove ${name} from your network?`} back={{ href: '/network', label: 'Back to my network' }}>
      <ErrorSummary problems={problems} />
      <p>What you recorded about them goes. Introductions already asked for are not affected.</p>
      <div className="button-group">
        <Button
          type="button"
          variant="warning"
          busy={removing}
          onClick={async () => {
            try {
              await remove({ variables: { personId } });
              navigate('/network');
            } catch (error) {
              setProblems(problemsFrom(error));
            }
          }}
        >
          Remove {name}
        </Button>
        <Link href="/network">Keep them</Link>
      </div>
    </Page>
  );
}
