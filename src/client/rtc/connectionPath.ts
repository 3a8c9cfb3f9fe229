// Which candidate pair a connection uses, and whether it goes through a relay, from getStats().
import type { ConnectionPath } from './PeerSession';
import type { StatsEntry } from './stats';

/**
 * The candidate pair in use: the transport's selectedCandidatePairId; without transport stats,
 * the pair Firefox marks `selected` (it keeps other nominated pairs that carry nothing), else the
 * first succeeded nominated pair.
 */
export function selectedPair(
  entries: StatsEntry[],
  byId: Map<string, StatsEntry>,
): StatsEntry | undefined {
  const transport = entries.find(
    (e) => e.type === 'transport' && typeof e.selectedCandidatePairId === 'string',
  );
  const selected = transport ? byId.get(transport.selectedCandidatePairId as string) : undefined;
  const pairs = entries.filter((e) => e.type === 'candidate-pair');
  return (
    selected ??
    pairs.find((e) => e.selected === true) ??
    pairs.find((e) => e.state === 'succeeded' && e.nominated === true)
  );
}

export function pathOf(
  pair: StatsEntry | undefined,
  byId: Map<string, StatsEntry>,
): ConnectionPath | null {
  if (!pair) return null;
  const ends = [pair.localCandidateId, pair.remoteCandidateId].map((id) => byId.get(String(id)));
  return ends.some((c) => c?.candidateType === 'relay') ? 'relay' : 'direct';
}

/** Which path the selected candidate pair of a getStats() report takes; null before ICE connects. */
export function connectionPathOf(report: Iterable<StatsEntry>): ConnectionPath | null {
  const entries = [...report];
  const byId = new Map(entries.map((e) => [e.id, e]));
  return pathOf(selectedPair(entries, byId), byId);
}
