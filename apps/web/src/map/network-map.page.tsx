import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { MeQuery } from '../app';
import { NetworkQuery } from '../member/network.page';
import { Link } from '../router';
import { Loading, Page } from '../ui/page';
import { contextWords } from '../ui/words';
import { drawNetworkMap, refineLayout, STRENGTH_COLOURS, type MapContact } from './network-map.draw';

const MAX = 3000;

/** Every contact, 100 a page (the API's largest page), up to MAX; the list grows as pages arrive. */
function useAllContacts(): { contacts: MapContact[] | null; complete: boolean } {
  const client = useApolloClient();
  const [contacts, setContacts] = useState<MapContact[] | null>(null);
  const [complete, setComplete] = useState(false);
  useEffect(() => {
    let live = true;
    void (async () => {
      const all: MapContact[] = [];
      let after: string | undefined;
      do {
        const { data } = await client.query({ query: NetworkQuery, variables: { first: 100, after }, fetchPolicy: 'network-only' });
        if (!data) break;
        for (const { node } of data.network.edges)
          all.push({ id: node.person.id, name: node.person.displayName, context: node.context, strength: node.strength });
        after = data.network.pageInfo.hasNextPage ? (data.network.pageInfo.endCursor ?? undefined) : undefined;
        if (live) setContacts([...all]);
      } while (after && all.length < MAX && live);
      if (live) setComplete(true);
    })();
    return () => {
      live = false;
    };
  }, [client]);
  return { contacts, complete };
}

/** The network as a picture: loaded as its own chunk only when opened. */
export default function NetworkMapPage() {
  const me = useQuery(MeQuery);
  const { contacts, complete } = useAllContacts();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ms, setMs] = useState<number | null>(null);
  const [settled, setSettled] = useState(false);
  // Drawn as pages arrive; once all are in, the drawing time is recorded and ForceAtlas2 refines the layout.
  useEffect(() => {
    if (!contacts || !canvas.current || !me.data) return;
    const drawn = drawNetworkMap(canvas.current, 'You', contacts);
    if (!complete) return;
    setMs(drawn.ms);
    return refineLayout(canvas.current, drawn.graph, 'You', 2000, () => setSettled(true));
  }, [contacts, complete, me.data]);
  const byContext = new Map<string, number>();
  contacts?.forEach((c) => byContext.set(c.context, (byContext.get(c.context) ?? 0) + 1));
  return (
    <Page title="Your network as a map" back={{ href: '/network', label: 'Back to my network' }}>
      {!contacts && <Loading what="map" />}
      {contacts && (
        <>
          <p>
            You are in the middle. Each dot is someone you know: bigger and darker means you know them better.{' '}
            <Link href="/network">See the same people as a list</Link>.
          </p>
          <ul className="legend" aria-label="Colours">
            {STRENGTH_COLOURS.map(([, colour, words]) => (
              <li key={words}>
                <span style={{ background: colour }} aria-hidden="true" />
                {words}
              </li>
            ))}
          </ul>
          <canvas
            ref={canvas}
            className="map"
            role="img"
            data-draw-ms={ms === null ? undefined : Math.round(ms)}
            data-settled={settled ? 'true' : undefined}
            data-contacts={contacts.length}
            aria-label={`A map of ${contacts.length} people you know: ${[...byContext].map(([c, n]) => `${n} ${contextWords(c).toLowerCase()}`).join(', ')}`}
          />
        </>
      )}
    </Page>
  );
}
