import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TokenIssuer } from '@lawfirm/auth';
import { withScope } from '@lawfirm/database';
import { DomainError } from '@lawfirm/errors';
import { SERVICE_CONFIG, SignInGate, signInThrottlePolicies, type SignInRateLimit } from '@lawfirm/platform';
import { ACCESS_TOKEN_AUDIENCE, type GatewayConfig } from '../config';
import { AUTHN_SCOPE } from '../migrations/1764000000000-initial';
import { ApiClient } from './api-client.entity';
import type { TokenRequestDto, TokenResponseDto } from './dto/token-request.dto';
import { decoy, verifySecret, type TokenEpochs } from '@lawfirm/auth';
import { Firm } from './firm.entity';
import { User } from './user.entity';

export class InvalidGrantError extends DomainError {
  constructor(code: 'invalid_grant' | 'invalid_client', detail: string) {
    super('unauthorized', code, detail, [], { error: code });
  }
}

export interface AuthenticatedPrincipal {
  firmId: string;
  subject: string;
  actorType: 'user' | 'integration';
}

type SignedInPrincipal = AuthenticatedPrincipal & { roles: string[]; epochs: TokenEpochs };

/** Where a token request came from, for throttling and the audit of a lock. */
export interface TokenRequestOrigin {
  source: string;
  requestId: string;
  /** Told the rate-limit state of this attempt (for the `RateLimit-*` headers), also when it fails. */
  report: (rateLimit: SignInRateLimit) => void;
}

@Injectable()
export class IdentityService {
  private readonly signInGate: SignInGate;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TokenIssuer) private readonly issuer: TokenIssuer,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.signInGate = new SignInGate(dataSource, signInThrottlePolicies(config));
  }

  async issueToken(
    request: TokenRequestDto,
    origin: TokenRequestOrigin,
  ): Promise<TokenResponseDto & { principal: AuthenticatedPrincipal }> {
    const isPassword = request.grant_type === 'password';
    // Users and API clients are throttled as separate accounts: a client id is never an e-mail address.
    const account = isPassword ? `user:${request.username ?? ''}` : `client:${request.client_id ?? ''}`;
    const principal = await this.signInGate.signIn(
      { account, source: origin.source, grant: request.grant_type, requestId: origin.requestId },
      origin.report,
      () =>
        isPassword
          ? this.authenticateUser(request.username ?? '', request.password ?? '')
          : this.authenticateClient(request.client_id ?? '', request.client_secret ?? ''),
    );
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await this.issuer.sign(
      ACCESS_TOKEN_AUDIENCE,
      {
        firmId: principal.firmId,
        subject: principal.subject,
        actorType: principal.actorType,
        roles: principal.roles,
        scopes: [],
        epochs: principal.epochs,
      },
      ttl,
    );
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      principal: { firmId: principal.firmId, subject: principal.subject, actorType: principal.actorType },
    };
  }

  private async authenticateUser(email: string, password: string): Promise<SignedInPrincipal> {
    const user = await withScope(this.dataSource, AUTHN_SCOPE, (manager) =>
      manager.getRepository(User).findOne({ where: { email: email.trim().toLowerCase() } }),
    );
    const valid = await verifySecret(user?.passwordHash ?? (await decoy()), password);
    const firm = user && valid ? await this.activeFirm(user.firmId) : undefined;
    if (!user || !valid || user.disabledAt || !firm) {
      throw new InvalidGrantError('invalid_grant', 'The e-mail address or password is not correct.');
    }
    return {
      firmId: user.firmId,
      subject: user.id,
      actorType: 'user',
      roles: user.roles,
      epochs: { subject: user.tokenEpoch, firm: firm.tokenEpoch },
    };
  }

  private async authenticateClient(clientId: string, secret: string): Promise<SignedInPrincipal> {
    const client = await withScope(this.dataSource, AUTHN_SCOPE, (manager) =>
      manager.getRepository(ApiClient).findOne({ where: { clientId } }),
    );
    const valid = await verifySecret(client?.secretHash ?? (await decoy()), secret);
    const firm = client && valid ? await this.activeFirm(client.firmId) : undefined;
    if (!client || !valid || client.revokedAt || !firm) {
      throw new InvalidGrantError('invalid_client', 'The client credentials are not correct.');
    }
    return {
      firmId: client.firmId,
      subject: client.id,
      actorType: 'integration',
      roles: client.roles,
      epochs: { subject: client.tokenEpoch, firm: firm.tokenEpoch },
    };
  }

  /** The firm, unless it is suspended (its people and integrations get no tokens then). */
  private async activeFirm(firmId: string): Promise<Firm | undefined> {
    const firm = await this.dataSource.getRepository(Firm).findOne({ where: { id: firmId } });
    return firm && !firm.suspendedAt ? firm : undefined;
  }
}
