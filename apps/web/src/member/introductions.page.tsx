import { useQuery, useSubscription } from '@apollo/client/react';
import { graphql } from '../gql';
import { Link } from '../router';
import { Loading, Page, Tag } from '../ui/page';
import { dateWords, STATUS_WORDS } from '../ui/words';

export const IntroFields = graphql(`
  fragment IntroFields on IntroductionRequest {
    id
    status
    message
    createdAt
    updatedAt
    expiresAt
    currentStep
    awaitingMyAnswer
    outcome
    requester {
      id
      displayName
    }
    steps {
      label
    }
  }
`);

export const MyIntroductionsQuery = graphql(`
  query MyIntroductions {
    me {
      id
      person {
        id
      }
    }
    myIntroductions(first: 50) {
      totalCount
      edges {
        node {
          ...IntroFields
        }
      }
    }
  }
`);

/** Every change to an introduction the viewer may see, live (Apollo's cache updates the lists). */
export const IntroUpdated = graphql(`
  subscription IntroUpdated($requestId: ID) {
    introductionUpdated(requestId: $requestId) {
      ...IntroFields
    }
  }
`);

export function StatusTag({ status }: { status: string }) {
  const [words, colour] = STATUS_WORDS[status] ?? [status, 'grey'];
  return <Tag colour={colour}>{words}</Tag>;
}

export function IntroductionsPage() {
  const { data, loading } = useQuery(MyIntroductionsQuery);
  useSubscription(IntroUpdated, { variables: {} });
  if (loading && !data) return <Loading />;
  const me = data?.me.person.id;
  const mine = data?.myIntroductions.edges.map((e) => e.node).filter((n) => n.requester.id === me) ?? [];
  return (
    <Page title="My introductions">
      <p>Introductions you asked for. This page updates by itself when something changes.</p>
      {mine.length === 0 ? (
        <p>
          You have not asked for any introductions yet. <Link href="/find">Find people who do the work you want</Link>.
        </p>
      ) : (
        <ul className="cards" aria-live="polite">
          {mine.map((r) => (
            <li className="card" key={r.id}>
              <h3>
                <Link href={`/introductions/${encodeURIComponent(r.id)}`}>To {r.steps[r.steps.length - 1]?.label ?? 'someone'}</Link>
              </h3>
              <p>
                <StatusTag status={r.status} />
              </p>
              <p className="hint">Asked on {dateWords(r.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
