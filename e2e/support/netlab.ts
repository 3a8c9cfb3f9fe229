// A small internet made of network namespaces, veth pairs and nftables, for calls across NATs and
// bad lines. Linux as root only (e2e runs inside scripts/hermetic.mjs's namespace):
//
//   home i:  [browser hN] 198.51.100.(16i+2) ── lan ─ [router rN] ─ wan 203.0.113.(8i+2) ──┐
//                                                                                        [public]
//   services on the public side's loopback: 203.0.113.100 (duet, coturn) and .101 (coturn) ┘
//
// The public side routes only 203.0.113.0/24: a home's LAN (its host candidates) is unreachable
// from outside, as behind a real NAT. What the public side has no route for vanishes, as on the
// internet: without that a send there fails (ENETUNREACH), and coturn closes a whole allocation on
// one failed send to a peer, such as a relayed ICE check to the other home's host candidate.
// Each router's nftables table is rewritten whole from a HomeRules value (NAT kind, blocked UDP,
// loss, rate, outage), so one lab serves several cases.
// Names are unique per process and everything is removed on dispose() or when the process exits.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The public services' addresses (duet and coturn on the first, a second STUN address on both). */
export const PUBLIC_IP = '203.0.113.100';
export const PUBLIC_IP_2 = '203.0.113.101';
/** A next hop nobody answers for: where the public side sends what it has no route for. */
const VOID_GATEWAY = '192.0.2.254';

export type NatKind =
  /** Linux masquerade keeps the source port: one mapping for every destination. */
  | 'endpoint-independent'
  /** masquerade random: a new random port for every destination (a symmetric NAT). */
  | 'symmetric';

export interface HomeRules {
  nat: NatKind;
  /** Drop every UDP packet the home sends out (a firewall that allows only TCP). */
  blockUdp?: boolean;
  /** Drop this share of packets, each way, at random. */
  lossPercent?: number;
  /** Drop this share of the packets coming into the home only, at random. */
  lossInPercent?: number;
  /** Police each direction to this many kbit/s (excess dropped, like a saturated uplink). */
  rateKbit?: number;
  /** Drop everything both ways: the line is down. */
  down?: boolean;
}

