import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, notFound } from '#libs/common';
import {
  OccupationMatcher,
  OccupationService,
  organisationSelector,
  type OccupationView,
  type OrganisationReading,
  type RelationshipContext,
} from '#libs/network';
import { forgivingQuery } from '#libs/network';
import { PathHandles } from './path-handle.js';
import { brokerFactor, edgeWeight, type AvailabilityRules, type BrokerState } from './path-scoring.js';
import { AppConfig } from '#libs/config';
import { bestPaths, MapPaths, type FoundPath, type FoundPaths, type WeightedEdge } from './path-search.js';
import { explain, stepLabel, type WordingStep } from './path-wording.js';
import { PathsRepository, type EdgeRow, type HopRow, type StepPersonRow } from './paths.repository.js';
import { PATH_INDEX, type PathDescriber, type PathIndexPort } from './path-source.js';
import type { IntroPathResultView, IntroPathsQuery, IntroPathView, PathStepView } from './paths.types.js';
import { WorkTargetsRepository } from './work-targets.repository.js';
import { budgetedBrokers, PATH_LIMITS, remember } from './path-budget.js';

interface TargetSpec {
  codes: string[];
  titleQuery: string | null;
  personId: string | null;
  matched: OccupationView[];
  alternatives?: OccupationView[];
  related?: OccupationView[];
  organisation?: OrganisationReading | null;
  searchedFor?: string | null;
}

/** Below this, a reading of free text is not trusted alone: people are also found by the words of their role titles. */
const SURE_ENOUGH = 0.5;

interface SearchResult {
  /** Element id of the viewer's node, when they have any usable edge. */
  viewerKey: string | null;
  /** Best path per target, people by element id. */
  best: FoundPaths;
  /** What answered (the index or Neo4j): the same source describes the paths chosen. */
  source: PathDescriber;
}

@Injectable()
export class PathsService {
  /** 'neo4j' always reads the graph (the oracle the index is tested and benchmarked against). */
  engine: 'auto' | 'neo4j' = 'auto';

  constructor(
    @Inject(PathsRepository) private readonly repo: PathsRepository,
    @Inject(OccupationMatcher) private readonly matcher: OccupationMatcher,
    @Inject(OccupationService) private readonly occupations: OccupationService,
    @Inject(PathHandles) private readonly handles: PathHandles,
    @Inject(WorkTargetsRepository) private readonly workTargets: WorkTargetsRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Optional() @Inject(PATH_INDEX) private readonly index: PathIndexPort | null = null,
  ) {}

  /** How broker availability is judged now (the same limits the introductions enforce). */
  rules(nowMs = Date.now()): AvailabilityRules {
    return {
      nowMs,
      weeklyLimit: this.config.INTRO_WEEKLY_ASKS_PER_BROKER,
      shareOpen: this.config.INTRO_SHARE_OPEN_PER_BROKER,
      shareWeekly: this.config.INTRO_SHARE_WEEKLY_PER_BROKER,
    };
  }

  async introPaths(viewer: Viewer, q: IntroPathsQuery): Promise<IntroPathResultView> {
    const spec = await this.targetSpec(viewer, q);
    const { best, viewerKey, source } = await this.search(viewer.personId, spec, q.maxHops);
    const chosen = best.top(q.first);
    // Few people doing the exact work within reach: offer closely related work (same SOC minor group), after it.
    let related: FoundPath[] = [];
    let relatedTargets = 0;
    const relatedCodes = (spec.related ?? []).map((o) => o.code);
    if (relatedCodes.length && chosen.length < q.first && viewerKey) {
      const found = await this.search(viewer.personId, { ...spec, codes: relatedCodes, titleQuery: null, matched: [] }, q.maxHops);
      relatedTargets = found.best.countExcept(best);
      related = found.best.top(q.first - chosen.length, best);
    }
    return {
      paths: viewerKey
        ? [
            ...(await this.describe(source, viewer.personId, viewerKey, chosen, spec.codes)),
            ...(await this.describe(source, viewer.personId, viewerKey, related, relatedCodes, true)),
          ]
        : [],
      reachableTargets: best.size,
      matchedOccupations: spec.matched,
      alternativeOccupations: spec.alternatives ?? [],
      relatedOccupations: spec.related ?? [],
      relatedTargets,
      searchedFor: spec.searchedFor ?? null,
      organisation: spec.organisation?.label ?? null,
    };
  }

