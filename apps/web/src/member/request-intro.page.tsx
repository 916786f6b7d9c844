import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { graphql } from '../gql';
import { Link, navigate, useLocation } from '../router';
import { Button, ErrorSummary, TextArea } from '../ui/form';
import { Notice, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';

const RequestIntro = graphql(`
  mutation RequestIntro($input: RequestIntroductionInput!) {
    requestIntroduction(input: $input) {
      id
      status
    }
  }
`);

/** The API's refusals this page answers in its own words: the member knows the person already, or asked for them before. */
function refusalOf(error: unknown): { contactId: string; text: string } | { repeat: string } | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const e = error.errors[0];
  const field = e?.extensions?.['field'];
  const text = (e?.message ?? '').replace(/^input\.\w+: /, '');
  const contactId = e?.extensions?.['contactId'];
  if (typeof contactId === 'string') return { contactId, text: capitalise(text) };
  if (field === 'input.confirmRepeat') return { repeat: capitalise(text.replace(/\. To ask again.*$/, '.')) };
  return null;
}

const capitalise = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

export function RequestIntroPage() {
  const { query } = useLocation();
  const pathId = query.get('path') ?? '';
  const to = query.get('to') || 'this person';
  const [message, setMessage] = useState('');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [known, setKnown] = useState<{ contactId: string; text: string } | null>(null);
  const [repeat, setRepeat] = useState<string | null>(null);
  // One key per visit to this page: pressing the button twice asks once.
  const clientMutationId = useMemo(() => crypto.randomUUID(), []);
  const [ask, { loading }] = useMutation(RequestIntro);
  const send = async (confirmRepeat: boolean) => {
    if (!message.trim()) return setProblems({ fields: { message: 'Enter a message saying what you would like' }, general: [] });
    try {
      const { data } = await ask({ variables: { input: { pathId, message: message.trim(), clientMutationId, confirmRepeat } } });
      navigate(`/introductions/${encodeURIComponent(data!.requestIntroduction.id)}?sent=1`);
    } catch (error) {
      const refusal = refusalOf(error);
      setProblems(refusal ? noProblems : problemsFrom(error, { message: 'Your message', pathId: 'The introduction' }));
      setKnown(refusal && 'contactId' in refusal ? refusal : null);
      setRepeat(refusal && 'repeat' in refusal ? refusal.repeat : null);
    }
  };
  if (known)
    return (
      <Page title="You already know them" caption={`To ${to}`} back={{ href: '/find', label: 'Back to people' }}>
        <p>{known.text}</p>
        <p>
          <Link href={`/network/${encodeURIComponent(known.contactId)}`}>See how you can reach them</Link>
        </p>
      </Page>
    );
  return (
    <Page
      title="Ask for an introduction"
      caption={`To ${to}`}
      back={{ href: '/find', label: 'Back to people' }}
      error={Object.keys(problems.fields).length > 0}
    >
      <ErrorSummary problems={problems} />
      {repeat && (
        <Notice title="You have asked for them before">
          <p>{repeat}</p>
          <Button type="button" variant="secondary" busy={loading} onClick={() => void send(true)}>
            Ask again
          </Button>
        </Notice>
      )}
      <p>Each person on the way is asked in turn. Nobody's details are passed on until they agree.</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send(false);
        }}
      >
        <TextArea
          id="message"
          label="Your message"
          hint="Say who you are and what you would like, for example 20 minutes of advice about the job"
          value={message}
          onChange={setMessage}
          error={problems.fields['message']}
        />
        <Button busy={loading}>Send the request</Button>
      </form>
    </Page>
  );
}
