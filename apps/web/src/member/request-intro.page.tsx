import { useMutation } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { graphql } from '../gql';
import { navigate, useLocation } from '../router';
import { Button, ErrorSummary, TextArea } from '../ui/form';
import { Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';

const RequestIntro = graphql(`
  mutation RequestIntro($input: RequestIntroductionInput!) {
    requestIntroduction(input: $input) {
      id
      status
    }
  }
`);

export function RequestIntroPage() {
  const { query } = useLocation();
  const pathId = query.get('path') ?? '';
  const to = query.get('to') || 'this person';
  const [message, setMessage] = useState('');
  const [problems, setProblems] = useState<Problems>(noProblems);
  // One key per visit to this page: pressing the button twice asks once.
  const clientMutationId = useMemo(() => crypto.randomUUID(), []);
  const [ask, { loading }] = useMutation(RequestIntro);
  return (
    <Page title="Ask for an introduction" caption={`To ${to}`} back={{ href: '/find', label: 'Back to people' }} error={Object.keys(problems.fields).length > 0}>
      <ErrorSummary problems={problems} />
      <p>Each person on the way is asked in turn. Nobody's details are passed on until they agree.</p>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!message.trim()) return setProblems({ fields: { message: 'Enter a message saying what you would like' }, general: [] });
          try {
            const { data } = await ask({ variables: { input: { pathId, message: message.trim(), clientMutationId } } });
            navigate(`/introductions/${encodeURIComponent(data!.requestIntroduction.id)}?sent=1`);
          } catch (error) {
            setProblems(problemsFrom(error, { message: 'Your message', pathId: 'The introduction' }));
          }
        }}
      >
        <TextArea id="message" label="Your message" hint="Say who you are and what you would like, for example 20 minutes of advice about the job" value={message} onChange={setMessage} error={problems.fields['message']} />
        <Button busy={loading}>Send the request</Button>
      </form>
    </Page>
  );
}
