import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BearerAuthGuard, InternalTokenVerifier } from '@lawfirm/auth';
import type { EntityList } from '@lawfirm/database';
import { ProblemFilter } from '@lawfirm/errors';
import type { Logger } from '@lawfirm/observability';
import { DataSource } from 'typeorm';
import { ConfigError, type ServiceConfig } from './config';
import { IdempotencyInterceptor } from './idempotency';
import { MessagingRuntime } from './messaging-runtime';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const LOGGER = Symbol('LOGGER');

export interface PlatformOptions {
  service: string;
  config: ServiceConfig;
  logger: Logger;
  entities: EntityList;
  /** The audience internal tokens for this service carry; defaults to the service name. */
  audience?: string;
  /** Provide your own guard (the gateways authenticate callers their own way). */
  authGuard?: 'internal' | 'none';
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(MessagingRuntime) private readonly messaging: MessagingRuntime) {}
  onApplicationBootstrap(): void {
    this.messaging.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.messaging.stop();
  }
}

/**
 * What every service gets: its database (app role), the event backbone, the problem+json
 * filter and, unless it authenticates callers itself, the internal-token guard.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const internalKey = config.INTERNAL_TOKEN_KEY;
    if (options.authGuard !== 'none' && !internalKey) {
      throw new ConfigError(
        "Invalid configuration:\n  INTERNAL_TOKEN_KEY (missing): this service's internal-token key (shared with the gateway) is required to verify internal tokens",
      );
    }
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.DATABASE_URL,
          entities: options.entities,
          synchronize: false,
          migrationsRun: false,
          applicationName: options.service,
          extra: { max: 10 },
        }),
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: options.logger },
        {
          provide: MessagingRuntime,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new MessagingRuntime(options.service, config, dataSource, options.logger),
        },
        MessagingLifecycle,
        { provide: APP_FILTER, useClass: ProblemFilter },
        ...(options.authGuard === 'none'
          ? []
          : [
              {
                provide: APP_GUARD,
                inject: [Reflector],
                useFactory: (reflector: Reflector) =>
                  new BearerAuthGuard(
                    reflector,
                    new InternalTokenVerifier(
                      internalKey ?? '',
                      config.TOKEN_ISSUER,
                      options.audience ?? options.service,
                    ),
                  ),
              },
              // Keys the gateway forwards: a retry it never learned the outcome of asks us.
              {
                provide: APP_INTERCEPTOR,
                inject: [DataSource],
                useFactory: (dataSource: DataSource) => new IdempotencyInterceptor(dataSource),
              },
            ]),
      ],
      exports: [SERVICE_CONFIG, LOGGER, MessagingRuntime, TypeOrmModule],
    };
  }
}
