import { useQuery, useSubscription } from '@apollo/client/react';
import { MeQuery } from '../app';
import { graphql } from '../gql';
import { IntroUpdated } from '../member/introductions.page';
import { Link } from '../router';
import { Loading, Meter, Page } from '../ui/page';
import { timeWords } from '../ui/words';

export const InboxQuery = graphql(`
  query AskInbox {
    introductionInbox(first: 50) {
      totalCount
      edges {
        node {
          ...IntroFields
          answerOnBehalfOf {
            id
            displayName
          }
        }
      }
    }
    myIntroductions(first: 100, status: [ASKING, TARGET_ASKED]) {
      totalCount
      edges {
        node {
          id
          requester {
            id
          }
        }
      }
    }
  }
`);

/** Asks waiting for me (or for me to relay a contact's answer), with my load against my capacity. */
export function InboxPage() {
  const { data, loading, refetch } = useQuery(InboxQuery);
  const me = useQuery(MeQuery);
  useSubscription(IntroUpdated, { variables: {}, onData: () => void refetch() });
  if (loading && !data) return <Loading />;
  const asks = data?.introductionInbox.edges.map((e) => e.node) ?? [];
  const myId = me.data?.me.person.id;
  const helping = data?.myIntroductions.edges.filter((e) => e.node.requester.id !== myId).length ?? 0;
  const capacity = me.data?.me.brokerCapacity ?? 0;
  return (
    <Page title="Asks for me">
      <h2>Your load</h2>
      <p>
        You are helping with {helping} open {helping === 1 ? 'introduction' : 'introductions'}. You said you can take {capacity} at once.
      </p>
      <Meter label="Open introductions against what you can take" value={helping} max={Math.max(capacity, 1)} />
      <p>
        <Link href="/settings">Change how many you can take</Link>
      </p>
      <h2>Waiting for your answer</h2>
      {asks.length === 0 ? (
        <p>Nothing is waiting for you.</p>
      ) : (
        <ul className="cards">
          {asks.map((a) => (
            <li className="card" key={a.id}>
              <h3>
                <Link href={`/asks/${encodeURIComponent(a.id)}`}>
                  {a.answerOnBehalfOf ? `Ask ${a.answerOnBehalfOf.displayName} for ${a.requester.displayName}` : `${a.requester.displayName} asks for your help`}
                </Link>
              </h3>
              <p>“{a.message}”</p>
              {a.expiresAt && <p className="hint">Answer by {timeWords(a.expiresAt)}</p>}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
