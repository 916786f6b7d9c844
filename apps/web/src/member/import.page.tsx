import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { ImportFormat, RelationshipContext } from '../gql/graphql';
import { Link, navigate, useLocation } from '../router';
import { Button, ErrorSummary, Radios, Select } from '../ui/form';
import { Loading, Meter, Notice, Page } from '../ui/page';
import { noProblems, problemsFrom, type Problems } from '../ui/problems';
import { CONTEXTS } from '../ui/words';

const StartImport = graphql(`
  mutation StartImport($input: ImportContactsInput!) {
    importContacts(input: $input) {
      id
      status
    }
  }
`);

export const ImportJobFields = graphql(`
  fragment ImportJobFields on ImportJob {
    id
    status
    totalRows
    processedRows
    created
    linkedExisting
    skipped
    errorCount
    failure
    errors {
      row
      message
    }
  }
`);

const ImportJobQuery = graphql(`
  query ImportJob($id: ID!) {
    importJob(id: $id) {
      ...ImportJobFields
    }
  }
`);

const ImportProgress = graphql(`
  subscription ImportProgress($jobId: ID!) {
    importProgress(jobId: $jobId) {
      ...ImportJobFields
    }
  }
`);

const FORMATS: [string, string][] = [
  ['LINKEDIN_CSV', 'LinkedIn connections (a .csv file from LinkedIn)'],
  ['VCARD', 'Phone contacts (a .vcf file)'],
  ['GOOGLE_CSV', 'Google Contacts (a .csv file from Google)'],
];

export function ImportPage() {
  const { query } = useLocation();
  const job = query.get('job');
  return job ? <ImportProgressView id={job} /> : <ImportForm />;
}

function ImportForm() {
  const [format, setFormat] = useState('');
  const [context, setContext] = useState('PROFESSIONAL');
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [start, { loading }] = useMutation(StartImport);
  return (
    <Page title="Import your contacts" back={{ href: '/network', label: 'Back to my network' }} error={Object.keys(problems.fields).length > 0}>
      <ErrorSummary problems={problems} />
      <p>Add many people at once from a file you download from LinkedIn, your phone or Google.</p>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const fields: Record<string, string> = {};
          if (!format) fields['format'] = 'Select where the file comes from';
          if (!file) fields['file'] = 'Select a file to import';
          if (Object.keys(fields).length) return setProblems({ fields, general: [] });
          try {
            const content = await file!.text();
            const { data } = await start({ variables: { input: { format: format as ImportFormat, content, defaultContext: context as RelationshipContext } } });
            navigate(`/network/import?job=${encodeURIComponent(data!.importContacts.id)}`);
          } catch (error) {
            setProblems(problemsFrom(error, { format: 'Where the file comes from', content: 'The file', defaultContext: 'How you know them' }));
          }
        }}
      >
        <Radios id="format" legend="Where does the file come from?" value={format} onChange={setFormat} options={FORMATS} error={problems.fields['format']} />
        <div className={`form-group${problems.fields['file'] ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="file">
            Upload the file
          </label>
          {problems.fields['file'] && (
            <p className="error-message" id="file-error">
              <span className="visually-hidden">Error:</span> {problems.fields['file']}
            </p>
          )}
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.vcf,text/csv,text/vcard"
            aria-describedby={problems.fields['file'] ? 'file-error' : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Select id="defaultContext" label="How do you mostly know these people?" value={context} onChange={setContext} options={CONTEXTS} />
        <Button busy={loading}>Import</Button>
      </form>
    </Page>
  );
}

function ImportProgressView({ id }: { id: string }) {
  const { data, loading } = useQuery(ImportJobQuery, { variables: { id }, fetchPolicy: 'network-only' });
  const live = useSubscription(ImportProgress, { variables: { jobId: id } });
  const job = live.data?.importProgress ?? data?.importJob;
  if (loading && !job) return <Loading />;
  if (!job) return <Page title="This import could not be found" back={{ href: '/network' }} />;
  const total = job.totalRows ?? 0;
  const done = job.status === 'COMPLETED' || job.status === 'FAILED';
  return (
    <Page
      title={done ? (job.status === 'FAILED' ? 'The import did not work' : 'Import finished') : 'Importing your contacts'}
      back={{ href: '/network', label: 'Back to my network' }}
    >
      <div aria-live="polite">
        {!done && <p>{total ? `${job.processedRows} of ${total} rows read` : 'Reading the file…'}</p>}
        <Meter label="Import progress" value={done ? Math.max(total, 1) : job.processedRows} max={Math.max(total, 1)} />
        {job.status === 'FAILED' && <p className="error-message">{job.failure ?? 'The file could not be read.'}</p>}
        {job.status === 'COMPLETED' && (
          <Notice title="Your contacts are in your network" success>
            <p>
              {job.created} new {job.created === 1 ? 'person' : 'people'} added, {job.linkedExisting} already known to Backr, {job.skipped} skipped.
            </p>
          </Notice>
        )}
      </div>
      {job.errorCount > 0 && (
        <>
          <h2>
            {job.errorCount} {job.errorCount === 1 ? 'row was' : 'rows were'} not imported
          </h2>
          <div className="table-wrap" role="region" aria-label="Rows not imported" tabIndex={0}>
            <table>
              <caption className="visually-hidden">Rows not imported and why</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((e) => (
                  <tr key={`${e.row}-${e.message}`}>
                    <td>{e.row}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {done && (
        <p>
          <Link href="/network">See my network</Link>
        </p>
      )}
    </Page>
  );
}
