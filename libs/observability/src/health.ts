export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'up' | 'down'; error?: string; durationMs: number }>;
}

/** Runs every readiness check with a timeout; the service is ready only if all are up. */
export async function runReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
): Promise<ReadinessReport> {
  const report: ReadinessReport = { status: 'ready', checks: {} };
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const started = Date.now();
      try {
        await Promise.race([
          check(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs),
          ),
        ]);
        report.checks[name] = { status: 'up', durationMs: Date.now() - started };
      } catch (error) {
        report.status = 'not-ready';
        report.checks[name] = {
          status: 'down',
          error: error instanceof Error ? error.message : String(error),
          durationMs: Date.now() - started,
        };
      }
    }),
  );
  return report;
}
