// Several nodes: two built servers share one real redis-server; each person loads the app from a
// different node, and the call still comes up with real frames both ways.
import type { BrowserContext, Page } from '@playwright/test';
import { startRedis } from '../src/server/testing/redisServer';
import { expect, expectCallUp, expectState, joinRoom, test } from './support/fixtures';
import { startServer, type RunningServer } from './support/server';

/** The room ids this node logged a `join` for (pino JSON lines). */
function joinsOn(node: RunningServer): string[] {
  return node.logs
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; roomId?: string })
    .filter((entry) => entry.msg === 'join')
    .map((entry) => entry.roomId ?? '');
}

test('two people on two nodes of one cluster call each other, the second let into a locked room', async ({
  browser,
}) => {
  // Two servers, a redis-server and two pages with live video on a shared two-core machine.
  test.slow();
  const redis = await startRedis();
  const nodes: RunningServer[] = [];
  const contexts: BrowserContext[] = [];
  const open = async (node: RunningServer): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(node.url);
    return page;
  };
  try {
    for (let i = 0; i < 2; i++) nodes.push(await startServer({ REDIS_URL: redis.url }));
    const [nodeA, nodeB] = nodes as [RunningServer, RunningServer];
    const roomId = `e2e-cluster-${Math.random().toString(36).slice(2, 10)}`;
    const alice = await open(nodeA);
    const bob = await open(nodeB);

    await joinRoom(alice, roomId, 'waiting');
    // Alice locks the room on node A; Bob knocks on node B and she lets him in across.
    await alice.getByTestId('lock-toggle').click();
    await expect(alice.getByTestId('lock-state')).toHaveAttribute('data-locked', 'true');
    await joinRoom(bob, roomId, 'disconnect');
    await expect(bob.getByTestId('knock-status')).toBeVisible();
    await alice.getByTestId('knock-request').getByTestId('admit-button').click();
    await expectState(bob, 'canCall');
    await expectState(alice, 'canCall');
    // Each member really sits on its own node.
    expect(joinsOn(nodeA)).toEqual([roomId]);
    expect(joinsOn(nodeB)).toEqual([roomId]);

    await alice.getByTestId('call-button').click();
    await expectCallUp(alice, bob);

    // Bob leaves on node B: Alice on node A is told and waits again.
    await bob.close();
    await expectState(alice, 'waiting');
  } finally {
    for (const context of contexts) await context.close();
    for (const node of nodes) await node.stop();
    await redis.stop();
  }
});
