import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { AccountRole } from '../gql/graphql';
import { Link, navigate, useLocation } from '../router';
import { Button, Checkbox, ErrorSummary, Radios, Select, TextInput } from '../ui/form';
import { Loading, Notice, Page } from '../ui/page';
import { hasProblems, noProblems, problemsFrom, type Problems } from '../ui/problems';
import { ROLE_WORDS } from '../ui/words';

const DirectoryQuery = graphql(`
  query AccountDirectory($search: String, $role: AccountRole, $withoutCoach: Boolean, $after: String) {
    accountDirectory(search: $search, role: $role, withoutCoach: $withoutCoach, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          roles
          caseloadSize
          person {
            id
            displayName
          }
          coach {
            id
            displayName
          }
        }
      }
    }
  }
`);

const AssignQuery = graphql(`
  query AssignCoach($memberId: ID!) {
    memberProgress(memberId: $memberId) {
      member {
        id
        displayName
      }
    }
    coachWorkloads {
      capacity
      load
      coach {
        id
        displayName
      }
    }
  }
`);

const AssignCoach = graphql(`
  mutation AdminAssignCoach($memberId: ID!, $coachId: ID!, $override: Boolean) {
    assignCoach(memberId: $memberId, coachId: $coachId, override: $override) {
      member {
        id
      }
    }
  }
`);

const ROLES: [string, string][] = [
  ['', 'Any role'],
  ['MEMBER', 'Job seekers'],
  ['VOLUNTEER', 'Volunteers'],
  ['COACH', 'Coaches'],
  ['ADMIN', 'Administrators'],
];

/** Admins find accounts by name, by role, or members who have no coach; each member can be given a coach. */
export function AccountsPage() {
  const { query } = useLocation();
  const f = { search: query.get('search') ?? '', role: query.get('role') ?? '', withoutCoach: query.get('without-coach') === '1' };
  const after = query.get('after');
  const assigned = query.get('assigned');
  const [v, setV] = useState(f);
  const { data, loading, error } = useQuery(DirectoryQuery, {
    variables: { search: f.search || null, role: (f.role || null) as AccountRole | null, withoutCoach: f.withoutCoach, after },
    fetchPolicy: 'cache-and-network',
  });
  const params = (src: typeof f, extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      ...(src.search.trim() ? { search: src.search.trim() } : {}),
      ...(src.role ? { role: src.role } : {}),
      ...(src.withoutCoach ? { 'without-coach': '1' } : {}),
      ...extra,
    });
    return q.size ? `?${q}` : '';
  };
  const list = data?.accountDirectory;
  return (
    <Page title="Accounts" back={{ href: '/admin', label: 'Back to administration' }}>
      {assigned && (
        <Notice title={`${assigned} has a new coach`} success>
          <p>They and their coaches have been told.</p>
        </Notice>
      )}
      <form
        className="filters"
        role="search"
        aria-label="Find accounts"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/admin/accounts${params(v)}`);
        }}
      >
        <TextInput id="search" label="Name (or part of it)" type="search" value={v.search} onChange={(search) => setV((o) => ({ ...o, search }))} />
        <Select id="role" label="Role" value={v.role} onChange={(role) => setV((o) => ({ ...o, role }))} options={ROLES} />
        <Checkbox
          id="withoutCoach"
          label="Only job seekers who have no coach"
          checked={v.withoutCoach}
          onChange={(withoutCoach) => setV((o) => ({ ...o, withoutCoach }))}
        />
        <Button variant="secondary">Find accounts</Button>
      </form>
      {loading && !data && <Loading what="accounts" />}
      {error && <p className="error-message">{problemsFrom(error).general[0]}</p>}
      {list && (
        <>
          <p role="status">{list.totalCount === 0 ? 'No accounts match.' : `${list.totalCount} ${list.totalCount === 1 ? 'account' : 'accounts'}.`}</p>
          <ul className="cards">
            {list.edges.map(({ node: a }) => (
              <li className="card" key={a.person.id}>
                <h3>{a.person.displayName}</h3>
                <p>{a.roles.map((r) => ROLE_WORDS[r] ?? r).join(', ')}</p>
                {a.roles.includes('MEMBER') && (
                  <p>
                    {a.coach ? `Coach: ${a.coach.displayName}` : 'No coach'} ·{' '}
                    <Link href={`/admin/accounts/${encodeURIComponent(a.person.id)}/coach`}>
                      {a.coach ? 'Change coach' : 'Choose a coach'}
                      <span className="visually-hidden"> for {a.person.displayName}</span>
                    </Link>
                  </p>
                )}
                {a.caseloadSize !== null && a.caseloadSize !== undefined && (
                  <p className="hint">
                    Coaches {a.caseloadSize} {a.caseloadSize === 1 ? 'member' : 'members'}
                  </p>
                )}
              </li>
            ))}
          </ul>
          <nav className="pagination" aria-label="More accounts">
            {after && <Link href={`/admin/accounts${params(f)}`}>First page</Link>}
            {list.pageInfo.hasNextPage && list.pageInfo.endCursor && (
              <Link href={`/admin/accounts${params(f, { after: list.pageInfo.endCursor })}`}>Next page</Link>
            )}
          </nav>
        </>
      )}
    </Page>
  );
}

/** Admin: put a member on a coach's caseload; past the coach's capacity only when asked to. */
export function AssignCoachPage({ memberId }: { memberId: string }) {
  const { data, loading } = useQuery(AssignQuery, { variables: { memberId } });
  const [coachId, setCoachId] = useState('');
  const [override, setOverride] = useState(false);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [assign, { loading: saving }] = useMutation(AssignCoach, {
    update: (cache) => {
      cache.evict({ fieldName: 'accountDirectory' });
      cache.evict({ fieldName: 'coachWorkloads' });
      cache.gc();
    },
  });
  if (loading && !data) return <Loading />;
  if (!data) return <Page title="This account could not be found" back={{ href: '/admin/accounts' }} />;
  const name = data.memberProgress.member.displayName;
  const coaches = data.coachWorkloads;
  return (
    <Page title={`Who should coach ${name}?`} back={{ href: '/admin/accounts' }} error={hasProblems(problems)}>
      <ErrorSummary problems={problems} />
      {coaches.length === 0 ? (
        <p>There are no coaches yet.</p>
      ) : (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            if (!coachId) return setProblems({ fields: { coachId: 'Select a coach' }, general: [] });
            try {
              await assign({ variables: { memberId, coachId, override } });
              navigate(`/admin/accounts?assigned=${encodeURIComponent(name)}`);
            } catch (error) {
              setProblems(problemsFrom(error, { coachId: 'The coach', memberId: 'The job seeker' }));
            }
          }}
        >
          <Radios
            id="coachId"
            legend="Coach"
            hint="Each coach's members now, against how many they can take"
            value={coachId}
            onChange={setCoachId}
            options={coaches.map((c): [string, string] => [c.coach.id, `${c.coach.displayName} (${c.load} of ${c.capacity})`])}
            error={problems.fields['coachId']}
          />
          <Checkbox
            id="override"
            label="Assign even if the coach is full"
            hint="Only when you have agreed it with the coach."
            checked={override}
            onChange={setOverride}
          />
          <Button busy={saving}>Assign coach</Button>
        </form>
      )}
    </Page>
  );
}
