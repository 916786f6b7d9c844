import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { MeQuery } from '../app';
import { graphql } from '../gql';
import { Link, navigate, useLocation } from '../router';
import { Button, Checkbox, ErrorSummary, Radios, TextInput } from '../ui/form';
import { Loading, Notice, Page } from '../ui/page';
import { hasProblems, noProblems, problemsFrom, type Problems } from '../ui/problems';
import { timeWords } from '../ui/words';

const EventQuery = graphql(`
  query EventPage($id: ID!) {
    node(id: $id) {
      __typename
      ... on Event {
        id
        title
        theme
        location
        startsAt
        attendeeCount
        myAttendance {
          listed
          shownAs
        }
        attendees(first: 100) {
          totalCount
          edges {
            node {
              personId
              displayName
              isViewer
            }
          }
        }
      }
    }
  }
`);

const RecordAttendance = graphql(`
  mutation RecordAttendance($eventId: ID!, $listed: Boolean, $shownAs: String) {
    recordAttendance(eventId: $eventId, listed: $listed, shownAs: $shownAs) {
      id
      attendeeCount
      myAttendance {
        listed
        shownAs
      }
    }
  }
`);

const SetListing = graphql(`
  mutation SetAttendanceListing($input: AttendanceListingInput!) {
    setAttendanceListing(input: $input) {
      id
      myAttendance {
        listed
        shownAs
      }
    }
  }
`);

const MetAtEvent = graphql(`
  mutation MetAtEvent($input: MetAtEventInput!) {
    metAtEvent(input: $input) {
      person {
        id
      }
    }
  }
`);

const Invite = graphql(`
  mutation InviteToCaseload($memberId: ID!) {
    inviteToCaseload(memberId: $memberId) {
      id
      status
    }
  }
`);

