import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, checkedText, checkPageSize, conflict, decodeCursor, encodeCursor, forbidden, notFound } from '#libs/common';
import type { RelationshipView } from '#libs/network';
import { EventsRepository, type EventView } from './events.repository.js';

const DAY_MS = 24 * 3600 * 1000;
const MAX_TEXT = 200;

export interface EventInput {
  title: string;
  theme?: string | null;
  startsAt: Date;
  location?: string | null;
}

/** Events where members meet new people: created by coaches, volunteers and admins; attendance and meetings recorded by those who were there. */
@Injectable()
export class EventsService {
  constructor(@Inject(EventsRepository) private readonly repo: EventsRepository) {}

  async create(viewer: Viewer, input: EventInput): Promise<EventView> {
    const title = checkedText(input.title, 'input.title', MAX_TEXT, true)!;
    const theme = checkedText(input.theme, 'input.theme', MAX_TEXT);
    const location = checkedText(input.location, 'input.location', MAX_TEXT);
    const startsAt = input.startsAt instanceof Date ? input.startsAt : new Date(String(input.startsAt));
    if (Number.isNaN(startsAt.getTime())) throw badInput('input.startsAt', 'must be a date and time');
    if (startsAt.getTime() < Date.now() - 30 * DAY_MS) throw badInput('input.startsAt', 'must be at most 30 days ago (record recent events only)');
    if (startsAt.getTime() > Date.now() + 2 * 365 * DAY_MS) throw badInput('input.startsAt', 'must be within the next two years');
    return this.repo.create({ id: randomUUID(), title, theme, location, startsAt: startsAt.toISOString(), createdBy: viewer.personId });
  }

  async list(from: Date | null, first: number, after: string | null) {
    checkPageSize(first, 'first', 100);
    const start = from ?? new Date(Date.now() - DAY_MS);
    if (Number.isNaN(start.getTime())) throw badInput('from', 'must be a date and time');
    const { rows, totalCount } = await this.repo.list(start.toISOString(), first, decodeCursor(after, 'after') as [number, string] | null);
    const shown = rows.slice(0, first);
    return { items: shown.map((r) => ({ cursor: encodeCursor([r.ms, r.event.id]), view: r.event })), hasNextPage: rows.length > first, totalCount };
  }

  get(eventId: string): Promise<EventView | null> {
    return this.repo.get(eventId);
  }

  /** Attendance is recorded once the event has started: nobody attends an event that has not happened. */
  async attend(viewer: Viewer, eventId: string): Promise<EventView> {
    const event = await this.repo.get(eventId);
    if (!event) throw notFound('eventId', 'an event');
    if (new Date(event.startsAt).getTime() > Date.now()) throw conflict('this event has not started yet; record your attendance once you are there', 'eventId');
    return this.repo.attend(eventId, viewer.personId);
  }

  async met(viewer: Viewer, input: { eventId: string; personIds: string[]; strength?: number | null }): Promise<RelationshipView[]> {
    const strength = input.strength ?? 0.3;
    if (!Number.isFinite(strength) || strength < 0 || strength > 1) throw badInput('input.strength', 'must be a number from 0 to 1');
    if (!input.personIds.length) throw badInput('input.personIds', 'name at least one person you met');
    if (input.personIds.length > 100) throw badInput('input.personIds', 'at most 100 people at once');
    const event = await this.repo.get(input.eventId);
    if (!event) throw notFound('input.eventId', 'an event');
    const ids = [...new Set(input.personIds)];
    const selfAt = ids.indexOf(viewer.personId);
    if (selfAt >= 0) throw badInput(`input.personIds[${input.personIds.indexOf(viewer.personId)}]`, 'is you: name the people you met');
    const present = await this.repo.attendees(input.eventId, [viewer.personId, ...ids]);
    if (!present.has(viewer.personId)) throw forbidden('Record your own attendance (recordAttendance) before the people you met there.');
    const absent = input.personIds.findIndex((id) => !present.has(id));
    if (absent >= 0) throw badInput(`input.personIds[${absent}]`, 'did not record attending this event');
    return this.repo.met(viewer.personId, input.eventId, ids, strength);
  }
}
