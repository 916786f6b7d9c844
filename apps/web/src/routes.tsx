import { lazy, Suspense, useEffect } from 'react';
import { AdminPage, SuppressPage } from './admin/admin.page';
import { CaseloadPage } from './coach/caseload.page';
import { EventsPage, NewEventPage } from './coach/events.page';
import { CoachMemberPage } from './coach/member.page';
import { ContactAddPage } from './member/contact-add.page';
import { ContactEditPage } from './member/contact-edit.page';
import { ContactRemovePage } from './member/contact-remove.page';
import { FindPeoplePage } from './member/find-people.page';
import { GoalsPage } from './member/goals.page';
import { ImportPage } from './member/import.page';
import { IntroductionPage } from './member/introduction.page';
import { IntroductionsPage } from './member/introductions.page';
import { DeleteAccountPage, MyDataPage } from './member/my-data.page';
import { NetworkPage } from './member/network.page';
import { RequestIntroPage } from './member/request-intro.page';
import { matchRoute, navigate, useLocation } from './router';
import { Loading, Page } from './ui/page';
import { AnswerAskPage } from './volunteer/answer-ask.page';
import { InboxPage } from './volunteer/inbox.page';
import { SettingsPage } from './volunteer/settings.page';

/** The map (graphology and its layout) is its own chunk, fetched when the page opens. */
const NetworkMapPage = lazy(() => import('./map/network-map.page'));

type Render = (params: Record<string, string>) => React.ReactNode;
const ROUTES: [string, Render][] = [
  ['/network', () => <NetworkPage />],
  ['/network/add', () => <ContactAddPage />],
  ['/network/import', () => <ImportPage />],
  ['/network/map', () => <NetworkMapPage />],
  ['/network/:id/edit', (p) => <ContactEditPage personId={p['id']} />],
  ['/network/:id/remove', (p) => <ContactRemovePage personId={p['id']} />],
  ['/goals', () => <GoalsPage />],
  ['/find', () => <FindPeoplePage />],
  ['/find/ask', () => <RequestIntroPage />],
  ['/introductions', () => <IntroductionsPage />],
  ['/introductions/:id', (p) => <IntroductionPage id={p['id']} />],
  ['/asks', () => <InboxPage />],
  ['/asks/:id', (p) => <AnswerAskPage id={p['id']} />],
  ['/settings', () => <SettingsPage />],
  ['/my-data', () => <MyDataPage />],
  ['/my-data/delete', () => <DeleteAccountPage />],
  ['/caseload', () => <CaseloadPage />],
  ['/caseload/:id', (p) => <CoachMemberPage id={p['id']} />],
  ['/events', () => <EventsPage />],
  ['/events/new', () => <NewEventPage />],
  ['/admin', () => <AdminPage />],
  ['/admin/suppress', () => <SuppressPage />],
];

/** Where each role starts. */
function home(roles: string[]): string {
  if (roles.includes('MEMBER')) return '/network';
  if (roles.includes('VOLUNTEER')) return '/asks';
  if (roles.includes('COACH')) return '/caseload';
  if (roles.includes('ADMIN')) return '/admin';
  return '/settings';
}

export function Routes({ roles }: { roles: string[] }) {
  const { path } = useLocation();
  const start = home(roles);
  useEffect(() => {
    if (path === '/' || path === '/signed-in') navigate(start, { replace: true });
  }, [path, start]);
  for (const [pattern, render] of ROUTES) {
    const params = matchRoute(pattern, path);
    if (params) return <Suspense fallback={<Loading />}>{render(params)}</Suspense>;
  }
  if (path === '/' || path === '/signed-in') return <Loading />;
  return (
    <Page title="Page not found">
      <p>If you typed the web address, check it is correct.</p>
    </Page>
  );
}
