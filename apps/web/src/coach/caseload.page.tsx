import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { Link, navigate, useLocation } from '../router';
import { Button, TextInput } from '../ui/form';
import { Loading, Meter, Page, Tag } from '../ui/page';
import { problemsFrom } from '../ui/problems';
import { dateWords } from '../ui/words';
import { INVITATION_WORDS, InvitationsQuery } from './invitations.page';

const CoachMembersQuery = graphql(`
  query CoachMembers($search: String, $after: String) {
    coachMembers(search: $search, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          onMyCaseload
          invitationId
          member {
            id
            displayName
          }
        }
      }
    }
  }
`);

/** Members on the caseload and the ones invited, found by part of the name. */
function FindMember() {
  const { query } = useLocation();
  const search = query.get('search') ?? '';
  const after = query.get('after');
  const [text, setText] = useState(search);
  const { data, loading, error } = useQuery(CoachMembersQuery, { variables: { search, after }, skip: !search });
  const found = data?.coachMembers;
  return (
    <>
      <form
        className="filters"
        role="search"
        aria-label="Find one of your members"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(text.trim() ? `/caseload?search=${encodeURIComponent(text.trim())}` : '/caseload');
        }}
      >
        <TextInput
          id="search"
          label="Find one of your members by name"
          hint="Members you coach and members you invited"
          type="search"
          value={text}
          onChange={setText}
        />
        <Button variant="secondary">Find</Button>
      </form>
      {search && loading && <Loading what="members" />}
      {error && <p className="error-message">{problemsFrom(error).general[0]}</p>}
      {search && found && (
        <>
          <p role="status">
            {found.totalCount === 0 ? `Nobody you coach or invited has “${search}” in their name.` : `${found.totalCount} found for “${search}”.`}
          </p>
          <ul className="cards">
            {found.edges.map(({ node: m }) => (
              <li className="card" key={m.member.id}>
                {m.onMyCaseload ? (
                  <Link href={`/caseload/${encodeURIComponent(m.member.id)}`}>{m.member.displayName}</Link>
                ) : (
                  <p>
                    {m.member.displayName} <Tag colour="yellow">Invited, waiting for their answer</Tag>
                  </p>
                )}
              </li>
            ))}
          </ul>
          <nav className="pagination" aria-label="More members found">
            {after && <Link href={`/caseload?search=${encodeURIComponent(search)}`}>First page</Link>}
            {found.pageInfo.hasNextPage && found.pageInfo.endCursor && (
              <Link href={`/caseload?search=${encodeURIComponent(search)}&after=${encodeURIComponent(found.pageInfo.endCursor)}`}>Next page</Link>
            )}
          </nav>
        </>
      )}
    </>
  );
}

/** Invitations this coach sent, unanswered first. */
function SentInvitations() {
  const { data } = useQuery(InvitationsQuery, { variables: { first: 20 }, fetchPolicy: 'cache-and-network' });
  const sent = data?.myCoachInvitations.edges.map((e) => e.node) ?? [];
  if (!sent.length) return <p>You have not invited anyone yet. You can invite people you meet at events from the event's page.</p>;
  return (
    <ul className="cards">
      {sent.map((i) => (
        <li className="card" key={i.id}>
          <p>
            {i.member.displayName} <Tag colour={INVITATION_WORDS[i.status]?.[1]}>{INVITATION_WORDS[i.status]?.[0] ?? 'Answered'}</Tag>
          </p>
          <p className="hint">Invited on {dateWords(i.createdAt)}</p>
        </li>
      ))}
    </ul>
  );
}

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
  if (!data)
    return (
      <Page title="My members">
        <p>We could not load your members. Try again later.</p>
      </Page>
    );
  const { capacity, load, members } = data.caseload;
  const stalled = members.edges.filter((e) => e.node.stalled).length;
  return (
    <Page title="My members">
      <p>
        You coach {load} of the {capacity} members you can take.
      </p>
      <Meter label="Members against what you can take" value={load} max={Math.max(capacity, 1)} />
      <FindMember />
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
                {m.networkSize} people known ({m.networkGrowth30d} new this month) · {m.reachToGoalWork} doing the work they want within reach ·{' '}
                {m.introsRequested} introductions asked, {m.introsMade} made, {m.meetings} met
                {m.lastActivityAt ? ` · last active ${dateWords(m.lastActivityAt)}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>Invitations you sent</h2>
      <SentInvitations />
    </Page>
  );
}