  /**
   * Distinct people doing the member's goal work within three hops (0 without goals): each goal is read
   * exactly as introPaths reads the same words, so the two always agree.
   */
  async reachToGoalWork(personId: string): Promise<number> {
    const works = await this.workTargets.goalWorks(personId);
    const reached = new Set<string>();
    for (const work of works) {
      const spec = this.workSpec(work, null);
      if (!spec.codes.length && !spec.titleQuery && !spec.organisation) continue;
      const { best } = await this.search(personId, spec, 3);
      for (const key of best.targets()) reached.add(key);
    }
    return reached.size;
  }

  /** Reach computed now from this replica's path index, or null when only Neo4j could answer (index off or building). */
  async reachFromIndex(personId: string): Promise<number | null> {
    if (this.engine !== 'auto' || !this.index || !(await this.index.sourceFor(personId))) return null;
    return this.reachToGoalWork(personId);
  }

  /** How free text about work (and an optional employer or sector) chooses targets. */
  private workSpec(work: string | null, organisationText: string | null): TargetSpec {
    const reading = work ? this.matcher.interpret(work) : null;
    const [best, ...alternatives] = reading?.occupations ?? [];
    const organisation = organisationText ? organisationSelector(organisationText) : best ? null : (reading?.organisation ?? null);
    const sure = best && best.confidence >= SURE_ENOUGH;
    return {
      codes: best ? [best.code] : [],
      titleQuery: !sure && reading?.searchedFor ? forgivingQuery(reading.searchedFor, 'AND') : null,
      personId: null,
      matched: best ? [best] : [],
      alternatives,
      related: reading?.related ?? [],
      organisation,
      searchedFor: reading?.searchedFor ?? null,
    };
  }

  /**
   * A path given by person ids (from a path handle), described for the viewer now; null when a
   * person or relationship on it is gone or no longer usable by the viewer.
   */
  async pathFor(viewerId: string, nodes: string[], score: number): Promise<IntroPathView | null> {
    const keys = await this.repo.keysOf([viewerId, ...nodes]);
    if (keys.some((k) => k === null)) return null;
    const [viewerKey, ...nodeKeys] = keys as string[];
    const [path] = await this.describe(this.repo, viewerId, viewerKey, [{ target: nodeKeys[nodeKeys.length - 1], nodes: nodeKeys, score }], []);
    return path ?? null;
  }

  /**
   * The best path to one person that avoids the given people (after a decline or expiry, or for a
   * request held up), and that the member could ask along (no broker whose fair share they used); ids, or null.
   */
  async alternativePath(
    viewerId: string,
    targetId: string,
    avoid: string[],
    opts: { onlyWithRoom?: boolean } = {},
  ): Promise<{ nodes: string[]; score: number } | null> {
    const avoidKeys = new Set((await this.repo.keysOf(avoid)).filter((k): k is string => k !== null));
    const { best } = await this.search(
      viewerId,
      { codes: [], titleQuery: null, personId: targetId, matched: [] },
      3,
      avoidKeys,
      opts.onlyWithRoom ?? false,
      true,
    );
    const [found] = best.top(1);
    if (!found) return null;
    const ids = await this.repo.idsOf(found.nodes);
    return ids.some((id) => id === null) ? null : { nodes: ids as string[], score: found.score };
  }

  private async targetSpec(viewer: Viewer, q: IntroPathsQuery): Promise<TargetSpec> {
    const given = [q.work, q.occupationCode, q.targetPersonId].filter((s) => s !== null && s !== undefined).length;
    const organisation = q.organisation?.trim() || null;
    if (q.organisation !== null && q.organisation !== undefined && !organisation) throw badInput('input.organisation', 'must not be empty');
    if (organisation && organisation.length > 200) throw badInput('input.organisation', 'must be at most 200 characters');
    if (organisation && q.targetPersonId) throw badInput('input', 'give organisation with work or occupationCode, not with targetPersonId');
    if (given !== 1 && !(given === 0 && organisation))
      throw badInput('input', 'give exactly one of work, occupationCode or targetPersonId (or organisation alone)');
    if (!Number.isInteger(q.maxHops) || q.maxHops < 1 || q.maxHops > 3) throw badInput('input.maxHops', 'must be 1, 2 or 3');
    if (!Number.isInteger(q.first) || q.first < 1 || q.first > 50) throw badInput('input.first', 'must be an integer from 1 to 50');

    if (q.targetPersonId) {
      // One answer for "no such person" and "not yours to see": no existence oracle.
      if (q.targetPersonId === viewer.personId || !(await this.repo.targetVisible(viewer.personId, q.targetPersonId))) {
        throw notFound('input.targetPersonId', 'a person in your network with this id was');
      }
      return { codes: [], titleQuery: null, personId: q.targetPersonId, matched: [] };
    }
    if (q.occupationCode !== null && q.occupationCode !== undefined) {
      const occupation = /^\d{4}$/.test(q.occupationCode) ? await this.occupations.byCode(q.occupationCode) : null;
      if (!occupation) throw badInput('input.occupationCode', `"${q.occupationCode.slice(0, 20)}" is not a SOC 2020 unit group code`);
      return {
        codes: [occupation.code],
        titleQuery: null,
        personId: null,
        matched: [occupation],
        organisation: organisation ? organisationSelector(organisation) : null,
      };
    }
    if (q.work === null || q.work === undefined) return this.workSpec(null, organisation);
    const work = q.work.trim();
    if (!work) throw badInput('input.work', 'must not be empty');
    if (work.length > 200) throw badInput('input.work', 'must be at most 200 characters');
    return this.workSpec(work, organisation);
  }

