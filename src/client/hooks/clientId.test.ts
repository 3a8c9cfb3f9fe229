// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../testing/memoryStorage';
import { getClientId } from './clientId';

const KEY = 'duet.clientId';
const VALID = /^[A-Za-z0-9_-]{8,64}$/;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('getClientId', () => {
  it('is stable across calls with the same storage, and kept in it', () => {
    const storage = memoryStorage();
    const id = getClientId(storage);
    expect(id).toMatch(VALID);
    expect(getClientId(storage)).toBe(id);
    expect(storage.getItem(KEY)).toBe(id);
  });

  it('differs between tabs (separate storages)', () => {
    expect(getClientId(memoryStorage())).not.toBe(getClientId(memoryStorage()));
  });

  it('keeps a valid id that is already stored', () => {
    const storage = memoryStorage({ [KEY]: 'stored_id-1234' });
    expect(getClientId(storage)).toBe('stored_id-1234');
  });

  it.each([
    ['too short', 'abc'],
    ['bad characters', 'has spaces and !'],
    ['too long', 'x'.repeat(65)],
    ['empty', ''],
  ])('replaces a malformed stored value (%s) with a fresh valid id', (_why, malformed) => {
    const storage = memoryStorage({ [KEY]: malformed });
    const id = getClientId(storage);
    expect(id).toMatch(VALID);
    expect(id).not.toBe(malformed);
    expect(storage.getItem(KEY)).toBe(id);
    expect(getClientId(storage)).toBe(id);
  });

  it('uses sessionStorage by default', () => {
    const storage = memoryStorage();
    vi.stubGlobal('sessionStorage', storage);
    const id = getClientId();
    expect(storage.getItem(KEY)).toBe(id);
  });

  it('still returns a valid id where there is no storage at all', () => {
    vi.stubGlobal('sessionStorage', undefined);
    expect(getClientId()).toMatch(VALID);
  });
});
