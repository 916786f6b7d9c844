import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { MeQuery } from '../app';
import { graphql } from '../gql';
import { Button, Checkbox, ErrorSummary, TextInput } from '../ui/form';
import { Loading, Notice, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';

const UpdateSettings = graphql(`
  mutation UpdateSettings($input: AccountSettingsInput!) {
    updateAccountSettings(input: $input) {
      id
      brokerCapacity
      lendsNetwork
      person {
        id
        headline
      }
    }
  }
`);

const LABELS = { brokerCapacity: 'How many introductions you can help with at once', headline: 'About you', lendsNetwork: 'Lend your network' };

export function SettingsPage() {
  const { data, loading } = useQuery(MeQuery);
  const [capacity, setCapacity] = useState('');
  const [headline, setHeadline] = useState('');
  const [lends, setLends] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [save, { loading: saving }] = useMutation(UpdateSettings);
  useEffect(() => {
    if (data) {
      setCapacity(String(data.me.brokerCapacity));
      setHeadline(data.me.person.headline ?? '');
      setLends(data.me.lendsNetwork);
    }
  }, [data]);
  if (loading && !data) return <Loading />;
  return (
    <Page title="Settings" error={Object.keys(problems.fields).length > 0}>
      {saved && <Notice title="Your settings are saved" success />}
      <ErrorSummary problems={problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setSaved(false);
          if (!/^\d+$/.test(capacity.trim())) return setProblems({ fields: { brokerCapacity: 'Enter a whole number, like 3' }, general: [] });
          try {
            await save({ variables: { input: { brokerCapacity: Number(capacity), headline: headline.trim() || null, lendsNetwork: lends } } });
            setProblems(noProblems);
            setSaved(true);
          } catch (error) {
            setProblems(problemsFrom(error, LABELS));
          }
        }}
      >
        <TextInput id="headline" label={`${LABELS.headline} (optional)`} hint="One line others see, for example retired nurse, happy to help" value={headline} onChange={setHeadline} error={problems.fields['headline']} />
        <TextInput id="brokerCapacity" label={LABELS.brokerCapacity} hint="From 0 to 50. When you are full, new asks wait until you finish one." inputMode="numeric" short value={capacity} onChange={setCapacity} error={problems.fields['brokerCapacity']} />
        <Checkbox id="lendsNetwork" label="Let Backr find introductions for others through the people I know" hint="You are always asked before anyone is contacted." checked={lends} onChange={setLends} />
        <Button busy={saving}>Save settings</Button>
      </form>
    </Page>
  );
}