function useEvent(id: string) {
  const { data, loading } = useQuery(EventQuery, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const event = data?.node?.__typename === 'Event' ? data.node : null;
  return { event, loading: loading && !data };
}

/** One event: when and where, the viewer's attendance, and (for people who went) who else went. */
export function EventPage({ id }: { id: string }) {
  const { query } = useLocation();
  const { event, loading } = useEvent(id);
  const me = useQuery(MeQuery);
  const isCoach = me.data?.me.roles.includes('COACH') ?? false;
  const [met, setMet] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(query.get('saved') ? 'Your answer is saved' : null);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [addMet, { loading: adding }] = useMutation(MetAtEvent, {
    update: (cache) => {
      cache.evict({ fieldName: 'network' });
      cache.gc();
    },
  });
  const [invite] = useMutation(Invite);
  if (loading) return <Loading />;
  if (!event) return <Page title="This event could not be found" back={{ href: '/events' }} />;
  const started = new Date(event.startsAt).getTime() <= Date.now();
  const others = event.attendees?.edges.map((e) => e.node).filter((a) => !a.isViewer) ?? [];
  const base = `/events/${encodeURIComponent(id)}`;
  return (
    <Page title={event.title} back={{ href: '/events', label: 'Back to events' }} error={hasProblems(problems)}>
      {notice && <Notice title={notice} success />}
      <ErrorSummary problems={problems} />
      <p className="lead">
        {timeWords(event.startsAt)}
        {event.location ? `, ${event.location}` : ''}
      </p>
      {event.theme && <p>{event.theme}</p>}
      <p>
        {event.attendeeCount} {event.attendeeCount === 1 ? 'person says they were' : 'people say they were'} there.
      </p>
      <h2>Were you there?</h2>
      {!event.myAttendance ? (
        started ? (
          <Link className="button" href={`${base}/attend`}>
            Say you were there
          </Link>
        ) : (
          <p>You can say you were there once it has started.</p>
        )
      ) : (
        <>
          <p>
            You were there.{' '}
            {event.myAttendance.listed
              ? `Others who went see you as ${event.myAttendance.shownAs ?? 'your first name'}.`
              : 'You are not on the list others who went can see.'}
          </p>
          <p>
            <Link href={`${base}/listing`}>Change how others who went see you</Link>
          </p>
        </>
      )}
      {event.attendees && (
        <>
          <h2>Who went</h2>
          {others.length === 0 ? (
            <p>Nobody else who went is on the list yet.</p>
          ) : (
            <form
              noValidate
              onSubmit={async (e) => {
                e.preventDefault();
                setNotice(null);
                if (!met.length) return setProblems({ fields: { [`met-${others[0].personId}`]: 'Select the people you met' }, general: [] });
                try {
                  await addMet({ variables: { input: { eventId: id, personIds: met } } });
                  setProblems(noProblems);
                  setNotice(`${met.length === 1 ? 'They are' : 'They are all'} in your network`);
                  setMet([]);
                } catch (error) {
                  setProblems(problemsFrom(error));
                }
              }}
            >
              <fieldset className="form-group">
                <legend>Who did you meet?</legend>
                <p className="hint">They go into your network as people you met at an event. Only people who chose to be on the list are here.</p>
                {others.map((a) => (
                  <div key={a.personId}>
                    <Checkbox
                      id={`met-${a.personId}`}
                      label={a.displayName}
                      checked={met.includes(a.personId)}
                      onChange={(on) => setMet((m) => (on ? [...m, a.personId] : m.filter((x) => x !== a.personId)))}
                    />
                    {isCoach && (
                      <p>
                        <button
                          type="button"
                          className="link-button"
                          onClick={async () => {
                            try {
                              await invite({ variables: { memberId: a.personId } });
                              setProblems(noProblems);
                              setNotice(`${a.displayName} is invited to be one of your members. They will be on your list once they say yes.`);
                            } catch (error) {
                              setProblems(problemsFrom(error));
                            }
                          }}
                        >
                          Invite {a.displayName} to be one of my members
                        </button>
                      </p>
                    )}
                  </div>
                ))}
              </fieldset>
              <Button busy={adding}>Add the people I met to my network</Button>
            </form>
          )}
        </>
      )}
      <p>
        <Link href="/events">All events</Link>
      </p>
    </Page>
  );
}

/** Record attendance (first time) or change the listing: one question, with the name shown when listed. */
export function AttendancePage({ id, change }: { id: string; change?: boolean }) {
  const { event, loading } = useEvent(id);
  const [listed, setListed] = useState('');
  const [shownAs, setShownAs] = useState('');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [record, { loading: recording }] = useMutation(RecordAttendance);
  const [setListing, { loading: setting }] = useMutation(SetListing);
  useEffect(() => {
    if (event?.myAttendance && !listed) {
      setListed(event.myAttendance.listed ? 'yes' : 'no');
      setShownAs(event.myAttendance.shownAs ?? '');
    }
  }, [event, listed]);
  if (loading) return <Loading />;
  if (!event) return <Page title="This event could not be found" back={{ href: '/events' }} />;
  const base = `/events/${encodeURIComponent(id)}`;
  const title = change ? 'How others who went see you' : `Were you at ${event.title}?`;
  return (
    <Page title={title} back={{ href: base }} error={hasProblems(problems)}>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!listed) return setProblems({ fields: { listed: 'Select whether others who went can see you were there' }, general: [] });
          const name = listed === 'yes' ? shownAs.trim() || null : null;
          try {
            if (change) await setListing({ variables: { input: { eventId: id, listed: listed === 'yes', shownAs: name } } });
            else await record({ variables: { eventId: id, listed: listed === 'yes', shownAs: name } });
            navigate(`${base}?saved=1`);
          } catch (error) {
            setProblems(problemsFrom(error, { shownAs: 'The name others see', listed: 'Whether you are on the list', eventId: 'The event' }));
          }
        }}
      >
        <Radios
          id="listed"
          legend="Can others who went see you were there?"
          hint="Only people who say they were there see the list. It helps you find each other afterwards."
          value={listed}
          onChange={setListed}
          options={[
            ['yes', 'Yes, put me on the list'],
            ['no', 'No, keep me off the list'],
          ]}
          error={problems.fields['listed']}
        />
        {listed === 'yes' && (
          <TextInput
            id="shownAs"
            label="The name others see (optional)"
            hint="If you leave this empty, they see your first name."
            value={shownAs}
            onChange={setShownAs}
            error={problems.fields['shownAs']}
          />
        )}
        <Button busy={recording || setting}>{change ? 'Save' : 'I was there'}</Button>
      </form>
    </Page>
  );
}
