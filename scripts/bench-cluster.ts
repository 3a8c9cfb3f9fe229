// npm run bench:cluster [-- --rooms R --rounds M --pace-ms P --workers W --repeat K]
// Scale-out of the signaling server: the built server as 1, 2 and 4 node processes (the node
// flags of `npm run serve`, MESSAGE_RATE=0, MAX_CONNECTIONS_PER_IP=0) sharing one redis-server,
// under the same total load whatever the node count: R rooms (default 2,000), each a pair of
// socket.io clients playing M paced ping-pong round trips (bench-signal-load.ts; a pair waits P
// ms after each echo, so the 2 cores that also run the clients are not saturated). Rooms go to
// the nodes round-robin; in every other block of one room per node, a room's second member sits
// on the next node, so half of the rooms have members on two nodes and every node has the same
// number of clients.
// Then the bystander run: the 2-node load with a third node that holds no member at all, to see
// what a node pays for traffic of rooms it has nobody in. Last, one node under a quarter of the
// load: each node's share in the 4-node run, to tell the price of rooms across nodes from that
// of a node carrying fewer messages.
// Prints JSON per run: for each node, the CPU (utime+stime from /proc over the relay phase) per
// message it relayed for its own clients (duet_messages_relayed_total; also less its idle CPU,
// measured over 5 s with every client connected and silent), how often its main thread slept and
// was woken per such message (/proc voluntary context switches), the pub/sub messages it received
// from Redis (duet_redis_messages_received_total), redis-server's CPU per message, relay
// round-trip p50/p99 (rooms on one node, rooms across two) and losses (must be 0; the exit code
// says so). --repeat K runs everything K times in rotating order; each run is then the one of
// median CPU per own message, with every run's figure, and the ratios are of medians.
import { availableParallelism, loadavg } from 'node:os';
import { startRedis } from '../src/server/testing/redisServer.js';
import {
  allRtts,
  clean,
  cpuMicros,
  DUET_ENTRY,
  integerOption,
  median,
  metric,
  p50p99,
  serveFlags,
  spawnServer,
  startLoad,
  summarizeRuns,
  wakeUps,
  type RoomPlan,
} from './bench-signal-load.js';

/** How long the connected, silent clients are watched to learn each node's idle CPU. */
const IDLE_SAMPLE_MS = 5000;

interface Scenario {
  name: string;
  /** Node processes started. */
  nodes: number;
  /** The first `members` of them hold the rooms' members; the others none. */
  members: number;
  /** The share of the rooms this scenario runs (1 unless said). */
  share?: number;
}

const SCENARIOS: Scenario[] = [
  { name: '1 node', nodes: 1, members: 1 },
  { name: '2 nodes', nodes: 2, members: 2 },
  { name: '4 nodes', nodes: 4, members: 4 },
  { name: 'bystander', nodes: 3, members: 2 },
  // A node's cost per message grows as its traffic falls (fewer messages share each wake-up):
  // this is the 4-node run's load per node, on one node.
  { name: '1 node, a quarter of the load', nodes: 1, members: 1, share: 0.25 },
];

interface RunOptions {
  rooms: number;
  rounds: number;
  paceMs: number;
  workers: number;
}

/**
 * Room k's members: block b = floor(k / n) of one room per node; in even blocks both members
 * sit on node k mod n, in odd ones the second sits on the next node.
 */
