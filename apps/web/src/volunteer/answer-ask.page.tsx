import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { navigate } from '../router';
import { Button, Checkbox, ErrorSummary, Radios, TextArea } from '../ui/form';
import { Loading, Page, SummaryList } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { InboxQuery } from './inbox.page';

const AskQuery = graphql(`
  query Ask($id: ID!) {
    introductionRequest(id: $id) {
      ...IntroFields
      answerOnBehalfOf {
        id
        displayName
      }
    }
  }
`);

const Respond = graphql(`
  mutation RespondToAsk($input: RespondToIntroductionInput!) {
    respondToIntroduction(input: $input) {
      id
      status
      awaitingMyAnswer
    }
  }
`);

export function AnswerAskPage({ id }: { id: string }) {
  const { data, loading } = useQuery(AskQuery, { variables: { id } });
  const [answer, setAnswer] = useState('');
  const [note, setNote] = useState('');
  const [share, setShare] = useState(false);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [respond, { loading: sending }] = useMutation(Respond, { refetchQueries: [InboxQuery] });
  if (loading && !data) return <Loading />;
  const r = data?.introductionRequest;
  if (!r) return <Page title="This ask could not be found" back={{ href: '/asks' }} />;
  if (!r.awaitingMyAnswer)
    return (
      <Page title="You have answered this ask" back={{ href: '/asks', label: 'Back to asks for me' }}>
        <p>Thank you. Nothing more is needed from you.</p>
      </Page>
    );
  const relay = r.answerOnBehalfOf;
  const target = r.steps[r.steps.length - 1]?.label;
  return (
    <Page
      title={relay ? `Will ${relay.displayName} help ${r.requester.displayName}?` : `Will you help ${r.requester.displayName}?`}
      back={{ href: '/asks', label: 'Back to asks for me' }}
      error={Object.keys(problems.fields).length > 0}
    >
      <ErrorSummary problems={problems} />
      {relay && <p>{relay.displayName} does not use Backr. Ask them, then give their answer here.</p>}
      <SummaryList rows={[['Their message', r.message], ...(target ? ([['They hope to reach', target]] as [string, string][]) : [])]} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!answer) return setProblems({ fields: { accept: 'Select yes or no' }, general: [] });
          try {
            await respond({
              variables: {
                input: {
                  requestId: r.id,
                  accept: answer === 'yes',
                  note: note.trim() || null,
                  shareNoteWithCoach: answer === 'no' && share,
                  onBehalfOfPersonId: relay?.id ?? null,
                },
              },
            });
            navigate('/asks');
          } catch (error) {
            setProblems(problemsFrom(error, { note: 'Your note', accept: 'Your answer' }));
          }
        }}
      >
        <Radios
          id="accept"
          legend={relay ? `Did ${relay.displayName} agree?` : 'Will you pass this on?'}
          value={answer}
          onChange={setAnswer}
          options={[
            ['yes', 'Yes'],
            ['no', 'No'],
          ]}
          error={problems.fields['accept']}
        />
        <TextArea
          id="note"
          label="A note (optional)"
          hint="If you say no, the person who asked is not told who said no and does not see this note."
          value={note}
          onChange={setNote}
          rows={3}
          error={problems.fields['note']}
        />
        {answer === 'no' && <Checkbox id="share" label="Their coach may see my note" checked={share} onChange={setShare} />}
        <Button busy={sending}>Send my answer</Button>
      </form>
    </Page>
  );
}
