import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

const ContactPerson = graphql(`
  query ContactName($id: ID!) {
    person(id: $id) {
      id
      displayName
    }
  }
`);

/** One contact with what the member recorded about them (the network list, searched by name). */
const ContactDetails = graphql(`
  query ContactDetails($search: String!) {
    network(first: 50, filter: { search: $search }) {
      edges {
        node {
          context
          strength
          howWeMet
          lastContactAt
          createdAt
          recorded {
            emails
            phones
            linkedinUrl
          }
          person {
            id
            displayName
            roles {
              title
              organisation
            }
          }
        }
      }
    }
  }
`);

export const UpdateContactDetails = graphql(`
  mutation UpdateContactDetails($personId: ID!, $input: RelationshipUpdateInput!) {
    updateRelationship(personId: $personId, input: $input) {
      context
      strength
      howWeMet
      lastContactAt
      recorded {
        emails
        phones
        linkedinUrl
      }
      person {
        id
        displayName
        roles {
          title
          organisation
        }
      }
    }
  }
`);

export function useContact(personId: string) {
  const person = useQuery(ContactPerson, { variables: { id: personId } });
  const name = person.data?.person?.displayName;
  const network = useQuery(ContactDetails, { variables: { search: name ?? '' }, skip: !name, fetchPolicy: 'cache-and-network' });
  const contact = network.data?.network.edges.find((e) => e.node.person.id === personId)?.node;
  return {
    contact,
    loading: person.loading || (!!name && network.loading && !network.data),
    missing: (person.data && !person.data.person) || (network.data && !contact),
  };
}
