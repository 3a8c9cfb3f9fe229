import { describe, expect, it } from 'vitest';
import { AddressRate } from './addressRate.js';

const takes = (rate: AddressRate, address: string, n: number, at: number) =>
  Array.from({ length: n }, () => rate.take(address, at)).filter(Boolean).length;

describe('AddressRate', () => {
  it('lets a burst in at once, then the rate, per address', () => {
    const rate = new AddressRate(10, 300);
    expect(takes(rate, '192.0.2.1', 400, 0)).toBe(300);
    expect(takes(rate, '192.0.2.2', 200, 0)).toBe(200); // another address is not held up
    expect(takes(rate, '192.0.2.1', 10, 500)).toBe(5); // half a second at 10/s
  });

  it('forgets addresses whose bucket has refilled, and treats them as new', () => {
    const rate = new AddressRate(10, 20);
    takes(rate, 'a', 20, 0);
    takes(rate, 'b', 1, 0);
    expect(rate.addresses).toBe(2);
    expect(takes(rate, 'c', 1, 2500)).toBe(1);
    expect(rate.addresses).toBe(1);
    expect(takes(rate, 'a', 30, 2500)).toBe(20);
  });

  it('limits nothing at rate 0', () => {
    const rate = new AddressRate(0, 0);
    expect(takes(rate, 'a', 1000, 0)).toBe(1000);
    expect(rate.addresses).toBe(0);
  });
});
