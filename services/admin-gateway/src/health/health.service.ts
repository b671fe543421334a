import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runReadiness } from '@lawfirm/observability';
import { MessagingRuntime } from '@lawfirm/platform';
import type { HealthTarget } from './health-targets';

export const HEALTH_TARGETS = Symbol('HEALTH_TARGETS');

/** How long one service may take to answer its readiness probe before it counts as unreachable. */
const PROBE_TIMEOUT_MS = 3000;

export type ServiceHealthStatus = 'ready' | 'not-ready' | 'unreachable';

export interface ServiceHealth {
  service: string;
  url: string | null;
  status: ServiceHealthStatus;
  httpStatus: number | null;
  latencyMs: number;
  checks: Record<string, unknown>;
  error: string | null;
}

/** Polls each service's `/readyz` (database and broker checks) and reports this gateway's own. */
@Injectable()
export class HealthService {
  constructor(
    @Inject(HEALTH_TARGETS) private readonly targets: HealthTarget[],
    private readonly dataSource: DataSource,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
  ) {}

  async all(): Promise<{ checkedAt: string; items: ServiceHealth[] }> {
    const items = await Promise.all([this.self(), ...this.targets.map((target) => this.probe(target))]);
    return { checkedAt: new Date().toISOString(), items };
  }

  private async probe(target: HealthTarget): Promise<ServiceHealth> {
    const started = performance.now();
    try {
      const response = await fetch(`${target.url}/readyz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      const body = (await response.json().catch(() => ({}))) as { checks?: Record<string, unknown> };
      return {
        service: target.service,
        url: target.url,
        status: response.status === 200 ? 'ready' : 'not-ready',
        httpStatus: response.status,
        latencyMs: Math.round(performance.now() - started),
        checks: body.checks ?? {},
        error: null,
      };
    } catch (error) {
      return {
        service: target.service,
        url: target.url,
        status: 'unreachable',
        httpStatus: null,
        latencyMs: Math.round(performance.now() - started),
        checks: {},
        error:
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error),
      };
    }
  }

  /** The same checks as this gateway's own /readyz, run in-process. */
  private async self(): Promise<ServiceHealth> {
    const started = performance.now();
    const report = await runReadiness({
      database: async () => {
        await this.dataSource.query('SELECT 1');
      },
      broker: () => this.messaging.checkBroker(),
    });
    return {
      service: 'admin-gateway',
      url: null,
      status: report.status === 'ready' ? 'ready' : 'not-ready',
      httpStatus: null,
      latencyMs: Math.round(performance.now() - started),
      checks: report.checks,
      error: null,
    };
  }
}
