import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { graphql } from '../gql';
import { Link, navigate, useLocation } from '../router';
import { Button, ErrorSummary, Select, TextInput } from '../ui/form';
import { Loading } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { timeWords } from '../ui/words';

const AuditLogQuery = graphql(`
  query AuditLog($after: String, $action: String, $actorName: String, $from: DateTime, $until: DateTime) {
    auditLog(first: 20, after: $after, action: $action, actorName: $actorName, from: $from, until: $until) {
      totalCount
      edges {
        node {
          id
          action
          at
          actorName
          subjectName
          actorId
          subjectId
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ACTIONS: [string, string][] = [
  ['EXPORT', 'Downloaded their data'],
  ['DELETE_ACCOUNT', 'Deleted their account'],
  ['SUPPRESS', 'Removed someone who objected'],
  ['OBJECTION_NEEDS_REVIEW', 'An objection needs checking'],
];
const actionWords = (a: string) => ACTIONS.find(([k]) => k === a)?.[1] ?? 'A change to personal data';
const GONE = 'Someone no longer held';
const LABELS = { action: 'What happened', actorName: 'Who did it', from: 'From', until: 'To' };

/** Start of a day, and start of the day after, in the browser's time zone (the filter's "to" date is included). */
const dayStart = (d: string) => new Date(`${d}T00:00:00`).toISOString();
const dayAfter = (d: string) => new Date(new Date(`${d}T00:00:00`).getTime() + 24 * 3600 * 1000).toISOString();

/** The privacy log with names, filtered by what happened, who did it and when; the filters live in the address. */
export function AuditLog() {
  const { query } = useLocation();
  const f = { action: query.get('action') ?? '', actorName: query.get('who') ?? '', from: query.get('from') ?? '', until: query.get('to') ?? '' };
  const after = query.get('after');
  const [v, setV] = useState(f);
  const [local, setLocal] = useState<Problems>(noProblems);
  const bad = (d: string) => d !== '' && Number.isNaN(new Date(`${d}T00:00:00`).getTime());
  const { data, loading, error } = useQuery(AuditLogQuery, {
    variables: {
      after,
      action: f.action || null,
      actorName: f.actorName || null,
      from: f.from && !bad(f.from) ? dayStart(f.from) : null,
      until: f.until && !bad(f.until) ? dayAfter(f.until) : null,
    },
  });
  const apiProblems = useMemo(() => problemsFrom(error, LABELS), [error]);
  const problems = local.general.length || Object.keys(local.fields).length ? local : apiProblems;
  const set = (k: keyof typeof v) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  const params = (src: typeof f, extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      ...(src.action ? { action: src.action } : {}),
      ...(src.actorName.trim() ? { who: src.actorName.trim() } : {}),
      ...(src.from ? { from: src.from } : {}),
      ...(src.until ? { to: src.until } : {}),
      ...extra,
    });
    return q.size ? `?${q}` : '';
  };
  const log = data?.auditLog;
  return (
    <>
      <ErrorSummary problems={problems} />
      <form
        className="filters"
        role="search"
        aria-label="Filter the privacy log"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (v.from && v.until && v.until < v.from)
            return setLocal({ fields: { until: 'The "to" date must be the same as or after the "from" date' }, general: [] });
          setLocal(noProblems);
          navigate(`/admin${params(v)}`);
        }}
      >
        <Select
          id="action"
          label={LABELS.action}
          value={v.action}
          onChange={set('action')}
          options={[['', 'Anything'], ...ACTIONS]}
          error={problems.fields['action']}
        />
        <TextInput
          id="actorName"
          label={`${LABELS.actorName} (part of their name)`}
          value={v.actorName}
          onChange={set('actorName')}
          error={problems.fields['actorName']}
        />
        <TextInput id="from" type="date" short label={LABELS.from} value={v.from} onChange={set('from')} error={problems.fields['from']} />
        <TextInput id="until" type="date" short label={LABELS.until} value={v.until} onChange={set('until')} error={problems.fields['until']} />
        <Button variant="secondary">Show entries</Button>
      </form>
      {loading && !data && <Loading what="privacy log" />}
      {log && (
        <>
          <p role="status">{log.totalCount === 0 ? 'Nothing matches.' : `${log.totalCount} ${log.totalCount === 1 ? 'entry' : 'entries'}, newest first.`}</p>
          {log.edges.length > 0 && (
            <div className="table-wrap" role="region" aria-label="Privacy log" tabIndex={0}>
              <table>
                <caption className="visually-hidden">Privacy log</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What happened</th>
                    <th scope="col">Who did it</th>
                    <th scope="col">Whose data</th>
                  </tr>
                </thead>
                <tbody>
                  {log.edges.map(({ node }) => (
                    <tr key={node.id}>
                      <td>{timeWords(node.at)}</td>
                      <td>{actionWords(node.action)}</td>
                      <td>{node.actorName ?? GONE}</td>
                      <td>{node.actorId === node.subjectId ? 'Their own' : (node.subjectName ?? GONE)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pagination" aria-label="More entries">
            {after && <Link href={`/admin${params(f)}`}>Newest entries</Link>}
            {log.pageInfo.hasNextPage && log.pageInfo.endCursor && <Link href={`/admin${params(f, { after: log.pageInfo.endCursor })}`}>Older entries</Link>}
          </nav>
        </>
      )}
    </>
  );
}
