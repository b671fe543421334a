import { Inject, Injectable, Optional, SetMetadata } from '@nestjs/common';
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

/** A second-factor code was missing or wrong at sign-in: 401 with OAuth's `invalid_grant`. */
export class SecondFactorError extends DomainError {
  constructor(code: 'totp_required' | 'totp_invalid', detail: string) {
    super('unauthorized', code, detail, [], { error: 'invalid_grant' });
  }
}

/** The scope of a token that may only enrol TOTP (its firm requires a second factor the user lacks). */
export const TOTP_ENROLMENT_SCOPE = 'totp-enrolment';
export const ALLOW_DURING_TOTP_ENROLMENT = 'lawfirm:allow-during-totp-enrolment';
/** Marks the routes a `totp-enrolment` token may call; every other route refuses it with 403. */
export const AllowDuringTotpEnrolment = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOW_DURING_TOTP_ENROLMENT, true);

export interface SecondFactorCodes {
  totp?: string;
  recoveryCode?: string;
}

/**
 * The second factor at sign-in, after the password was right: `passed` (a fresh code or an unused
 * recovery code), `not-required` (not enrolled and the firm does not ask for it), `enrolment-required`
 * (the firm requires TOTP and the user has none yet); a missing or wrong code throws `SecondFactorError`.
 * Provided by the TOTP feature; identity only defines what it asks.
 */
export interface SecondFactor {
  check(
    user: { id: string; firmId: string },
    codes: SecondFactorCodes,
    requestId: string,
  ): Promise<'passed' | 'not-required' | 'enrolment-required'>;
}

export const SECOND_FACTOR = Symbol('SecondFactor');

export interface AuthenticatedPrincipal {
  firmId: string;
  subject: string;
  actorType: 'user' | 'integration';
}

type SignedInPrincipal = AuthenticatedPrincipal & { roles: string[]; scopes: string[]; epochs: TokenEpochs };

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
    @Optional() @Inject(SECOND_FACTOR) private readonly secondFactor?: SecondFactor,
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
          ? this.authenticateUser(request.username ?? '', request.password ?? '', {
              totp: request.totp,
              recoveryCode: request.recovery_code,
              requestId: origin.requestId,
            })
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
        scopes: principal.scopes,
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

  private async authenticateUser(
    email: string,
    password: string,
    codes: SecondFactorCodes & { requestId: string },
  ): Promise<SignedInPrincipal> {
    const user = await withScope(this.dataSource, AUTHN_SCOPE, (manager) =>
      manager.getRepository(User).findOne({ where: { email: email.trim().toLowerCase() } }),
    );
    const valid = await verifySecret(user?.passwordHash ?? (await decoy()), password);
    const firm = user && valid ? await this.activeFirm(user.firmId) : undefined;
    if (!user || !valid || user.disabledAt || !firm) {
      throw new InvalidGrantError('invalid_grant', 'The e-mail address or password is not correct.');
    }
    // Inside the sign-in gate: a missing or wrong code counts as a failed sign-in of the account.
    const factor = this.secondFactor
      ? await this.secondFactor.check(user, codes, codes.requestId)
      : 'not-required';
    return {
      firmId: user.firmId,
      subject: user.id,
      actorType: 'user',
      roles: user.roles,
      scopes: factor === 'enrolment-required' ? [TOTP_ENROLMENT_SCOPE] : [],
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
      scopes: [],
      epochs: { subject: client.tokenEpoch, firm: firm.tokenEpoch },
    };
  }

  /** The firm, unless it is suspended (its people and integrations get no tokens then). */
  private async activeFirm(firmId: string): Promise<Firm | undefined> {
    const firm = await this.dataSource.getRepository(Firm).findOne({ where: { id: firmId } });
    return firm && !firm.suspendedAt ? firm : undefined;
  }
}
