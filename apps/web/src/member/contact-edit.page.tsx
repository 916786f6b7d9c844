import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { RelationshipContext } from '../gql/graphql';
import { navigate } from '../router';
import { Button, ErrorSummary, Radios, Select, TextInput } from '../ui/form';
import { Loading, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { CONTEXTS, nearestStrength, STRENGTHS } from '../ui/words';
import { NetworkQuery } from './network.page';

const ContactPerson = graphql(`
  query ContactPerson($id: ID!) {
    person(id: $id) {
      id
      displayName
    }
  }
`);

const UpdateContact = graphql(`
  mutation UpdateContact($personId: ID!, $input: RelationshipUpdateInput!) {
    updateRelationship(personId: $personId, input: $input) {
      context
      strength
      howWeMet
      lastContactAt
      person {
        id
      }
    }
  }
`);

const LABELS = { context: 'How you know them', strength: 'How well you know them', howWeMet: 'How you met', lastContactAt: 'When you were last in touch' };

/** Finds this contact's relationship through the network list (searched by their name). */
function useRelationship(personId: string) {
  const person = useQuery(ContactPerson, { variables: { id: personId } });
  const name = person.data?.person?.displayName;
  const network = useQuery(NetworkQuery, { variables: { first: 50, filter: { search: name ?? '' } }, skip: !name });
  const edge = network.data?.network.edges.find((e) => e.node.person.id === personId)?.node;
  return { name, edge, loading: person.loading || network.loading, missing: (person.data && !person.data.person) || (network.data && !edge) };
}

export function ContactEditPage({ personId }: { personId: string }) {
  const { name, edge, loading, missing } = useRelationship(personId);
  const [v, setV] = useState<Record<string, string> | null>(null);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [update, { loading: saving }] = useMutation(UpdateContact);
  useEffect(() => {
    if (edge && !v)
      setV({
        context: edge.context,
        strength: nearestStrength(edge.strength),
        howWeMet: edge.howWeMet ?? '',
        lastContactAt: edge.lastContactAt?.slice(0, 10) ?? '',
      });
  }, [edge, v]);
  if (missing) return <Page title="This person is not in your network" back={{ href: '/network' }} />;
  if (loading || !v || !name) return <Loading />;
  const set = (k: string) => (value: string) => setV((old) => ({ ...old!, [k]: value }));
  const submit = async () => {
    try {
      await update({
        variables: {
          personId,
          input: {
            context: v['context'] as RelationshipContext,
            strength: Number(v['strength']),
            howWeMet: v['howWeMet'].trim() || null,
            lastContactAt: v['lastContactAt'] ? new Date(`${v['lastContactAt']}T12:00:00Z`).toISOString() : null,
          },
        },
      });
      navigate('/network');
    } catch (error) {
      setProblems(problemsFrom(error, LABELS));
    }
  };
  return (
    <Page title={`Change how you know ${name}`} back={{ href: '/network', label: 'Back to my network' }} error={Object.keys(problems.fields).length > 0}>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Select id="context" label={LABELS.context} value={v['context']} onChange={set('context')} options={CONTEXTS} error={problems.fields['context']} />
        <Radios
          id="strength"
          legend={LABELS.strength}
          value={v['strength']}
          onChange={set('strength')}
          options={STRENGTHS}
          error={problems.fields['strength']}
        />
        <TextInput id="howWeMet" label={`${LABELS.howWeMet} (optional)`} value={v['howWeMet']} onChange={set('howWeMet')} error={problems.fields['howWeMet']} />
        <TextInput
          id="lastContactAt"
          type="date"
          short
          label={`${LABELS.lastContactAt} (optional)`}
          value={v['lastContactAt']}
          onChange={set('lastContactAt')}
          error={problems.fields['lastContactAt']}
        />
        <Button busy={saving}>Save changes</Button>
      </form>
    </Page>
  );
}
