import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { Link, navigate, useLocation } from '../router';
import { Button, ErrorSummary, Radios } from '../ui/form';
import { Loading, Notice, Page, Tag } from '../ui/page';
import { hasProblems, noProblems, problemsFrom, type Problems } from '../ui/problems';
import { dateWords } from '../ui/words';

export const InvitationsQuery = graphql(`
  query CoachInvitations($first: Int!) {
    myCoachInvitations(first: $first) {
      totalCount
      edges {
        node {
          id
          status
          awaitingMyAnswer
          createdAt
          respondedAt
          coach {
            id
            displayName
          }
          member {
            id
            displayName
          }
        }
      }
    }
  }
`);

const Respond = graphql(`
  mutation RespondToCoachInvitation($input: RespondToCoachInvitationInput!) {
    respondToCoachInvitation(input: $input) {
      id
      status
      awaitingMyAnswer
      respondedAt
    }
  }
`);

export const INVITATION_WORDS: Record<string, [string, 'grey' | 'blue' | 'yellow' | 'red' | undefined]> = {
  PENDING: ['Waiting for an answer', 'yellow'],
  ACCEPTED: ['Said yes', undefined],
  DECLINED: ['Said no', 'grey'],
  SUPERSEDED: ['Another coach took over', 'grey'],
};

/** A member's coach invitations: the ones waiting for an answer first. */
export function MyCoachPage() {
  const { query } = useLocation();
  const { data, loading } = useQuery(InvitationsQuery, { variables: { first: 20 }, fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  const invitations = data?.myCoachInvitations.edges.map((e) => e.node) ?? [];
  const waiting = invitations.filter((i) => i.awaitingMyAnswer);
  const answered = invitations.filter((i) => !i.awaitingMyAnswer);
  const answer = query.get('answered');
  return (
    <Page title="My coach">
      {answer === 'yes' && (
        <Notice title="You said yes" success>
          <p>Your coach can now see your work goals and how you are getting on.</p>
        </Notice>
      )}
      {answer === 'no' && <Notice title="You said no" success />}
      <p>A coach helps you plan how to reach the work you want. A coach sees your goals and progress only if you say yes.</p>
      <h2>Waiting for your answer</h2>
      {waiting.length === 0 ? (
        <p>No coach is waiting for your answer.</p>
      ) : (
        <ul className="cards">
          {waiting.map((i) => (
            <li className="card" key={i.id}>
              <h3>
                <Link href={`/my-coach/${encodeURIComponent(i.id)}`}>{i.coach.displayName} would like to coach you</Link>
              </h3>
              <p className="hint">Invited on {dateWords(i.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
      {answered.length > 0 && (
        <>
          <h2>Earlier invitations</h2>
          <ul className="cards">
            {answered.map((i) => (
              <li className="card" key={i.id}>
                <p>
                  {i.coach.displayName} <Tag colour={INVITATION_WORDS[i.status]?.[1]}>{INVITATION_WORDS[i.status]?.[0] ?? 'Answered'}</Tag>
                </p>
                <p className="hint">
                  Invited on {dateWords(i.createdAt)}
                  {i.respondedAt ? `, answered on ${dateWords(i.respondedAt)}` : ''}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

export function AnswerInvitationPage({ id }: { id: string }) {
  const { data, loading } = useQuery(InvitationsQuery, { variables: { first: 20 } });
  const [accept, setAccept] = useState('');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [respond, { loading: sending }] = useMutation(Respond, { refetchQueries: [InvitationsQuery] });
  if (loading && !data) return <Loading />;
  const invitation = data?.myCoachInvitations.edges.find((e) => e.node.id === id)?.node;
  if (!invitation || !invitation.awaitingMyAnswer) return <Page title="This invitation is not waiting for your answer" back={{ href: '/my-coach' }} />;
  const coach = invitation.coach.displayName;
  return (
    <Page title={`Would you like ${coach} to coach you?`} back={{ href: '/my-coach' }} error={hasProblems(problems)}>
      <ErrorSummary problems={problems} />
      <p>
        If you say yes, {coach} sees your work goals and how you are getting on: the people you know, your introductions and what came of them. They do not see
        who your contacts are.
      </p>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!accept) return setProblems({ fields: { accept: `Select yes if you would like ${coach} to coach you` }, general: [] });
          try {
            await respond({ variables: { input: { invitationId: id, accept: accept === 'yes' } } });
            navigate(`/my-coach?answered=${accept}`);
          } catch (error) {
            setProblems(problemsFrom(error, { accept: 'Your answer' }));
          }
        }}
      >
        <Radios
          id="accept"
          legend="Your answer"
          value={accept}
          onChange={setAccept}
          options={[
            ['yes', 'Yes'],
            ['no', 'No, thank you'],
          ]}
          error={problems.fields['accept']}
        />
        <Button busy={sending}>Send my answer</Button>
      </form>
    </Page>
  );
}