  private async search(
    viewerId: string,
    spec: TargetSpec,
    maxHops: number,
    avoid: Set<string> = new Set(),
    onlyWithRoom = false,
    askableOnly = false,
  ): Promise<SearchResult> {
    const now = Date.now();
    const rules = { ...this.rules(now), onlyWithRoom, askableOnly };
    // Targets by employer or sector are read from Neo4j (a regular expression over role text the index does not hold).
    const index = this.engine === 'auto' && !spec.organisation ? await this.index?.sourceFor(viewerId) : null;
    if (index) {
      const titleKeys = spec.titleQuery ? await this.repo.targetsByTitle(viewerId, spec.titleQuery, PATH_LIMITS.titleTargets) : [];
      const found = index.search({ viewerId, maxHops, codes: spec.codes, targetId: spec.personId, titleKeys, avoid, rules });
      return { ...found, source: index };
    }
    const source = this.repo;
    const states = new Map<string, BrokerState>();
    const usable = <R extends { a: string; b: string }>(rows: R[]): R[] => (avoid.size ? rows.filter((r) => !avoid.has(r.a) && !avoid.has(r.b)) : rows);
    const hop1Rows = usable(await source.hop1(viewerId, now));
    // Every path starts with one of the viewer's usable edges: without any, nothing is reachable.
    const viewerKey = hop1Rows[0]?.a ?? null;
    if (!viewerKey) return { viewerKey, best: new MapPaths(new Map()), source };
    remember(states, hop1Rows);
    const n1 = [...new Set(hop1Rows.map((r) => r.b))];
    let hop2Rows: EdgeRow[] = [];
    if (maxHops >= 3) {
      const brokers = budgetedBrokers(hop1Rows, states, now, rules);
      if (brokers.length) hop2Rows = usable(await source.hop2(viewerKey, brokers, PATH_LIMITS.hop2PerBroker));
    }
    const middle = new Set<string>([viewerKey, ...n1, ...hop2Rows.map((r) => r.b)]);
    const middleIds = [...middle];

    const targets = new Set<string>();
    // Target edges can number hundreds of thousands: concat, never push(...rows), which overflows the stack.
    let toTarget: HopRow[] = [];
    if (spec.personId) {
      const key = await source.keyOf(spec.personId);
      if (key) {
        targets.add(key);
        toTarget = toTarget.concat(await source.targetEdges(viewerId, [key], middleIds, now));
      }
    }
    if (spec.organisation) {
      const rows = await this.workTargets.frontierEdgesByOrganisation(viewerId, middleIds, spec.organisation.pattern, spec.codes.length ? spec.codes : null);
      rows.forEach((r) => targets.add(r.b));
      toTarget = toTarget.concat(rows);
    } else if (spec.codes.length) {
      // Expanding from the people doing the work costs about (their number x degree); one more hop
      // out of the frontier costs (frontier x degree) plus a role check per neighbour. Take the cheaper.
      const cap = Math.min(PATH_LIMITS.targetSideMaxRoles, 2 * middle.size);
      const side = await source.targetSide(viewerId, spec.codes, cap, middleIds, now);
      if (!side.tooMany) {
        side.targets.forEach((key) => targets.add(key));
        toTarget = toTarget.concat(side.edges);
      } else {
        const rows = await source.frontierTargetEdges(viewerId, middleIds, spec.codes, now);
        rows.forEach((r) => targets.add(r.b));
        toTarget = toTarget.concat(rows);
      }
    }
    if (spec.titleQuery && !spec.organisation) {
      const ids = (await this.repo.targetsByTitle(viewerId, spec.titleQuery, PATH_LIMITS.titleTargets)).filter((id) => !targets.has(id));
      ids.forEach((id) => targets.add(id));
      if (ids.length) toTarget = toTarget.concat(await source.targetEdges(viewerId, ids, middleIds, now));
    }
    toTarget = usable(toTarget);
    // Broker state of the person before each target came with the target edges (a is that person).
    for (const r of toTarget) if (!states.has(r.a)) states.set(r.a, r);

    const weigh = (rows: EdgeRow[]): WeightedEdge[] => rows.map((r) => ({ from: r.a, to: r.b, w: edgeWeight(r.strength, r.last, now) }));
    const best = new MapPaths(
      bestPaths({
        viewer: viewerKey,
        maxHops,
        hop1: weigh(hop1Rows),
        hop2: weigh(hop2Rows),
        toTarget: weigh(toTarget),
        targets,
        factor: (id) => {
          const state = states.get(id);
          return state ? brokerFactor(state, rules) : 1;
        },
      }),
    );
    return { viewerKey, best, source };
  }

