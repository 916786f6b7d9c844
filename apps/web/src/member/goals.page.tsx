import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { navigate } from '../router';
import { Button, ErrorSummary, TextInput } from '../ui/form';
import { Loading, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';

export const GoalsQuery = graphql(`
  query MyGoals {
    me {
      id
      reachToGoalWork
      goals {
        id
        work
        location
        note
        occupation {
          code
          title
        }
      }
    }
  }
`);

const SetGoals = graphql(`
  mutation SetGoals($goals: [WorkGoalInput!]!) {
    setWorkGoals(goals: $goals) {
      id
      work
      location
    }
  }
`);

export function GoalsPage() {
  const { data, loading } = useQuery(GoalsQuery);
  const [work, setWork] = useState('');
  const [location, setLocation] = useState('');
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [save, { loading: saving }] = useMutation(SetGoals, { refetchQueries: [GoalsQuery] });
  const goal = data?.me.goals[0];
  useEffect(() => {
    if (goal) {
      setWork(goal.work);
      setLocation(goal.location ?? '');
    }
  }, [goal]);
  if (loading && !data) return <Loading />;
  const others = data?.me.goals.slice(1) ?? [];
  return (
    <Page title="What work do you want to do?" back={{ href: '/find', label: 'Back' }} error={Object.keys(problems.fields).length > 0}>
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!work.trim()) return setProblems({ fields: { work: 'Enter the work you want to do' }, general: [] });
          try {
            await save({
              variables: {
                goals: [
                  { work: work.trim(), location: location.trim() || null, note: goal?.note ?? null },
                  ...others.map((g) => ({ work: g.work, location: g.location ?? null, note: g.note ?? null })),
                ],
              },
            });
            navigate(`/find?work=${encodeURIComponent(work.trim())}`);
          } catch (error) {
            setProblems(problemsFrom(error, { work: 'The work you want', location: 'Where' }));
          }
        }}
      >
        <TextInput
          id="work"
          label="The work you want"
          hint="In your own words, for example paramedic or youth worker"
          value={work}
          onChange={setWork}
          error={problems.fields['work']}
        />
        <TextInput id="location" label="Where (optional)" hint="A town or city" value={location} onChange={setLocation} error={problems.fields['location']} />
        <Button busy={saving}>Save and find people</Button>
      </form>
      {others.length > 0 && (
        <>
          <h2>Your other goals</h2>
          <ul>
            {others.map((g) => (
              <li key={g.id}>
                {g.work}
                {g.location ? ` in ${g.location}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
