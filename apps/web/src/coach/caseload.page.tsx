import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import { Link } from '../router';
import { Loading, Meter, Page, Tag } from '../ui/page';
import { dateWords } from '../ui/words';

const CaseloadQuery = graphql(`
  query Caseload {
    caseload(first: 100) {
      capacity
      load
      members {
        totalCount
        edges {
          node {
            member {
              id
              displayName
            }
            goals {
              id
              work
            }
            stalled
            lastActivityAt
            networkSize
            networkGrowth30d
            reachToGoalWork
            introsRequested
            introsMade
            meetings
          }
        }
      }
    }
  }
`);

/** The coach's Monday page: stalled members first (the API's order), load against capacity. */
export function CaseloadPage() {
  const { data, loading } = useQuery(CaseloadQuery);
  if (loading && !data) return <Loading />;
  if (!data) return <Page title="My members"><p>We could not load your members. Try again later.</p></Page>;
  const { capacity, load, members } = data.caseload;
  const stalled = members.edges.filter((e) => e.node.stalled).length;
  return (
    <Page title="My members">
      <p>
        You coach {load} of the {capacity} members you can take.
      </p>
      <Meter label="Members against what you can take" value={load} max={Math.max(capacity, 1)} />
      {stalled > 0 && (
        <p>
          <strong>
            {stalled} {stalled === 1 ? 'member has' : 'members have'} had nothing happen for a while.
          </strong>
        </p>
      )}
      {members.totalCount === 0 ? (
        <p>Nobody is on your caseload yet.</p>
      ) : (
        <ul className="cards">
          {members.edges.map(({ node: m }) => (
            <li className="card" key={m.member.id}>
              <h3>
                <Link href={`/caseload/${encodeURIComponent(m.member.id)}`}>{m.member.displayName}</Link> {m.stalled && <Tag colour="red">Needs a nudge</Tag>}
              </h3>
              <p>{m.goals.length ? `Wants to be: ${m.goals.map((g) => g.work).join(', ')}` : 'No work goal yet'}</p>
              <p className="hint">
                {m.networkSize} people known ({m.networkGrowth30d} new this month) · {m.reachToGoalWork} doing the work they want within reach · {m.introsRequested} introductions asked, {m.introsMade} made, {m.meetings} met
                {m.lastActivityAt ? ` · last active ${dateWords(m.lastActivityAt)}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
