import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { IntroOutcome } from '../gql/graphql';
import { Link, useLocation } from '../router';
import { Button, ErrorSummary, Radios, TextArea } from '../ui/form';
import { Loading, Notice, Page, SummaryList } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { OUTCOMES, outcomeWords, STATUS_WORDS, timeWords } from '../ui/words';
import { AddIntroduced } from './add-introduced';
import { IntroUpdated, StatusTag } from './introductions.page';

const IntroductionQuery = graphql(`
  query Introduction($id: ID!) {
    introductionRequest(id: $id) {
      ...IntroFields
      history {
        at
        status
        actorLabel
        note
      }
      nextPath {
        id
        explanation
        steps {
          label
        }
      }
      introducedContact {
        email
        phone
        linkedinUrl
        person {
          id
          displayName
        }
      }
    }
  }
`);

const RecordOutcome = graphql(`
  mutation RecordOutcome($input: RecordIntroOutcomeInput!) {
    recordIntroOutcome(input: $input) {
      id
      status
      outcome
    }
  }
`);

const Withdraw = graphql(`
  mutation WithdrawIntro($requestId: ID!) {
    withdrawIntroduction(requestId: $requestId) {
      id
      status
    }
  }
`);

export function IntroductionPage({ id }: { id: string }) {
  const { query } = useLocation();
  const { data, loading, refetch } = useQuery(IntroductionQuery, { variables: { id } });
  useSubscription(IntroUpdated, { variables: { requestId: id }, onData: () => void refetch() });
  const [withdraw, { loading: withdrawing }] = useMutation(Withdraw);
  if (loading && !data) return <Loading />;
  const r = data?.introductionRequest;
  if (!r) return <Page title="This introduction could not be found" back={{ href: '/introductions' }} />;
  const target = r.steps[r.steps.length - 1]?.label ?? 'someone';
  const open = ['REQUESTED', 'ASKING', 'TARGET_ASKED'].includes(r.status);
  return (
    <Page title={`Introduction to ${target}`} back={{ href: '/introductions', label: 'Back to my introductions' }}>
      {query.get('sent') && (
        <Notice title="Request sent" success>
          <p>We will ask each person in turn and tell you how it goes.</p>
        </Notice>
      )}
      <p aria-live="polite">
        <StatusTag status={r.status} />
      </p>
      <SummaryList
        rows={[
          ['Your message', r.message],
          ['Asked on', timeWords(r.createdAt)],
          ...(r.expiresAt && open ? ([['Waiting for an answer until', timeWords(r.expiresAt)]] as [string, string][]) : []),
          ...(r.outcome ? ([['How it went', outcomeWords(r.outcome)]] as [string, string][]) : []),
        ]}
      />
      {r.introducedContact && (
        <>
          <h2>Contact details</h2>
          <p>{r.introducedContact.person.displayName} agreed to be introduced. Get in touch with them:</p>
          <SummaryList
            rows={[
              ['Name', r.introducedContact.person.displayName],
              ['Email', r.introducedContact.email ?? 'not given'],
              ['Phone', r.introducedContact.phone ?? 'not given'],
              ...(r.introducedContact.linkedinUrl ? ([['LinkedIn profile', r.introducedContact.linkedinUrl]] as [string, string][]) : []),
            ]}
          />
          <AddIntroduced requestId={r.id} contact={r.introducedContact} />
        </>
      )}
      {r.nextPath && (r.status === 'DECLINED' || r.status === 'EXPIRED') && (
        <>
          <h2>Another way to reach them</h2>
          <p>This path closed. {r.nextPath.explanation}</p>
          <p>Nobody is asked until you send a new request.</p>
          <Link
            className="button button--secondary"
            href={`/find/ask?path=${encodeURIComponent(r.nextPath.id)}&to=${encodeURIComponent(r.nextPath.steps[r.nextPath.steps.length - 1]?.label ?? target)}`}
          >
            Ask this way instead
          </Link>
        </>
      )}
      {(r.status === 'INTRODUCED' || r.status === 'MET') && !r.outcome && <OutcomeForm requestId={r.id} />}
      <h2>What has happened</h2>
      <ol>
        {r.history.map((h, i) => (
          <li key={i}>
            {timeWords(h.at)}: {STATUS_WORDS[h.status]?.[0] ?? h.status} ({h.actorLabel}){h.note ? `: ${h.note}` : ''}
          </li>
        ))}
      </ol>
      {open && (
        <Button type="button" variant="secondary" busy={withdrawing} onClick={() => void withdraw({ variables: { requestId: r.id } })}>
          Withdraw this request
        </Button>
      )}
      <p>
        <Link href="/find">Find more people</Link>
      </p>
    </Page>
  );
}

function OutcomeForm({ requestId }: { requestId: string }) {
  const [met, setMet] = useState('');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [record, { loading }] = useMutation(RecordOutcome);
  return (
    <>
      <h2>How did it go?</h2>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!met) return setProblems({ fields: { met: 'Select yes if you met or spoke to them' }, general: [] });
          try {
            await record({
              variables: { input: { requestId, met: met === 'yes', outcome: (outcome || null) as IntroOutcome | null, note: note.trim() || null } },
            });
          } catch (error) {
            setProblems(problemsFrom(error, { met: 'Whether you met', outcome: 'What came of it', note: 'Your note' }));
          }
        }}
      >
        <Radios
          id="met"
          legend="Did you meet or speak to them?"
          value={met}
          onChange={setMet}
          options={[
            ['yes', 'Yes'],
            ['no', 'No'],
          ]}
          error={problems.fields['met']}
        />
        <Radios id="outcome" legend="What came of it? (optional)" value={outcome} onChange={setOutcome} options={OUTCOMES} error={problems.fields['outcome']} />
        <TextArea id="note" label="Anything else (optional)" value={note} onChange={setNote} rows={3} error={problems.fields['note']} />
        <Button busy={loading}>Save how it went</Button>
      </form>
    </>
  );
}
