import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, checkedText, checkPageSize, conflict, decodeCursor, encodeCursor, forbidden, notFound } from '#libs/common';
import type { RelationshipView } from '#libs/network';
import { EventsRepository, type EventView } from './events.repository.js';

const DAY_MS = 24 * 3600 * 1000;
const MAX_TEXT = 200;
export const SHOWN_AS_MAX = 60;

export interface EventInput {
  title: string;
  theme?: string | null;
  startsAt: Date;
  location?: string | null;
}

export interface AttendanceChoice {
  /** On the event's attendee list, which only other attendees see. Off unless the member opts in. */
  listed?: boolean | null;
  /** The name other attendees see; the first word of the account's own name when left out. */
  shownAs?: string | null;
}

export interface AttendeeView {
  personId: string;
  shownAs: string;
  isViewer: boolean;
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

  async list(viewer: Viewer, from: Date | null, first: number, after: string | null) {
    checkPageSize(first, 'first', 100);
    const start = from ?? new Date(Date.now() - DAY_MS);
    if (Number.isNaN(start.getTime())) throw badInput('from', 'must be a date and time');
    const { rows, totalCount } = await this.repo.list(viewer.personId, start.toISOString(), first, decodeCursor(after, 'after') as [number, string] | null);
    const shown = rows.slice(0, first);
    return { items: shown.map((r) => ({ cursor: encodeCursor([r.ms, r.event.id]), view: r.event })), hasNextPage: rows.length > first, totalCount };
  }

  /** Events are public to accounts; `mine` (the viewer's own attendance) needs the viewer. */
  get(eventId: string, viewer?: Viewer): Promise<EventView | null> {
    return this.repo.get(eventId, viewer?.personId ?? '');
  }

  /**
   * Attendance is recorded once the event has started: nobody attends an event that has not happened.
   * Recording again sets the listing choice anew (so a retried call with the same choice changes nothing).
   */
  async attend(viewer: Viewer, eventId: string, choice: AttendanceChoice, field = 'eventId'): Promise<EventView> {
    const event = await this.repo.get(eventId, viewer.personId);
    if (!event) throw notFound(field, 'an event');
    if (new Date(event.startsAt).getTime() > Date.now()) throw conflict('this event has not started yet; record your attendance once you are there', field);
    const { listed, shownAs } = this.listing(choice, 'shownAs');
    return this.repo.attend(eventId, viewer.personId, listed, shownAs);
  }

  /** Changes whether (and as whom) the viewer is listed; only for an event they recorded attending. */
  async setListing(viewer: Viewer, eventId: string, choice: AttendanceChoice): Promise<EventView> {
    const event = await this.repo.get(eventId, viewer.personId);
    if (!event?.mine) throw notFound('input.eventId', 'an event you recorded attending');
    const { listed, shownAs } = this.listing(choice, 'input.shownAs');
    return this.repo.attend(eventId, viewer.personId, listed, shownAs);
  }

  /** The listed attendees, for people who recorded attending the event; null for anyone else. */
  async attendees(viewer: Viewer, event: EventView, first: number, after: string | null) {
    if (!event.mine) return null;
    checkPageSize(first, 'first', 100);
    const { rows, totalCount } = await this.repo.attendeeList(event.id, first, decodeCursor(after, 'after') as [number, string] | null);
    const shown = rows.slice(0, first);
    return {
      items: shown.map((r) => ({
        cursor: encodeCursor([r.ms, r.personId]),
        view: { personId: r.personId, shownAs: r.shownAs, isViewer: r.personId === viewer.personId },
      })),
      hasNextPage: rows.length > first,
      totalCount,
    };
  }

  /**
   * Only listed attendees of an event the viewer attended can be recorded as met. Anyone else (an
   * unknown id, someone who was not there, someone not listed) is refused with the same answer, so
   * the call reveals nothing about who attended.
   */
  async met(viewer: Viewer, input: { eventId: string; personIds: string[]; strength?: number | null }): Promise<RelationshipView[]> {
    const strength = input.strength ?? 0.3;
    if (!Number.isFinite(strength) || strength < 0 || strength > 1) throw badInput('input.strength', 'must be a number from 0 to 1');
    if (!input.personIds.length) throw badInput('input.personIds', 'name at least one person you met');
    if (input.personIds.length > 100) throw badInput('input.personIds', 'at most 100 people at once');
    const event = await this.repo.get(input.eventId, viewer.personId);
    if (!event) throw notFound('input.eventId', 'an event');
    const selfAt = input.personIds.indexOf(viewer.personId);
    if (selfAt >= 0) throw badInput(`input.personIds[${selfAt}]`, 'is you: name the people you met');
    if (!event.mine) throw forbidden('Record your own attendance at this event before the people you met there.');
    const ids = [...new Set(input.personIds)];
    const listed = await this.repo.listedAttendees(input.eventId, ids);
    const absent = input.personIds.findIndex((id) => !listed.has(id));
    if (absent >= 0) throw badInput(`input.personIds[${absent}]`, "is not on this event's attendee list");
    return this.repo.met(viewer.personId, input.eventId, ids, strength);
  }

  private listing(choice: AttendanceChoice, field: string): { listed: boolean; shownAs: string | null } {
    return { listed: choice.listed ?? false, shownAs: checkedText(choice.shownAs, field, SHOWN_AS_MAX) };
  }
}