/** The router's nftables table for `rules` (one atomic `nft -f` input that replaces the old one). */
export function routerRuleset(rules: HomeRules): string {
  const forward: string[] = [];
  if (rules.down) forward.push('drop');
  if (rules.blockUdp) forward.push('iifname "lan" meta l4proto udp drop');
  if (rules.lossPercent) forward.push(`numgen random mod 100 < ${rules.lossPercent} drop`);
  if (rules.lossInPercent)
    forward.push(`iifname "wan" numgen random mod 100 < ${rules.lossInPercent} drop`);
  if (rules.rateKbit) {
    const bytes = Math.round((rules.rateKbit * 1000) / 8);
    // A small burst: a policer on a thin line, not a deep buffer.
    for (const dir of ['iifname "lan"', 'iifname "wan"'])
      forward.push(`${dir} limit rate over ${bytes} bytes/second burst 15000 bytes drop`);
  }
  // Nothing from outside reaches the LAN unless it belongs to a flow the home started.
  forward.push('iifname "wan" ct state != { established, related } drop');
  const masquerade = rules.nat === 'symmetric' ? 'masquerade random' : 'masquerade';
  return [
    'table ip duetlab {}',
    'delete table ip duetlab',
    'table ip duetlab {',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    ...forward.map((rule) => `    ${rule}`),
    '  }',
    // Unsolicited packets to the router itself are dropped before conntrack keeps them: a stray
    // entry would take the port a later outgoing mapping wants, changing the NAT's behaviour.
    '  chain input {',
    '    type filter hook input priority filter; policy accept;',
    '    iifname "wan" ct state new drop',
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    oifname "wan" ${masquerade}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export interface Home {
  /** 1-based. */
  index: number;
  /** The namespace the browser runs in. */
  browserNs: string;
  routerNs: string;
  /** The browser's own (LAN) address. */
  lanIp: string;
  /** The router's public address (changed by newPublicAddress()). */
  wanIp: string;
  rules: HomeRules;
  /** Replaces the router's rules at once (conntrack entries, i.e. NAT mappings, are kept). */
  setRules(rules: HomeRules): void;
  /** The router forgets every NAT mapping (its conntrack table is flushed). */
  flushConntrack(): void;
  /**
   * The router gets another public address (as after a reconnect to the ISP) and so forgets its
   * mappings: every flow from the home now comes from a new address.
   */
  newPublicAddress(): void;
  /** A shell script that runs Chromium in this home (Playwright's executablePath). */
  chromiumWrapper: string;
}

export interface NetLab {
  publicNs: string;
  homes: Home[];
  /** Runs `command` inside `ns` (execFileSync: throws with its stderr on failure). */
  exec(ns: string, command: string[], input?: string): string;
  dispose(): void;
}

function run(command: string[], input?: string): string {
  try {
    return execFileSync(command[0]!, command.slice(1), {
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${command.join(' ')} failed: ${stderr.trim() || String(error)}`);
  }
}

const inNs = (ns: string, command: string[]) => ['ip', 'netns', 'exec', ns, ...command];

/** Builds the lab with `homes` homes, all starting with `initial` rules. */
export function createNetLab(
  options: { homes?: number; initial?: HomeRules; chromium?: string } = {},
): NetLab {
  const { homes: count = 2, initial = { nat: 'endpoint-independent' } } = options;
  const chromium = options.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const tag = `duetlab-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const publicNs = `${tag}-pub`;
  const made: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'duet-netlab-'));
  const exec = (ns: string, command: string[], input?: string) => run(inNs(ns, command), input);

  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    process.off('exit', dispose);
    // Deleting a namespace deletes its veth ends (and so their peers); processes still inside keep
    // it alive only until they exit.
    for (const ns of made.reverse()) {
      try {
        run(['ip', 'netns', 'del', ns]);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', dispose);

  const addNs = (ns: string) => {
    run(['ip', 'netns', 'add', ns]);
    made.push(ns);
    exec(ns, ['ip', 'link', 'set', 'lo', 'up']);
  };
  const link = (
    nsA: string,
    nameA: string,
    ipA: string,
    nsB: string,
    nameB: string,
    ipB: string,
    prefix: number,
  ) => {
    run([
      'ip',
      'link',
      'add',
      nameA,
      'netns',
      nsA,
      'type',
      'veth',
      'peer',
      'name',
      nameB,
      'netns',
      nsB,
    ]);
    for (const [ns, name, ip] of [
      [nsA, nameA, ipA],
      [nsB, nameB, ipB],
    ] as const) {
      exec(ns, ['ip', 'addr', 'add', `${ip}/${prefix}`, 'dev', name]);
      exec(ns, ['ip', 'link', 'set', name, 'up']);
    }
  };

  try {
    addNs(publicNs);
    exec(publicNs, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    for (const ip of [PUBLIC_IP, PUBLIC_IP_2])
      exec(publicNs, ['ip', 'addr', 'add', `${ip}/32`, 'dev', 'lo']);
    // "The internet": a veth pair whose far end takes nothing, reached through a gateway that
    // exists only as a fixed neighbour entry (no ARP), so its frames are dropped on arrival.
    const inPublic = (command: string) => exec(publicNs, command.split(' '));
    inPublic('ip link add internet type veth peer name internet-end');
    inPublic('ip link set internet up');
    inPublic('ip link set internet-end up');
    inPublic(`ip route add default via ${VOID_GATEWAY} dev internet onlink`);
    inPublic(
      `ip neigh replace ${VOID_GATEWAY} lladdr 02:00:00:00:00:01 dev internet nud permanent`,
    );

    const homes: Home[] = [];
    for (let index = 1; index <= count; index++) {
      const routerNs = `${tag}-r${index}`;
      const browserNs = `${tag}-h${index}`;
      addNs(routerNs);
      addNs(browserNs);
      const gateway = `203.0.113.${8 * index + 1}`;
      const wanIp = `203.0.113.${8 * index + 2}`;
      const lanGateway = `198.51.100.${16 * index + 1}`;
      const lanIp = `198.51.100.${16 * index + 2}`;
      link(publicNs, `home${index}`, gateway, routerNs, 'wan', wanIp, 29);
      link(routerNs, 'lan', lanGateway, browserNs, 'eth0', lanIp, 28);
      exec(routerNs, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
      exec(routerNs, ['ip', 'route', 'add', 'default', 'via', gateway]);
      exec(browserNs, ['ip', 'route', 'add', 'default', 'via', lanGateway]);

      const chromiumWrapper = join(dir, `chromium-home${index}.sh`);
      writeFileSync(
        chromiumWrapper,
        `#!/bin/sh\nexec ip netns exec ${browserNs} ${chromium} "$@"\n`,
      );
      chmodSync(chromiumWrapper, 0o755);

      const home: Home = {
        index,
        browserNs,
        routerNs,
        lanIp,
        wanIp,
        rules: initial,
        chromiumWrapper,
        setRules(rules) {
          exec(routerNs, ['nft', '-f', '-'], routerRuleset(rules));
          home.rules = rules;
        },
        flushConntrack() {
          exec(routerNs, ['conntrack', '-F']);
        },
        newPublicAddress() {
          const next = home.wanIp === wanIp ? `203.0.113.${8 * index + 3}` : wanIp;
          // The old address takes its routes with it: the default route comes back with the new one.
          exec(routerNs, ['ip', 'addr', 'del', `${home.wanIp}/29`, 'dev', 'wan']);
          exec(routerNs, ['ip', 'addr', 'add', `${next}/29`, 'dev', 'wan']);
          exec(routerNs, ['ip', 'route', 'replace', 'default', 'via', gateway]);
          home.wanIp = next;
          home.flushConntrack();
        },
      };
      home.setRules(initial);
      homes.push(home);
    }
    return { publicNs, homes, exec, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
