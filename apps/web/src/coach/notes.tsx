import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { MeQuery } from '../app';
import { graphql } from '../gql';
import type { NoteVisibility } from '../gql/graphql';
import { Link, navigate } from '../router';
import { Button, ErrorSummary, Radios, TextArea } from '../ui/form';
import { Loading, Page } from '../ui/page';
import { hasProblems, noProblems, problemsFrom, type Problems } from '../ui/problems';
import { timeWords } from '../ui/words';

export const NotesQuery = graphql(`
  query CoachNotesPage($memberId: ID!, $after: String) {
    coachNotesConnection(memberId: $memberId, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          body
          createdAt
          updatedAt
          visibility
          author {
            id
            displayName
          }
        }
      }
    }
  }
`);

const NoteQuery = graphql(`
  query CoachNote($id: ID!) {
    node(id: $id) {
      __typename
      ... on CoachNote {
        id
        body
        visibility
        author {
          id
        }
        member {
          id
          displayName
        }
      }
    }
  }
`);

const UpdateNote = graphql(`
  mutation UpdateCoachNote($input: UpdateCoachNoteInput!) {
    updateCoachNote(input: $input) {
      id
      body
      visibility
      updatedAt
    }
  }
`);

const DeleteNote = graphql(`
  mutation DeleteCoachNote($noteId: ID!) {
    deleteCoachNote(noteId: $noteId)
  }
`);

const evictNotes = {
  update: (cache: { evict: (o: { fieldName: string }) => boolean; gc: () => string[] }) => {
    cache.evict({ fieldName: 'coachNotesConnection' });
    cache.gc();
  },
};

/** A member's notes, newest first, ten to a page; the viewer's own notes can be changed or deleted. */
export function NotesList({ memberId, after }: { memberId: string; after: string | null }) {
  const { data, loading } = useQuery(NotesQuery, { variables: { memberId, after }, fetchPolicy: 'cache-and-network' });
  const me = useQuery(MeQuery);
  if (loading && !data) return <Loading what="notes" />;
  const conn = data?.coachNotesConnection;
  if (!conn) return <p>We could not load the notes. Try again later.</p>;
  const myId = me.data?.me.person.id;
  const base = `/caseload/${encodeURIComponent(memberId)}`;
  return (
    <>
      <p role="status">{conn.totalCount === 0 ? 'No notes yet.' : `${conn.totalCount} ${conn.totalCount === 1 ? 'note' : 'notes'}, newest first.`}</p>
      <ul className="cards">
        {conn.edges.map(({ node: n }) => (
          <li className="card" key={n.id}>
            <p>{n.body}</p>
            <p className="hint">
              {n.author.displayName}, {timeWords(n.createdAt)}
              {n.updatedAt ? ` (changed ${timeWords(n.updatedAt)})` : ''} · {n.visibility === 'PRIVATE' ? 'only you can see this' : 'shared with the member'}
            </p>
            {n.author.id === myId && (
              <p>
                <Link href={`${base}/notes/${encodeURIComponent(n.id)}`}>
                  Change<span className="visually-hidden"> the note from {timeWords(n.createdAt)}</span>
                </Link>
                {' · '}
                <Link href={`${base}/notes/${encodeURIComponent(n.id)}/delete`}>
                  Delete<span className="visually-hidden"> the note from {timeWords(n.createdAt)}</span>
                </Link>
              </p>
            )}
          </li>
        ))}
      </ul>
      <nav className="pagination" aria-label="More notes">
        {after && <Link href={base}>Newest notes</Link>}
        {conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && <Link href={`${base}?notes=${encodeURIComponent(conn.pageInfo.endCursor)}`}>Older notes</Link>}
      </nav>
    </>
  );
}

function useNote(id: string) {
  const { data, loading } = useQuery(NoteQuery, { variables: { id } });
  const note = data?.node?.__typename === 'CoachNote' ? data.node : null;
  return { note, loading: loading && !data };
}

export function EditNotePage({ memberId, noteId }: { memberId: string; noteId: string }) {
  const { note, loading } = useNote(noteId);
  const [body, setBody] = useState<string | null>(null);
  const [visibility, setVisibility] = useState('PRIVATE');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [update, { loading: saving }] = useMutation(UpdateNote, evictNotes);
  useEffect(() => {
    if (note && body === null) {
      setBody(note.body);
      setVisibility(note.visibility);
    }
  }, [note, body]);
  const back = `/caseload/${encodeURIComponent(memberId)}`;
  if (loading || (note && body === null)) return <Loading />;
  if (!note) return <Page title="This note could not be found" back={{ href: back }} />;
  return (
    <Page title="Change your note" caption={note.member.displayName} back={{ href: back }} error={hasProblems(problems)}>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!body?.trim()) return setProblems({ fields: { body: 'Enter your note' }, general: [] });
          try {
            await update({ variables: { input: { noteId, body: body.trim(), visibility: visibility as NoteVisibility } } });
            navigate(`${back}?note=changed`);
          } catch (error) {
            setProblems(problemsFrom(error, { body: 'Your note', visibility: 'Who can see it' }));
          }
        }}
      >
        <TextArea id="body" label="Your note" value={body ?? ''} onChange={setBody} error={problems.fields['body']} />
        <Radios
          id="visibility"
          legend="Who can see it?"
          value={visibility}
          onChange={setVisibility}
          options={[
            ['PRIVATE', 'Only me'],
            ['SHARED_WITH_MEMBER', `Me and ${note.member.displayName}`],
          ]}
          error={problems.fields['visibility']}
        />
        <Button busy={saving}>Save changes</Button>
      </form>
    </Page>
  );
}

export function DeleteNotePage({ memberId, noteId }: { memberId: string; noteId: string }) {
  const { note, loading } = useNote(noteId);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [remove, { loading: deleting }] = useMutation(DeleteNote, evictNotes);
  const back = `/caseload/${encodeURIComponent(memberId)}`;
  if (loading) return <Loading />;
  if (!note) return <Page title="This note could not be found" back={{ href: back }} />;
  return (
    <Page title="Delete this note?" caption={note.member.displayName} back={{ href: back }}>
      <ErrorSummary problems={problems} />
      <div className="inset">{note.body}</div>
      <p>You cannot get it back once it is deleted.</p>
      <div className="button-group">
        <Button
          type="button"
          variant="warning"
          busy={deleting}
          onClick={async () => {
            try {
              await remove({ variables: { noteId } });
              navigate(`${back}?note=deleted`);
            } catch (error) {
              setProblems(problemsFrom(error));
            }
          }}
        >
          Delete the note
        </Button>
        <Link href={back}>Keep it</Link>
      </div>
    </Page>
  );
}