  private async describe(
    source: PathDescriber,
    viewerId: string,
    viewerKey: string,
    paths: FoundPath[],
    codes: string[],
    related = false,
  ): Promise<IntroPathView[]> {
    if (!paths.length) return [];
    const now = Date.now();
    const pairs = new Map<string, [string, string]>();
    for (const p of paths) {
      [viewerKey, ...p.nodes].forEach((id, i, all) => {
        if (i > 0) pairs.set(`${all[i - 1]}|${id}`, [all[i - 1], id]);
      });
    }
    const [edgeRows, people] = await Promise.all([
      source.stepEdges(viewerId, [...pairs.values()]),
      this.withViews(viewerId, await source.stepPeople(viewerId, [...new Set(paths.flatMap((p) => p.nodes))], codes)),
    ]);
    // The edge shown for each step is the one the search weighed highest; between two relationships
    // of equal weight (each recorded one by one end), the same one whichever source listed them first.
    const edges = new Map<string, (typeof edgeRows)[number]>();
    const tie = (e: (typeof edgeRows)[number]) => `${e.context}|${e.byVolunteer ? 1 : 0}`;
    for (const e of edgeRows) {
      const key = `${e.a}|${e.b}`;
      const current = edges.get(key);
      const w = edgeWeight(e.strength, e.last, now);
      const cw = current ? edgeWeight(current.strength, current.last, now) : -1;
      if (!current || w > cw || (w === cw && tie(e) < tie(current))) edges.set(key, e);
    }
    const byKey = new Map(people.map((p) => [p.key, p]));
    // A person or edge removed since the search leaves its path out rather than half-described.
    const complete = paths.filter((path) => path.nodes.every((key, i) => byKey.has(key) && edges.has(`${i === 0 ? viewerKey : path.nodes[i - 1]}|${key}`)));
    return complete.map((path) => {
      const wording: WordingStep[] = [];
      const steps: PathStepView[] = path.nodes.map((key, i) => {
        const from = i === 0 ? viewerKey : path.nodes[i - 1];
        const edge = edges.get(`${from}|${key}`)!;
        const person = byKey.get(key)!;
        const step: WordingStep = {
          name: person.person?.displayName ?? null,
          isVolunteer: person.isVolunteer,
          work: person.work,
          context: edge.context as RelationshipContext,
          byVolunteer: edge.byVolunteer,
        };
        const label = stepLabel(step, wording[i - 1]?.name ?? null);
        wording.push(step);
        return { person: person.person, label, work: person.work, context: step.context, strength: edge.strength };
      });
      return {
        id: this.handles.seal(
          viewerId,
          path.nodes.map((key) => byKey.get(key)!.id),
          path.score,
        ),
        steps,
        hops: path.nodes.length,
        score: path.score,
        explanation: explain(wording),
        related,
      };
    });
  }

  /** Rows the source could not describe fully get the viewer's view of their contact; one whose view is gone is dropped. */
  private async withViews(viewerId: string, rows: StepPersonRow[]): Promise<StepPersonRow[]> {
    const needed = rows.filter((r) => r.needsView).map((r) => r.id);
    if (!needed.length) return rows;
    const views = new Map((await this.repo.contactViews(viewerId, needed)).map((v) => [v.id, v.person]));
    return rows.flatMap((r) => (!r.needsView ? [r] : views.has(r.id) ? [{ ...r, person: views.get(r.id)!, needsView: false }] : []));
  }
}
