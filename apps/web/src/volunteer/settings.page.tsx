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
      brokerLoad {
        awayUntil
        capacity
        openAsks
        waiting
        weekAsks
        weeklyLimit
      }
    }
  }
`);

export const BrokerLoadQuery = graphql(`
  query BrokerLoad {
    me {
      id
      person {
        id
      }
      brokerLoad {
        awayUntil
        capacity
        openAsks
        waiting
        weekAsks
        weeklyLimit
      }
    }
  }
`);

/** yyyy-mm-dd in the browser's time zone, for a date input. */
const dayOf = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const LABELS = {
  brokerCapacity: 'How many introductions you can help with at once',
  headline: 'About you',
  lendsNetwork: 'Lend your network',
  awayUntil: 'Away until',
};

export function SettingsPage() {
  const { data, loading } = useQuery(MeQuery);
  const load = useQuery(BrokerLoadQuery);
  const [away, setAway] = useState('');
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
  const awayUntil = load.data?.me.brokerLoad?.awayUntil;
  useEffect(() => {
    setAway(awayUntil ? dayOf(awayUntil) : '');
  }, [awayUntil]);
  if ((loading && !data) || (load.loading && !load.data)) return <Loading />;
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
            const awayIso = away ? new Date(`${away}T00:00:00`).toISOString() : null;
            if (away && Number.isNaN(new Date(awayIso!).getTime()))
              return setProblems({ fields: { awayUntil: 'Enter a real date, like 27 3 2027' }, general: [] });
            await save({
              variables: { input: { brokerCapacity: Number(capacity), headline: headline.trim() || null, lendsNetwork: lends, awayUntil: awayIso } },
            });
            setProblems(noProblems);
            setSaved(true);
          } catch (error) {
            const found = problemsFrom(error, LABELS);
            // The API's reason mentions null (its way of saying "back"); people see the rule alone.
            if (found.fields['awayUntil']) found.fields['awayUntil'] = 'Away until must be a date within the next year, or left empty';
            setProblems(found);
          }
        }}
      >
        <TextInput
          id="headline"
          label={`${LABELS.headline} (optional)`}
          hint="One line others see, for example retired nurse, happy to help"
          value={headline}
          onChange={setHeadline}
          error={problems.fields['headline']}
        />
        <TextInput
          id="brokerCapacity"
          label={LABELS.brokerCapacity}
          hint="From 0 to 50. When you are full, new asks wait until you finish one."
          inputMode="numeric"
          short
          value={capacity}
          onChange={setCapacity}
          error={problems.fields['brokerCapacity']}
        />
        <TextInput
          id="awayUntil"
          type="date"
          short
          label={`${LABELS.awayUntil} (optional)`}
          hint="No new asks reach you before this date; people are offered someone else. Leave it empty when you are around."
          value={away}
          onChange={setAway}
          error={problems.fields['awayUntil']}
        />
        <Checkbox
          id="lendsNetwork"
          label="Let Backr find introductions for others through the people I know"
          hint="You are always asked before anyone is contacted."
          checked={lends}
          onChange={setLends}
        />
        <Button busy={saving}>Save settings</Button>
      </form>
    </Page>
  );
}
