import { lazy, Suspense, useEffect } from 'react';
import { AttendancePage, EventPage } from './coach/event.page';
import { EventsPage, NewEventPage } from './coach/events.page';
import { AnswerInvitationPage, MyCoachPage } from './coach/invitations.page';
import { ContactAddPage } from './member/contact-add.page';
import { ContactDetailsPage } from './member/contact-details.page';
import { ContactEditPage } from './member/contact-edit.page';
import { ContactFieldPage, type ContactField } from './member/contact-field.page';
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

/** Coaches' and admins' pages are chunks of their own too: a member's first page does not carry them. */
const AdminPage = lazy(() => import('./admin/admin.page').then((m) => ({ default: m.AdminPage })));
const SuppressPage = lazy(() => import('./admin/admin.page').then((m) => ({ default: m.SuppressPage })));
const AccountsPage = lazy(() => import('./admin/accounts.page').then((m) => ({ default: m.AccountsPage })));
const AssignCoachPage = lazy(() => import('./admin/accounts.page').then((m) => ({ default: m.AssignCoachPage })));
const CaseloadPage = lazy(() => import('./coach/caseload.page').then((m) => ({ default: m.CaseloadPage })));
const CoachMemberPage = lazy(() => import('./coach/member.page').then((m) => ({ default: m.CoachMemberPage })));
const EditNotePage = lazy(() => import('./coach/notes').then((m) => ({ default: m.EditNotePage })));
const DeleteNotePage = lazy(() => import('./coach/notes').then((m) => ({ default: m.DeleteNotePage })));

type Render = (params: Record<string, string>) => React.ReactNode;
const ROUTES: [string, Render][] = [
  ['/network', () => <NetworkPage />],
  ['/network/add', () => <ContactAddPage />],
  ['/network/import', () => <ImportPage />],
  ['/network/map', () => <NetworkMapPage />],
  ['/network/:id', (p) => <ContactDetailsPage personId={p['id']} />],
  ['/network/:id/edit', (p) => <ContactEditPage personId={p['id']} />],
  ...(['name', 'work', 'emails', 'phones', 'linkedin'] as ContactField[]).map((f): [string, Render] => [
    `/network/:id/${f}`,
    (p) => <ContactFieldPage key={f} personId={p['id']} field={f} />,
  ]),
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
  ['/caseload/:id/notes/:note', (p) => <EditNotePage memberId={p['id']} noteId={p['note']} />],
  ['/caseload/:id/notes/:note/delete', (p) => <DeleteNotePage memberId={p['id']} noteId={p['note']} />],
  ['/my-coach', () => <MyCoachPage />],
  ['/my-coach/:id', (p) => <AnswerInvitationPage id={p['id']} />],
  ['/events', () => <EventsPage />],
  ['/events/new', () => <NewEventPage />],
  ['/events/:id', (p) => <EventPage id={p['id']} />],
  ['/events/:id/attend', (p) => <AttendancePage id={p['id']} />],
  ['/events/:id/listing', (p) => <AttendancePage id={p['id']} change />],
  ['/admin', () => <AdminPage />],
  ['/admin/suppress', () => <SuppressPage />],
  ['/admin/accounts', () => <AccountsPage />],
  ['/admin/accounts/:id/coach', (p) => <AssignCoachPage memberId={p['id']} />],
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
