import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { Link } from '../router';
import { Button, ErrorSummary } from '../ui/form';
import { Notice } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';

const AddIntroducedContact = graphql(`
  mutation AddIntroducedContact($input: AddIntroducedContactInput!) {
    addIntroducedContact(input: $input) {
      person {
        id
        displayName
      }
    }
  }
`);

interface Introduced {
  person: { displayName: string };
}

/** One press adds the introduced person, with the details the introduction passed on, as someone met professionally through Backr. */
export function AddIntroduced({ requestId, contact }: { requestId: string; contact: Introduced }) {
  const [added, setAdded] = useState<{ id: string; displayName: string } | null>(null);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [add, { loading }] = useMutation(AddIntroducedContact, {
    update: (cache) => {
      cache.evict({ fieldName: 'network' });
      cache.gc();
    },
  });
  const name = contact.person.displayName;
  if (added)
    return (
      <Notice title={`${added.displayName} is in your network`} success>
        <p>
          <Link href={`/network/${encodeURIComponent(added.id)}`}>See what you recorded about {added.displayName}</Link>
        </p>
      </Notice>
    );
  return (
    <>
      <ErrorSummary problems={problems} />
      <Button
        type="button"
        variant="secondary"
        busy={loading}
        onClick={async () => {
          try {
            const { data } = await add({
              variables: {
                input: { requestId, context: 'PROFESSIONAL', strength: 0.3 },
              },
            });
            if (data) setAdded(data.addIntroducedContact.person);
          } catch (error) {
            setProblems(problemsFrom(error));
          }
        }}
      >
        Add {name} to my network
      </Button>
    </>
  );
}
