import { describe, expect, it } from 'vitest';
import { decodeView, viewMessage } from './viewWire';

describe('view messages', () => {
  it('round-trip a size in whole pixels', () => {
    expect(decodeView(viewMessage({ width: 693.4, height: 390 }))).toEqual({
      width: 693,
      height: 390,
    });
    expect(decodeView(viewMessage({ width: 0, height: 0 }))).toEqual({ width: 0, height: 0 });
  });

  it('ignore chat, garbage and sizes that are none', () => {
    for (const frame of [
      JSON.stringify({ type: 'chat', text: 'hi', at: 1 }),
      '{"type":"view","width":-1,"height":10}',
      '{"type":"view","width":1.5,"height":10}',
      '{"type":"view","width":100000,"height":10}',
      '{"type":"view","width":"640","height":360}',
      '{"type":"view"}',
      'null',
      'not json',
      `{"type":"view","width":640,"height":360,"pad":"${'x'.repeat(300)}"}`,
      new ArrayBuffer(8),
    ]) {
      expect(decodeView(frame)).toBeNull();
    }
  });
});
