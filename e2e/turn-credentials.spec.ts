// coturn accepts the TURN credentials duet's server hands out, and refuses expired or forged ones.
// turnutils_uclient (from the coturn package) allocates a relay, exactly as a browser would.
import { spawn } from 'node:child_process';
import { turnCredential } from '../src/server/ice';
import type { IceServersResponse } from '../src/shared/protocol';
import type { RunningCoturn } from './support/coturn';
import { joinAsMember } from './support/member';
import { expect, test } from './support/turnFixtures';

interface Allocation {
  code: number | null;
  output: string;
}

/** One client allocating a relay and sending one message through it (-n 1 -m 1). */
function allocate(coturn: RunningCoturn, username: string, password: string): Promise<Allocation> {
  const { ip, port } = coturn.settings;
  const args = [
    '-p',
    String(port),
    '-u',
    username,
    '-w',
    password,
    '-e',
    ip,
    '-n',
    '1',
    '-m',
    '1',
    '-c',
    '-y',
    ip,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('turnutils_uclient', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const userPattern = (username: string) => username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a credential from /api/ice-servers allocates a relay on coturn', async ({
  coturn,
  turnServer,
  request,
}) => {
  // A stranger gets no credential; a room member gets one that names it.
  expect((await request.get(`${turnServer.url}/api/ice-servers`)).status()).toBe(401);
  const member = await joinAsMember(turnServer.url);
  const response = await request.get(`${turnServer.url}/api/ice-servers`, {
    headers: member.authorization,
  });
  member.leave();
  const body = (await response.json()) as IceServersResponse;
  const turn = body.iceServers.find((s) => [s.urls].flat().some((u) => u.startsWith('turn:')));
  expect(turn?.username).toMatch(new RegExp(`^\\d+:${userPattern(member.joined.userId)}$`));
  const from = coturn.logs.length;

  const result = await allocate(coturn, turn!.username!, turn!.credential!);
  expect(result.code, result.output).toBe(0);
  await coturn.waitForLog(
    new RegExp(
      `user <${userPattern(turn!.username!)}>: incoming packet ALLOCATE processed, success`,
    ),
    {
      fromLine: from,
    },
  );
});

/** coturn answers 401 to this credential and allocates nothing. */
async function expectRefused(
  coturn: RunningCoturn,
  { username, credential }: { username: string; credential: string },
) {
  const from = coturn.logs.length;
  const result = await allocate(coturn, username, credential);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('Cannot complete Allocation');
  await coturn.waitForLog(new RegExp(`user <${userPattern(username)}>: .*error 401`), {
    fromLine: from,
  });
  expect(coturn.logs.slice(from).join('\n')).not.toMatch(/ALLOCATE processed, success/);
}

test('an expired credential is refused', async ({ coturn }) => {
  await expectRefused(
    coturn,
    turnCredential(coturn.settings.secret, 'late', Math.floor(Date.now() / 1000) - 60),
  );
});

test('a credential signed with another secret is refused', async ({ coturn }) => {
  await expectRefused(
    coturn,
    turnCredential('not-the-secret', 'mallory', Math.floor(Date.now() / 1000) + 600),
  );
});

test('coturn restarts on the same ports and allocates again', async ({
  coturn,
  turnServer,
  request,
}) => {
  const { port, minPort } = coturn.settings;
  await coturn.restart();
  expect(coturn.settings).toMatchObject({ port, minPort });
  const member = await joinAsMember(turnServer.url);
  const response = await request.get(`${turnServer.url}/api/ice-servers`, {
    headers: member.authorization,
  });
  member.leave();
  const body = (await response.json()) as IceServersResponse;
  const turn = body.iceServers.find((s) => s.username !== undefined)!;
  const result = await allocate(coturn, turn.username!, turn.credential!);
  expect(result.code, result.output).toBe(0);
});
