import { Link, useLocation } from '../router';
import { Loading, Notice, Page, SummaryList } from '../ui/page';
import { contextWords, dateWords, strengthWords } from '../ui/words';
import { useContact } from './contact.query';

const list = (values: string[]) => (values.length ? values.join(', ') : 'None recorded');

/** One contact: what the member recorded, each part with its own page to change it. */
export function ContactDetailsPage({ personId }: { personId: string }) {
  const { query } = useLocation();
  const { contact, loading, missing } = useContact(personId);
  if (missing) return <Page title="This person is not in your network" back={{ href: '/network' }} />;
  if (loading || !contact) return <Loading />;
  const name = contact.person.displayName;
  const base = `/network/${encodeURIComponent(personId)}`;
  const change = (href: string, what: string) => (
    <Link href={href}>
      Change<span className="visually-hidden"> {what}</span>
    </Link>
  );
  const work = contact.person.roles.map((r) => `${r.title}${r.organisation ? `, ${r.organisation}` : ''}`);
  return (
    <Page title={name} back={{ href: '/network', label: 'Back to my network' }}>
      {query.get('saved') && <Notice title="Your changes are saved" success />}
      <p>Only you see what you recorded here. It helps Backr know when someone else knows the same person.</p>
      <SummaryList
        rows={[
          [
            'Name',
            <>
              {name} · {change(`${base}/name`, 'their name')}
            </>,
          ],
          [
            'Work',
            <>
              {work.length ? work.join('; ') : 'None recorded'} · {change(`${base}/work`, 'their work')}
            </>,
          ],
          [
            'Email addresses',
            <>
              {list(contact.recorded.emails)} · {change(`${base}/emails`, 'their email addresses')}
            </>,
          ],
          [
            'Phone numbers',
            <>
              {list(contact.recorded.phones)} · {change(`${base}/phones`, 'their phone numbers')}
            </>,
          ],
          [
            'LinkedIn profile',
            <>
              {contact.recorded.linkedinUrl ?? 'None recorded'} · {change(`${base}/linkedin`, 'their LinkedIn profile')}
            </>,
          ],
          [
            'How you know them',
            <>
              {contextWords(contact.context)}, {strengthWords(contact.strength).toLowerCase()}
              {contact.howWeMet ? `; ${contact.howWeMet}` : ''}
              {contact.lastContactAt ? `; last in touch ${dateWords(contact.lastContactAt)}` : ''} · {change(`${base}/edit`, 'how you know them')}
            </>,
          ],
          ['Added', dateWords(contact.createdAt)],
        ]}
      />
      <p>
        <Link href={`${base}/remove`}>Remove {name} from my network</Link>
      </p>
    </Page>
  );
}
