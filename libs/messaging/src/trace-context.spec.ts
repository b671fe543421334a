import { childTraceparent, currentTraceparent, isTraceparent, runWithTrace, traceIdOf } from './trace-context';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it('accepts W3C traceparents and refuses malformed or all-zero ones', () => {
    expect(isTraceparent(PARENT)).toBe(true);
    for (const bad of [
      undefined,
      '',
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7',
    ]) {
      expect(isTraceparent(bad)).toBe(false);
    }
  });

  it("continues the caller's trace under a new span, keeping its flags", () => {
    const unsampled = PARENT.replace(/-01$/, '-00');
    const child = childTraceparent(unsampled);
    expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    expect(child).not.toBe(unsampled);
    expect(isTraceparent(child)).toBe(true);
  });

  it('starts a new sampled trace when there is none or it is invalid', () => {
    const fresh = childTraceparent('garbage');
    expect(isTraceparent(fresh)).toBe(true);
    expect(fresh.endsWith('-01')).toBe(true);
    expect(traceIdOf(fresh)).not.toBe(traceIdOf(childTraceparent(undefined)));
  });

  it('makes the trace current for everything the work awaits, and only there', async () => {
    expect(currentTraceparent()).toBeUndefined();
    const seen = await runWithTrace(PARENT, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTraceparent();
    });
    expect(seen).toBe(PARENT);
    expect(currentTraceparent()).toBeUndefined();
    expect(traceIdOf(PARENT)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
