import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BearerAuthGuard, InternalTokenVerifier, TokenVerifier } from '@lawfirm/auth';

export const OPS_TOKEN_VERIFIER = Symbol('OPS_TOKEN_VERIFIER');
export const INTERNAL_TOKEN_VERIFIER = Symbol('INTERNAL_TOKEN_VERIFIER');

/** Operations-team tokens from this gateway's own token endpoint (audience lawfirm-admin). */
@Injectable()
export class OpsAuthGuard extends BearerAuthGuard {
  constructor(reflector: Reflector, @Inject(OPS_TOKEN_VERIFIER) verifier: TokenVerifier) {
    super(reflector, verifier);
  }
}

/** Internal tokens the public gateway mints when it forwards a firm admin's audit request. */
@Injectable()
export class InternalAuthGuard extends BearerAuthGuard {
  constructor(reflector: Reflector, @Inject(INTERNAL_TOKEN_VERIFIER) verifier: InternalTokenVerifier) {
    super(reflector, verifier);
  }
}
