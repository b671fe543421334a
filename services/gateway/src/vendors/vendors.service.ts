import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import {
  isWellFormedVendorKey,
  newVendorKey,
  TokenIssuer,
  vendorKeyHash,
  vendorKeyHint,
  type Actor,
} from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { PLATFORM_FIRM_ID, uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import { ACCESS_TOKEN_AUDIENCE, type GatewayConfig } from '../config';
import type { IssuedVendorKeyView, IssueVendorKeyDto, VendorKeyView, VendorView } from './dto/vendor.dto';
import { VendorKey } from './vendor-key.entity';
import { VendorOrg } from './vendor-org.entity';
import { InvalidVendorKeyError, VendorTokenRevokedError } from './vendor.exception';

const VENDOR_LIST_LIMIT = 500;

/**
 * Partner vendor organisations and their API keys (registered by operations through the admin
 * gateway), and the exchange of a key for an access token. A vendor's token names the organisation
 * as its subject and the platform (no firm) as its firm: the vendor routes choose the firm per
 * request, from the work order's firm, and only among the firms connected to the vendor.
 */
@Injectable()
export class VendorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TokenIssuer) private readonly issuer: TokenIssuer,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Operations register a vendor organisation; recorded in the platform's trail. */
  async register(operator: Actor, name: string, reason: string): Promise<VendorView> {
    return withTenant(this.dataSource, PLATFORM_FIRM_ID, async (manager) => {
      const repository = manager.getRepository(VendorOrg);
      const vendor = await repository.save(
        repository.create({ id: uuidv7(), name, createdBy: `ops:${operator.subject}`, tokenEpoch: 0 }),
      );
      await recordChange(manager, platformCaller(operator), {
        action: 'vendor.registered',
        resourceType: 'vendor',
        resourceId: vendor.id,
        details: { name, reason },
      });
      return vendorView(vendor);
    });
  }

  async list(): Promise<VendorView[]> {
    const rows = await this.dataSource
      .getRepository(VendorOrg)
      .find({ order: { createdAt: 'DESC', id: 'DESC' }, take: VENDOR_LIST_LIMIT });
    return rows.map(vendorView);
  }

  /** The organisation, or undefined when there is none with this id. */
  async find(vendorId: string): Promise<VendorView | undefined> {
    const vendor = await this.dataSource.getRepository(VendorOrg).findOne({ where: { id: vendorId } });
    return vendor ? vendorView(vendor) : undefined;
  }

  /** A new key for the organisation: shown once in the answer, stored as its SHA-256 only. */
  async issueKey(
    operator: Actor,
    vendorId: string,
    input: IssueVendorKeyDto,
    reason: string,
  ): Promise<IssuedVendorKeyView> {
    const key = newVendorKey();
    return withTenant(this.dataSource, PLATFORM_FIRM_ID, async (manager) => {
      if (!(await manager.getRepository(VendorOrg).findOne({ where: { id: vendorId } })))
        throw new NotFoundError('vendor', vendorId);
      const repository = manager.getRepository(VendorKey);
      const row = await repository.save(
        repository.create({
          id: uuidv7(),
          vendorId,
          name: input.name,
          keyHash: vendorKeyHash(key),
          hint: vendorKeyHint(key),
          scopes: input.scopes,
          createdBy: `ops:${operator.subject}`,
          revokedAt: null,
        }),
      );
      await recordChange(manager, platformCaller(operator), {
        action: 'vendor.key-issued',
        resourceType: 'vendor_key',
        resourceId: row.id,
        details: { vendorId, name: row.name, scopes: row.scopes, hint: row.hint, reason },
      });
      return { ...keyView(row), key };
    });
  }

  async keys(vendorId: string): Promise<VendorKeyView[]> {
    if (!(await this.find(vendorId))) throw new NotFoundError('vendor', vendorId);
    const rows = await this.dataSource
      .getRepository(VendorKey)
      .find({ where: { vendorId }, order: { createdAt: 'DESC', id: 'DESC' }, take: VENDOR_LIST_LIMIT });
    return rows.map(keyView);
  }

  /**
   * Revokes a key with immediate effect: the key gets no new token, and the organisation's epoch moves
   * on so every vendor token issued before now is refused at its next request (tokens of the
   * organisation's other keys too: their holders exchange their keys again).
   */
  async revokeKey(operator: Actor, vendorId: string, keyId: string, reason: string): Promise<VendorKeyView> {
    return withTenant(this.dataSource, PLATFORM_FIRM_ID, async (manager) => {
      // The organisation first, then the key: one order for every writer of both.
      const vendor = await manager
        .getRepository(VendorOrg)
        .findOne({ where: { id: vendorId }, lock: { mode: 'pessimistic_write' } });
      const key = vendor
        ? await manager
            .getRepository(VendorKey)
            .findOne({ where: { id: keyId, vendorId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!vendor || !key) throw new NotFoundError('vendor_key', keyId);
      if (key.revokedAt) return keyView(key);
      key.revokedAt = new Date();
      await manager.getRepository(VendorKey).save(key);
      vendor.tokenEpoch += 1;
      await manager.getRepository(VendorOrg).save(vendor);
      await recordChange(manager, platformCaller(operator), {
        action: 'vendor.key-revoked',
        resourceType: 'vendor_key',
        resourceId: key.id,
        details: { vendorId, hint: key.hint, epoch: vendor.tokenEpoch, reason },
      });
      return keyView(key);
    });
  }

  /**
   * A vendor key for an access token (actor kind `vendor`, subject the organisation, the key's scopes).
   * A key that is malformed or fails its checksum is refused before any look-up.
   */
  async exchange(key: string): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    if (!isWellFormedVendorKey(key)) throw new InvalidVendorKeyError();
    const row = await this.dataSource
      .getRepository(VendorKey)
      .findOne({ where: { keyHash: vendorKeyHash(key) } });
    if (!row || row.revokedAt) throw new InvalidVendorKeyError();
    const vendor = await this.dataSource
      .getRepository(VendorOrg)
      .findOneOrFail({ where: { id: row.vendorId } });
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await this.issuer.sign(
      ACCESS_TOKEN_AUDIENCE,
      {
        firmId: PLATFORM_FIRM_ID,
        subject: vendor.id,
        actorType: 'vendor',
        roles: [],
        scopes: row.scopes,
        epochs: { subject: vendor.tokenEpoch, firm: 0 },
      },
      ttl,
    );
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl };
  }

  /**
   * Refuses a vendor token issued before one of its organisation's keys was revoked. Read from the
   * database on every vendor request (one primary-key look-up), so a revocation holds at once at every
   * gateway instance.
   */
  async assertCurrent(actor: Pick<Actor, 'subject'>, tokenEpoch: number): Promise<void> {
    if (!isUUID(actor.subject)) throw new VendorTokenRevokedError();
    const vendor = await this.dataSource
      .getRepository(VendorOrg)
      .findOne({ where: { id: actor.subject }, select: { id: true, tokenEpoch: true } });
    if (!vendor || tokenEpoch < vendor.tokenEpoch) throw new VendorTokenRevokedError();
  }
}

/** Operations act on the platform, not on a firm: their changes go to the platform's trail. */
function platformCaller(operator: Actor): Actor {
  return { ...operator, firmId: PLATFORM_FIRM_ID };
}

function vendorView(vendor: VendorOrg): VendorView {
  return { id: vendor.id, name: vendor.name, createdAt: vendor.createdAt.toISOString() };
}

function keyView(key: VendorKey): VendorKeyView {
  return {
    id: key.id,
    vendorId: key.vendorId,
    name: key.name,
    hint: key.hint,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt ? key.revokedAt.toISOString() : null,
  };
}
