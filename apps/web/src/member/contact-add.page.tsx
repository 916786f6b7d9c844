import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { RelationshipContext } from '../gql/graphql';
import { navigate } from '../router';
import { Button, ErrorSummary, Radios, Select, TextInput } from '../ui/form';
import { Page } from '../ui/page';
import { noProblems, problemsFrom, required, type Problems } from '../ui/problems';
import { CONTEXTS, STRENGTHS } from '../ui/words';

const AddContact = graphql(`
  mutation AddContact($input: ContactInput!) {
    addContact(input: $input) {
      context
      strength
      person {
        id
        displayName
      }
    }
  }
`);

const LABELS: Record<string, string> = {
  displayName: 'Their name',
  context: 'How you know them',
  strength: 'How well you know them',
  email: 'Email address',
  phone: 'Phone number',
  linkedinUrl: 'LinkedIn profile address',
  title: 'Their job',
  organisation: 'Where they work',
  howWeMet: 'How you met',
};

export function ContactAddPage() {
  const [v, setV] = useState<Record<string, string>>({ context: 'FRIEND', strength: '0.5' });
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [add, { loading }] = useMutation(AddContact, {
    update: (cache) => {
      cache.evict({ fieldName: 'network' });
      cache.gc();
    },
  });
  const set = (k: string) => (value: string) => setV((old) => ({ ...old, [k]: value }));
  const submit = async () => {
    const missing = required(v, LABELS, ['displayName']);
    if (Object.keys(missing.fields).length) return setProblems(missing);
    try {
      const opt = (k: string) => (v[k]?.trim() ? v[k].trim() : undefined);
      const { data } = await add({
        variables: {
          input: {
            displayName: v['displayName'].trim(),
            context: v['context'] as RelationshipContext,
            strength: Number(v['strength']),
            email: opt('email'),
            phone: opt('phone'),
            linkedinUrl: opt('linkedinUrl'),
            howWeMet: opt('howWeMet'),
            roles: opt('title') ? [{ title: v['title'].trim(), organisation: opt('organisation') }] : undefined,
          },
        },
      });
      navigate(`/network?added=${encodeURIComponent(data?.addContact.person.displayName ?? '')}`);
    } catch (error) {
      setProblems(problemsFrom(error, { ...LABELS, 'roles[0].title': LABELS['title'], 'roles[0].organisation': LABELS['organisation'] }));
    }
  };
  return (
    <Page title="Add someone you know" back={{ href: '/network', label: 'Back to my network' }} error={Object.keys(problems.fields).length > 0}>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextInput
          id="displayName"
          label={LABELS['displayName']}
          hint="The name you know them by"
          value={v['displayName'] ?? ''}
          onChange={set('displayName')}
          error={problems.fields['displayName']}
        />
        <Select id="context" label={LABELS['context']} value={v['context']} onChange={set('context')} options={CONTEXTS} error={problems.fields['context']} />
        <Radios
          id="strength"
          legend={LABELS['strength']}
          value={v['strength']}
          onChange={set('strength')}
          options={STRENGTHS}
          error={problems.fields['strength']}
        />
        <TextInput
          id="title"
          label={`${LABELS['title']} (optional)`}
          hint="For example, paramedic or care assistant"
          value={v['title'] ?? ''}
          onChange={set('title')}
          error={problems.fields['title'] ?? problems.fields['roles[0].title']}
        />
        <TextInput
          id="organisation"
          label={`${LABELS['organisation']} (optional)`}
          value={v['organisation'] ?? ''}
          onChange={set('organisation')}
          error={problems.fields['organisation']}
        />
        <h2>Ways to find them (optional)</h2>
        <p className="hint">These help Backr know when someone else knows the same person. Only you see what you type here.</p>
        <TextInput
          id="email"
          label={LABELS['email']}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={v['email'] ?? ''}
          onChange={set('email')}
          error={problems.fields['email']}
        />
        <TextInput
          id="phone"
          label={LABELS['phone']}
          type="tel"
          autoComplete="off"
          value={v['phone'] ?? ''}
          onChange={set('phone')}
          error={problems.fields['phone']}
        />
        <TextInput
          id="linkedinUrl"
          label={LABELS['linkedinUrl']}
          autoComplete="off"
          spellCheck={false}
          value={v['linkedinUrl'] ?? ''}
          onChange={set('linkedinUrl')}
          error={problems.fields['linkedinUrl']}
        />
        <TextInput
          id="howWeMet"
          label={`${LABELS['howWeMet']} (optional)`}
          value={v['howWeMet'] ?? ''}
          onChange={set('howWeMet')}
          error={problems.fields['howWeMet']}
        />
        <Button busy={loading}>Add to my network</Button>
      </form>
    </Page>
  );
}
