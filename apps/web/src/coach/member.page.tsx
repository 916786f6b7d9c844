import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { NoteVisibility } from '../gql/graphql';
import { Button, ErrorSummary, Radios, TextArea } from '../ui/form';
import { useLocation } from '../router';
import { Loading, Notice, Page, SummaryList, Tag } from '../ui/page';
import { NotesList } from './notes';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { dateWords, outcomeWords } from '../ui/words';

const MemberQuery = graphql(`
  query CoachMember($id: ID!) {
    memberProgress(memberId: $id) {
      member {
        id
        displayName
        headline
      }
      goals {
        id
        work
        location
      }
      stalled
      lastActivityAt
      networkSize
      networkGrowth30d
      reachToGoalWork
      introsRequested
      introsMade
      meetings
      outcomes
      sharedDeclineNotes
    }
  }
`);

const AddNote = graphql(`
  mutation AddCoachNote($input: AddCoachNoteInput!) {
    addCoachNote(input: $input) {
      id
    }
  }
`);

export function CoachMemberPage({ id }: { id: string }) {
  const { query } = useLocation();
  const note = query.get('note');
  const { data, loading } = useQuery(MemberQuery, { variables: { id } });
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState('PRIVATE');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [add, { loading: adding }] = useMutation(AddNote, {
    update: (cache) => {
      cache.evict({ fieldName: 'coachNotesConnection' });
      cache.gc();
    },
  });
  if (loading && !data) return <Loading />;
  const p = data?.memberProgress;
  if (!p) return <Page title="This member could not be found" back={{ href: '/caseload' }} />;
  return (
    <Page title={p.member.displayName} back={{ href: '/caseload', label: 'Back to my members' }} error={Object.keys(problems.fields).length > 0}>
      {p.member.headline && <p className="lead">{p.member.headline}</p>}
      {p.stalled && (
        <p>
          <Tag colour="red">Needs a nudge</Tag> Nothing has happened for a while.
        </p>
      )}
      <h2>Progress</h2>
      <SummaryList
        rows={[
          ['Work they want', p.goals.length ? p.goals.map((g) => `${g.work}${g.location ? ` in ${g.location}` : ''}`).join('; ') : 'Not set yet'],
          ['People doing that work within reach', String(p.reachToGoalWork)],
          ['People they know', `${p.networkSize} (${p.networkGrowth30d} new in the last 30 days)`],
          ['Introductions', `${p.introsRequested} asked for, ${p.introsMade} made`],
          ['Meetings', String(p.meetings)],
          ['What came of them', p.outcomes.length ? p.outcomes.map(outcomeWords).join('; ') : 'Nothing recorded yet'],
          ['Last active', dateWords(p.lastActivityAt)],
        ]}
      />
      {p.sharedDeclineNotes && p.sharedDeclineNotes.length > 0 && (
        <>
          <h2>Notes from people who said no</h2>
          <p className="hint">The member does not see these.</p>
          <ul>
            {p.sharedDeclineNotes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}
      <h2>Notes</h2>
      {note === 'changed' && <Notice title="Your note is changed" success />}
      {note === 'deleted' && <Notice title="Your note is deleted" success />}
      <NotesList memberId={id} after={query.get('notes')} />
      <h3>Add a note</h3>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!body.trim()) return setProblems({ fields: { body: 'Enter your note' }, general: [] });
          try {
            await add({ variables: { input: { memberId: id, body: body.trim(), visibility: visibility as NoteVisibility } } });
            setBody('');
            setProblems(noProblems);
          } catch (error) {
            setProblems(problemsFrom(error, { body: 'Your note', visibility: 'Who can see it' }));
          }
        }}
      >
        <TextArea
          id="body"
          label="Your note"
          hint="What happened, what you agreed, what to try next"
          value={body}
          onChange={setBody}
          error={problems.fields['body']}
        />
        <Radios
          id="visibility"
          legend="Who can see it?"
          value={visibility}
          onChange={setVisibility}
          options={[
            ['PRIVATE', 'Only me'],
            ['SHARED_WITH_MEMBER', `Me and ${p.member.displayName}`],
          ]}
        />
        <Button busy={adding}>Save note</Button>
      </form>
    </Page>
  );
}
