import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decoy, TokenIssuer, verifySecret } from '@lawfirm/auth';
import { PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import { DomainError } from '@lawfirm/errors';
import { SERVICE_CONFIG, SignInGate, signInThrottlePolicies, type SignInRateLimit } from '@lawfirm/platform';
import { OPS_TOKEN_AUDIENCE, type AdminGatewayConfig } from '../config';
import { OpsUser } from './ops-user.entity';

export interface OpsTokenGrant {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Signs in a member of the operations team with e-mail address and password. */
/** Where a sign-in came from, for throttling; `report` gets the rate-limit state for the `RateLimit-*` headers. */
export interface OpsSignInOrigin {
  source: string;
  requestId: string;
  report: (rateLimit: SignInRateLimit) => void;
}

@Injectable()
export class OpsAuthService {
  private readonly signInGate: SignInGate;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TokenIssuer) private readonly issuer: TokenIssuer,
    @Inject(SERVICE_CONFIG) private readonly config: AdminGatewayConfig,
  ) {
    this.signInGate = new SignInGate(dataSource, signInThrottlePolicies(config));
  }

  /** Throttled per account and per source address (counters shared by every instance), unknown accounts alike. */
  passwordGrant(username: string, password: string, origin: OpsSignInOrigin): Promise<OpsTokenGrant> {
    return this.signInGate.signIn(
      {
        account: `ops:${username}`,
        source: origin.source,
        grant: 'ops-password',
        requestId: origin.requestId,
      },
      origin.report,
      () => this.checkPassword(username, password),
    );
  }

  private async checkPassword(username: string, password: string): Promise<OpsTokenGrant> {
    const user = await this.dataSource
      .getRepository(OpsUser)
      .findOne({ where: { email: username.trim().toLowerCase() } });
    // An unknown address costs as much as a wrong password, so timing does not tell which it was.
    const valid = await verifySecret(user?.passwordHash ?? (await decoy()), password);
    if (!user || !valid) {
      throw new DomainError(
        'unauthorized',
        'invalid_grant',
        'The e-mail address or password is not correct.',
        [],
        {
          error: 'invalid_grant',
        },
      );
    }
    const ttl = this.config.ADMIN_TOKEN_TTL_SECONDS;
    const token = await this.issuer.sign(
      OPS_TOKEN_AUDIENCE,
      { firmId: PLATFORM_FIRM_ID, subject: user.id, actorType: 'ops', roles: user.roles, scopes: [] },
      ttl,
    );
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  }
}
