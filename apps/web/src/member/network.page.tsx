import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { RelationshipContext } from '../gql/graphql';
import { Link, navigate, useLocation } from '../router';
import { Button, Select, TextInput } from '../ui/form';
import { Loading, Notice, Page } from '../ui/page';
import { problemsFrom } from '../ui/problems';
import { CONTEXTS, contextWords, dateWords, strengthWords } from '../ui/words';

export const NetworkQuery = graphql(`
  query MyNetwork($first: Int!, $after: String, $filter: NetworkFilter) {
    network(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          context
          strength
          howWeMet
          lastContactAt
          person {
            id
            displayName
            isMember
            roles {
              title
              organisation
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function NetworkPage() {
  const { query } = useLocation();
  const search = query.get('search') ?? '';
  const context = query.get('context') ?? '';
  const after = query.get('after') ?? undefined;
  const added = query.get('added');
  const [text, setText] = useState(search);
  const [ctx, setCtx] = useState(context);
  const filter = { ...(search ? { search } : {}), ...(context ? { contexts: [context as RelationshipContext] } : {}) };
  const { data, loading, error } = useQuery(NetworkQuery, { variables: { first: 20, after, filter } });
  const apply = () => {
    const q = new URLSearchParams();
    if (text.trim()) q.set('search', text.trim());
    if (ctx) q.set('context', ctx);
    navigate(`/network${q.size ? `?${q}` : ''}`);
  };
  const total = data?.network.totalCount ?? 0;
  return (
    <Page title="My network">
      {added && <Notice title={`${added} is in your network`} success />}
      <p>The people you know. Backr uses them to find warm introductions to the work you want.</p>
      <div className="button-group">
        <Link className="button" href="/network/add">
          Add someone
        </Link>
        <Link className="button button--secondary" href="/network/import">
          Import contacts
        </Link>
        <Link className="button button--secondary" href="/network/map">
          See my network as a map
        </Link>
      </div>
      <form
        className="filters"
        role="search"
        aria-label="Search my network"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <TextInput id="search" label="Search by name or work" value={text} onChange={setText} type="search" />
        <Select id="context" label="How you know them" value={ctx} onChange={setCtx} options={[['', 'Everyone'], ...CONTEXTS]} />
        <Button variant="secondary">Show people</Button>
      </form>
      {loading && !data && <Loading what="people" />}
      {error && <p className="error-message">{problemsFrom(error).general[0]}</p>}
      {data && (
        <>
          <p role="status">
            {total === 0 ? 'No people found.' : `${total} ${total === 1 ? 'person' : 'people'}${search || context ? ' found' : ''}.`}
            {total === 0 && !search && !context && ' Add the people you know to get started.'}
          </p>
          <ul className="cards">
            {data.network.edges.map(({ node }) => (
              <li className="card" key={node.person.id}>
                <h3>
                  <Link href={`/network/${encodeURIComponent(node.person.id)}`}>{node.person.displayName}</Link>
                </h3>
                {node.person.roles[0] && (
                  <p>
                    {node.person.roles[0].title}
                    {node.person.roles[0].organisation ? `, ${node.person.roles[0].organisation}` : ''}
                  </p>
                )}
                <p className="hint">
                  {contextWords(node.context)} · you know them {strengthWords(node.strength).toLowerCase()}
                  {node.lastContactAt ? ` · last in touch ${dateWords(node.lastContactAt)}` : ''}
                </p>
                <p>
                  <Link href={`/network/${encodeURIComponent(node.person.id)}/edit`}>
                    Change<span className="visually-hidden"> {node.person.displayName}</span>
                  </Link>
                  {' · '}
                  <Link href={`/network/${encodeURIComponent(node.person.id)}/remove`}>
                    Remove<span className="visually-hidden"> {node.person.displayName}</span>
                  </Link>
                </p>
              </li>
            ))}
          </ul>
          <nav className="pagination" aria-label="More people">
            {after && <Link href={`/network?${new URLSearchParams({ ...(search ? { search } : {}), ...(context ? { context } : {}) })}`}>First page</Link>}
            {data.network.pageInfo.hasNextPage && data.network.pageInfo.endCursor && (
              <Link
                href={`/network?${new URLSearchParams({ ...(search ? { search } : {}), ...(context ? { context } : {}), after: data.network.pageInfo.endCursor })}`}
              >
                Next page
              </Link>
            )}
          </nav>
        </>
      )}
    </Page>
  );
}
