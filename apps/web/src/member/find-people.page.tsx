import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { Link, navigate, useLocation } from '../router';
import { Button, TextInput } from '../ui/form';
import { Loading, Page } from '../ui/page';
import { problemsFrom } from '../ui/problems';
import { GoalsQuery } from './goals.page';

const PathsQuery = graphql(`
  query FindPaths($input: IntroPathsInput!) {
    introPaths(input: $input) {
      reachableTargets
      matchedOccupations {
        code
        title
      }
      paths {
        id
        hops
        score
        explanation
        steps {
          label
          work {
            title
            organisation
          }
        }
      }
    }
  }
`);

/** "People who do the work I want": warm paths with the reason for each, then ask. */
export function FindPeoplePage() {
  const { query } = useLocation();
  const goals = useQuery(GoalsQuery);
  const asked = query.get('work') ?? goals.data?.me.goals[0]?.work ?? '';
  const [work, setWork] = useState(asked);
  const [run, { data, loading, error }] = useLazyQuery(PathsQuery, { fetchPolicy: 'network-only' });
  useEffect(() => {
    setWork(asked);
    if (asked) void run({ variables: { input: { work: asked, first: 10 } } }).catch(() => undefined);
  }, [asked, run]);
  if (goals.loading && !goals.data) return <Loading />;
  const result = data?.introPaths;
  return (
    <Page title="People who do the work you want">
      <p>
        Backr looks through the people you know, and the people they know, for someone doing this work. <Link href="/goals">Change the work you want</Link>
      </p>
      <form
        className="filters"
        role="search"
        aria-label="Find people by work"
        onSubmit={(e) => {
          e.preventDefault();
          if (work.trim()) navigate(`/find?work=${encodeURIComponent(work.trim())}`);
        }}
      >
        <TextInput id="work" label="Work" value={work} onChange={setWork} />
        <Button variant="secondary">Find people</Button>
      </form>
      {loading && <Loading what="people" />}
      {error && <p className="error-message">{problemsFrom(error).general[0]}</p>}
      {result && !loading && (
        <>
          <p role="status">
            {result.paths.length === 0
              ? 'Nobody doing this work was found through the people you know yet. Adding more people helps.'
              : `${result.reachableTargets} ${result.reachableTargets === 1 ? 'person' : 'people'} doing this work can be reached through people you know.`}
          </p>
          {result.matchedOccupations.length > 0 && <p className="hint">Looking for: {result.matchedOccupations.map((o) => o.title).join(', ')}</p>}
          <ol className="cards">
            {result.paths.map((p) => {
              const target = p.steps[p.steps.length - 1];
              return (
                <li className="card" key={p.id}>
                  <h3>{target?.label ?? 'Someone doing this work'}</h3>
                  <p>{p.explanation}</p>
                  <p className="hint">{p.hops === 1 ? 'You know them yourself' : `${p.hops - 1} ${p.hops === 2 ? 'person' : 'people'} between you`}</p>
                  <Link className="button button--secondary" href={`/find/ask?path=${encodeURIComponent(p.id)}&to=${encodeURIComponent(target?.label ?? '')}`}>
                    Ask for an introduction<span className="visually-hidden"> to {target?.label}</span>
                  </Link>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </Page>
  );
}
