import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { MeQuery } from '../app';
import { graphql } from '../gql';
import { Link, navigate } from '../router';
import { Button, ErrorSummary, TextInput } from '../ui/form';
import { Loading, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { timeWords } from '../ui/words';

const EventsQuery = graphql(`
  query Events {
    events(first: 50) {
      totalCount
      edges {
        node {
          id
          title
          theme
          location
          startsAt
          attendeeCount
        }
      }
    }
  }
`);

const CreateEvent = graphql(`
  mutation CreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);

export function EventsPage() {
  const { data, loading } = useQuery(EventsQuery);
  const me = useQuery(MeQuery);
  const organiser = me.data?.me.roles.some((r) => r !== 'MEMBER') ?? false;
  if (loading && !data) return <Loading />;
  const events = data?.events.edges.map((e) => e.node) ?? [];
  return (
    <Page title="Events">
      {organiser && (
        <Link className="button" href="/events/new">
          Add an event
        </Link>
      )}
      {events.length === 0 ? (
        <p>No events coming up.</p>
      ) : (
        <ul className="cards">
          {events.map((e) => (
            <li className="card" key={e.id}>
              <h3>
                <Link href={`/events/${encodeURIComponent(e.id)}`}>{e.title}</Link>
              </h3>
              <p>
                {timeWords(e.startsAt)}
                {e.location ? `, ${e.location}` : ''}
              </p>
              {e.theme && <p className="hint">{e.theme}</p>}
              <p className="hint">
                {e.attendeeCount} {e.attendeeCount === 1 ? 'person' : 'people'} went
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

const LABELS = { title: 'Name of the event', startsAt: 'Date', time: 'Time', location: 'Where', theme: 'What it is about' };

export function NewEventPage() {
  const [v, setV] = useState<Record<string, string>>({ time: '18:00' });
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [create, { loading }] = useMutation(CreateEvent, { refetchQueries: [EventsQuery] });
  const set = (k: string) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  return (
    <Page title="Add an event" back={{ href: '/events' }} error={Object.keys(problems.fields).length > 0}>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const fields: Record<string, string> = {};
          if (!v['title']?.trim()) fields['title'] = 'Enter the name of the event';
          if (!v['startsAt']) fields['startsAt'] = 'Enter the date of the event';
          if (Object.keys(fields).length) return setProblems({ fields, general: [] });
          try {
            const startsAt = new Date(`${v['startsAt']}T${v['time'] || '18:00'}:00`).toISOString();
            await create({
              variables: { input: { title: v['title'].trim(), startsAt, location: v['location']?.trim() || null, theme: v['theme']?.trim() || null } },
            });
            navigate('/events');
          } catch (error) {
            setProblems(problemsFrom(error, LABELS));
          }
        }}
      >
        <TextInput id="title" label={LABELS.title} value={v['title'] ?? ''} onChange={set('title')} error={problems.fields['title']} />
        <TextInput
          id="startsAt"
          type="date"
          short
          label={LABELS.startsAt}
          value={v['startsAt'] ?? ''}
          onChange={set('startsAt')}
          error={problems.fields['startsAt']}
        />
        <TextInput id="time" type="time" short label={LABELS.time} value={v['time'] ?? ''} onChange={set('time')} />
        <TextInput
          id="location"
          label={`${LABELS.location} (optional)`}
          value={v['location'] ?? ''}
          onChange={set('location')}
          error={problems.fields['location']}
        />
        <TextInput
          id="theme"
          label={`${LABELS.theme} (optional)`}
          hint="For example, health and care careers"
          value={v['theme'] ?? ''}
          onChange={set('theme')}
          error={problems.fields['theme']}
        />
        <Button busy={loading}>Add the event</Button>
      </form>
    </Page>
  );
}
