// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/memoryStorage';
import { tabCallMemory } from './callMemory';

describe('tabCallMemory', () => {
  it('remembers the room and call until told to forget', () => {
    const storage = memoryStorage();
    const memory = tabCallMemory(storage);
    expect(memory.recall()).toBeNull();
    memory.remember({ roomId: 'kitchen', inCall: true });
    expect(tabCallMemory(storage).recall()).toEqual({ roomId: 'kitchen', inCall: true });
    memory.remember(null);
    expect(tabCallMemory(storage).recall()).toBeNull();
  });

  it.each([
    ['not JSON', '{oops'],
    ['no room', '{"inCall":true}'],
    ['a room id the server would refuse', '{"roomId":"a b","inCall":true}'],
    ['a room id of the wrong type', '{"roomId":42}'],
  ])('ignores a stored value that is %s', (_, raw) => {
    expect(tabCallMemory(memoryStorage({ 'duet.call': raw })).recall()).toBeNull();
  });

  it('reads only a literal true as "in a call"', () => {
    const memory = tabCallMemory(memoryStorage({ 'duet.call': '{"roomId":"x","inCall":"yes"}' }));
    expect(memory.recall()).toEqual({ roomId: 'x', inCall: false });
  });

  it('works without storage (private mode that refuses it): nothing is remembered', () => {
    const memory = tabCallMemory(undefined);
    memory.remember({ roomId: 'x', inCall: true });
    expect(memory.recall()).toBeNull();
  });
});
