import { useQuery, useSubscription } from '@apollo/client/react';
import { graphql } from '../gql';
import { IntroUpdated } from '../member/introductions.page';
import { Link } from '../router';
import { Loading, Meter, Page } from '../ui/page';
import { dateWords, timeWords } from '../ui/words';
import { BrokerLoadQuery } from './settings.page';

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
  const me = useQuery(BrokerLoadQuery, { fetchPolicy: 'cache-and-network' });
  useSubscription(IntroUpdated, {
    variables: {},
    onData: () => {
      void refetch();
      void me.refetch();
    },
  });
  if (loading && !data) return <Loading />;
  const asks = data?.introductionInbox.edges.map((e) => e.node) ?? [];
  const load = me.data?.me.brokerLoad;
  const myId = me.data?.me.person.id;
  // Introductions still under way that passed through me (not my own requests).
  const helping = data?.myIntroductions.edges.filter((e) => e.node.requester.id !== myId).length ?? 0;
  const open = load?.openAsks ?? 0;
  const capacity = load?.capacity ?? 0;
  return (
    <Page title="Asks for me">
      <h2>Your load</h2>
      <p>
        You are helping with {helping} open {helping === 1 ? 'introduction' : 'introductions'}.
      </p>
      <p>
        {open} {open === 1 ? 'ask is' : 'asks are'} waiting for your answer now. You said you can take {capacity} at once.
      </p>
      <Meter label="Asks with you now against what you can take" value={open} max={Math.max(capacity, 1)} />
      {load && (
        <ul>
          <li>
            This week you were asked {load.weekAsks} {load.weekAsks === 1 ? 'time' : 'times'}. Nobody is asked more than {load.weeklyLimit} times in a week.
          </li>
          {load.waiting > 0 && (
            <li>
              {load.waiting} {load.waiting === 1 ? 'request is' : 'requests are'} waiting until you have room.
            </li>
          )}
          {load.awayUntil && new Date(load.awayUntil).getTime() > Date.now() && (
            <li>You are away until {dateWords(load.awayUntil)}: no new asks reach you before then.</li>
          )}
        </ul>
      )}
      <p>
        <Link href="/settings">Change how many you can take, or say you are away</Link>
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
                  {a.answerOnBehalfOf
                    ? `Ask ${a.answerOnBehalfOf.displayName} for ${a.requester.displayName}`
                    : `${a.requester.displayName} asks for your help`}
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