function placement(rooms: number, n: number): { room: number; seats: [number, number] }[] {
  return Array.from({ length: rooms }, (_, room) => {
    const node = room % n;
    const across = Math.floor(room / n) % 2 === 1;
    return { room, seats: [node, across ? (node + 1) % n : node] };
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

async function runScenario(
  { name, nodes: count, members, share = 1 }: Scenario,
  allOptions: RunOptions,
) {
  const options = { ...allOptions, rooms: Math.round(allOptions.rooms * share) };
  const redis = await startRedis();
  const nodes: Awaited<ReturnType<typeof spawnServer>>[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      nodes.push(await spawnServer(DUET_ENTRY, serveFlags(), { REDIS_URL: redis.url }));
    }
    const seated = placement(options.rooms, members);
    const plans: RoomPlan[] = seated.map(({ room, seats }) => ({
      room,
      urls: [nodes[seats[0]]!.url, nodes[seats[1]]!.url],
      group: seats[0] === seats[1] ? 'oneNode' : 'twoNodes',
    }));
    const since = performance.now();
    const progress = (what: string) =>
      console.error(`${name}: ${what} (${Math.round((performance.now() - since) / 1000)} s)`);
    const load = startLoad(plans, { kind: 'socket.io', ...options });
    await load.connected;
    progress(`${plans.length * 2} clients connected`);
    await load.join();
    progress('joined');

    const pids = [...nodes.map((node) => node.pid), redis.pid];
    const cpus = () => pids.map(cpuMicros);
    const counters = (counter: string) =>
      Promise.all(nodes.map((node) => metric(node.url, counter)));
    const idleStart = cpus();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
    const idlePerMs = cpus().map((cpu, i) => (cpu - idleStart[i]!) / IDLE_SAMPLE_MS);

    const [relayedBefore, fromRedisBefore] = [
      await counters('duet_messages_relayed_total'),
      await counters('duet_redis_messages_received_total'),
    ];
    const wakes = () => nodes.map((node) => wakeUps(node.pid));
    const wakesBefore = wakes();
    const cpuBefore = cpus();
    const relayStart = performance.now();
    const report = await load.relay();
    const relayMs = performance.now() - relayStart;
    progress('relayed');
    const cpu = cpus().map((after, i) => after - cpuBefore[i]!);
    const woken = wakes().map((after, i) => after - wakesBefore[i]!);
    const relayed = (await counters('duet_messages_relayed_total')).map(
      (after, i) => after - relayedBefore[i]!,
    );
    const fromRedis = (await counters('duet_redis_messages_received_total')).map(
      (after, i) => after - fromRedisBefore[i]!,
    );
    await load.close();

    const clients = seated.flatMap(({ seats }) => seats);
    const perNode = nodes.map((_, i) => {
      const lessIdle = cpu[i]! - idlePerMs[i]! * relayMs;
      return {
        node: i,
        clients: clients.filter((node) => node === i).length,
        relayedForOwnClients: relayed[i]!,
        receivedFromRedis: fromRedis[i]!,
        cpuMs: Math.round(cpu[i]! / 1000),
        cpuMicrosPerOwnMessage: relayed[i]! > 0 ? round1(cpu[i]! / relayed[i]!) : null,
        cpuMicrosPerOwnMessageLessIdle: relayed[i]! > 0 ? round1(lessIdle / relayed[i]!) : null,
        idleCpuPercent: round2(idlePerMs[i]! / 10),
        // Turns of the event loop that slept first: fewer per message when messages share them.
        wakeUpsPerOwnMessage: relayed[i]! > 0 ? round2(woken[i]! / relayed[i]!) : null,
      };
    });
    const memberNodes = perNode.slice(0, members);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const totalRelayed = sum(relayed);
    const memberCpu = sum(memberNodes.map((n) => cpu[n.node]!));
    const memberIdle = sum(memberNodes.map((n) => idlePerMs[n.node]! * relayMs));
    const redisCpu = cpu[count]!;
    const bystanders = perNode.slice(members);
    return {
      scenario: name,
      nodes: count,
      nodesWithMembers: members,
      rooms: options.rooms,
      roomsOnTwoNodes: plans.filter((plan) => plan.group === 'twoNodes').length,
      clients: clients.length,
      rounds: options.rounds,
      paceMs: options.paceMs,
      // The member nodes' CPU together over the messages they relayed for their own clients.
      cpuMicrosPerOwnMessage: round1(memberCpu / totalRelayed),
      cpuMicrosPerOwnMessageLessIdle: round1((memberCpu - memberIdle) / totalRelayed),
      ...(bystanders.length > 0
        ? {
            // What a node with no member spends on the traffic, against a member node's CPU.
            bystanderOverMemberCpu: round2(
              sum(bystanders.map((n) => cpu[n.node]!)) / bystanders.length / (memberCpu / members),
            ),
            bystanderOverMemberCpuLessIdle: round2(
              sum(bystanders.map((n) => cpu[n.node]! - idlePerMs[n.node]! * relayMs)) /
                bystanders.length /
                ((memberCpu - memberIdle) / members),
            ),
          }
        : {}),
      redisCpuMicrosPerMessage: round1(redisCpu / totalRelayed),
      perNode,
      relayRttMs: {
        all: p50p99(allRtts(report)),
        ...Object.fromEntries(
          Object.entries(report.rttMs).map(([group, rtts]) => [group, p50p99(rtts)]),
        ),
      },
      relayedMessages: totalRelayed,
      expectedMessages: report.expected,
      relayedPerSecond: Math.round(totalRelayed / (relayMs / 1000)),
      lost: report.expected - report.received,
      misrouted: report.misrouted,
      errors: report.errors,
      disconnects: report.disconnects,
      clean: clean(report) && totalRelayed === report.expected,
      loadAverage1m: round2(loadavg()[0]!),
    };
  } finally {
    for (const node of nodes) await node.stop();
    await redis.stop();
  }
}

type RunResult = Awaited<ReturnType<typeof runScenario>>;

const perOwnMessage = (r: RunResult) => r.cpuMicrosPerOwnMessage;

/** A scenario's run of median CPU per own message, with every run's figures. */
const summarize = (runs: RunResult[]) =>
  summarizeRuns(runs, perOwnMessage, {
    cpuMicrosPerOwnMessage: perOwnMessage,
    cpuMicrosPerOwnMessageLessIdle: (r) => r.cpuMicrosPerOwnMessageLessIdle,
    bystanderOverMemberCpu: (r) => r.bystanderOverMemberCpu ?? null,
    loadAverage1m: (r) => r.loadAverage1m,
  });

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = integerOption(args);
  const options: RunOptions = {
    rooms: option('--rooms', 2000),
    rounds: option('--rounds', 20),
    paceMs: option('--pace-ms', 1000),
    workers: option('--workers', Math.max(1, Math.min(4, availableParallelism()))),
  };
  const repeat = option('--repeat', 1);
  // Each round starts with the next scenario: none is always measured first.
  const runs = new Map<string, RunResult[]>(SCENARIOS.map((s) => [s.name, []]));
  // A run that fails (a client that cannot connect or join) is reported; the others go on.
  const failed: { scenario: string; error: string }[] = [];
  for (let round = 0; round < repeat; round += 1) {
    for (let k = 0; k < SCENARIOS.length; k += 1) {
      const scenario = SCENARIOS[(round + k) % SCENARIOS.length]!;
      try {
        runs.get(scenario.name)!.push(await runScenario(scenario, options));
      } catch (err) {
        failed.push({ scenario: scenario.name, error: (err as Error).message });
        console.error(`${scenario.name}: failed: ${(err as Error).message}`);
      }
    }
  }
  const of = (name: string) => runs.get(name)!;
  const medianOf = (name: string, pick: (r: RunResult) => number) => median(of(name).map(pick));
  const fourOverOne = (pick: (r: RunResult) => number, one = '1 node') =>
    round2(medianOf('4 nodes', pick) / medianOf(one, pick));
  const quarter = '1 node, a quarter of the load';
  console.log(
    JSON.stringify(
      {
        ...Object.fromEntries(
          SCENARIOS.map((s) => [s.name, of(s.name).length > 0 ? summarize(of(s.name)) : null]),
        ),
        fourNodesOverOne: {
          cpuMicrosPerOwnMessage: fourOverOne(perOwnMessage),
          cpuMicrosPerOwnMessageLessIdle: fourOverOne((r) => r.cpuMicrosPerOwnMessageLessIdle),
        },
        // The price of rooms across nodes alone: each of the 4 nodes against one node that
        // carries as many messages as each of them.
        fourNodesOverOneAtTheSameLoadPerNode: {
          cpuMicrosPerOwnMessage: fourOverOne(perOwnMessage, quarter),
          cpuMicrosPerOwnMessageLessIdle: fourOverOne(
            (r) => r.cpuMicrosPerOwnMessageLessIdle,
            quarter,
          ),
        },
        bystanderOverMemberCpu: {
          raw: round2(medianOf('bystander', (r) => r.bystanderOverMemberCpu!)),
          lessIdle: round2(medianOf('bystander', (r) => r.bystanderOverMemberCpuLessIdle!)),
        },
        targets: { fourNodesOverOneAtMost: 1.25, bystanderOverMemberCpuAtMost: 0.1 },
        failed,
        cpus: availableParallelism(),
      },
      null,
      2,
    ),
  );
  if (failed.length > 0 || [...runs.values()].flat().some((r) => !r.clean)) process.exit(1);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:cluster: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
