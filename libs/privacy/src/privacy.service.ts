import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { notFound, toGlobalId, type NodeType } from '#libs/common';
import { PrivacyRepository } from './privacy.repository.js';

/** Data subjects' rights. Every use is written to the audit log. */
@Injectable()
export class PrivacyService {
  constructor(@Inject(PrivacyRepository) private readonly repo: PrivacyRepository) {}

  /** The viewer's data as one JSON document (data portability). */
  async exportMyData(viewer: Viewer): Promise<string> {
    const data = await this.repo.export(viewer.personId);
    if (!data) throw notFound('viewer', 'your account');
    await this.repo.audit(viewer.personId, 'EXPORT', viewer.personId);
    return JSON.stringify({ format: 'backr-export-v1', exportedAt: new Date().toISOString(), ...withApiIds(data) }, null, 2);
  }
}

type Rows = Record<string, unknown>[];

/** The ids in the export are the API's (global) ids, so a client can look each thing up again. */
function withApiIds(data: Record<string, unknown>): Record<string, unknown> {
  const ids = (rows: unknown, field: string, type: NodeType) =>
    ((rows as Rows) ?? []).map((r) => ({ ...r, [field]: typeof r[field] === 'string' ? toGlobalId(type, r[field] as string) : r[field] }));
  const account = data['account'] as Record<string, unknown>;
  return {
    ...data,
    account: { ...account, id: toGlobalId('Person', account['id'] as string) },
    contacts: ids(data['contacts'], 'person', 'Person'),
    introductionsRequested: ids(data['introductionsRequested'], 'id', 'IntroductionRequest'),
    introductionAnswers: ids(data['introductionAnswers'], 'request', 'IntroductionRequest'),
    coachNotesYouWrote: ids(data['coachNotesYouWrote'], 'memberId', 'Person'),
    eventsAttended: ids(data['eventsAttended'], 'id', 'Event'),
    eventsCreated: ids(data['eventsCreated'], 'id', 'Event'),
    imports: ids(data['imports'], 'id', 'ImportJob'),
  };
}
