import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';
import type { AlternateNameDto, ContactDto } from './dto/create-client.dto';

/** A client's alternate names, contacts and relationships (plain SQL; these tables have no entities). */
@Injectable()
export class ClientDetailsRepository {
  async addNames(manager: EntityManager, firmId: string, clientId: string, names: AlternateNameDto[]): Promise<void> {
    for (const name of names) {
      await manager.query(`INSERT INTO client_names (id, firm_id, client_id, name, name_type) VALUES ($1, $2, $3, $4, $5)`, [
        uuidv7(),
        firmId,
        clientId,
        name.name,
        name.type,
      ]);
    }
  }

  async addContacts(manager: EntityManager, firmId: string, clientId: string, contacts: ContactDto[]): Promise<void> {
    for (const contact of contacts) {
      await manager.query(
        `INSERT INTO client_contacts (id, firm_id, client_id, name, email, phone, role) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [uuidv7(), firmId, clientId, contact.name, contact.email ?? null, contact.phone ?? null, contact.role ?? null],
      );
    }
  }

  names(manager: EntityManager, clientId: string): Promise<AlternateNameDto[]> {
    return manager.query(`SELECT name, name_type AS type FROM client_names WHERE client_id = $1 ORDER BY created_at, id`, [clientId]);
  }

  contacts(manager: EntityManager, clientId: string): Promise<ContactDto[]> {
    return manager.query(
      `SELECT name, email, phone, role FROM client_contacts WHERE client_id = $1 ORDER BY created_at, id`,
      [clientId],
    );
  }

  relationships(
    manager: EntityManager,
    clientId: string,
  ): Promise<Array<{ kind: string; direction: 'from' | 'to'; otherType: string; otherId: string; otherName: string }>> {
    return manager.query(
      `SELECT r.kind, 'from' AS direction, r.to_type AS "otherType", r.to_id AS "otherId", coalesce(c.name, e.name) AS "otherName"
         FROM relationships r LEFT JOIN clients c ON r.to_type = 'client' AND c.id = r.to_id
         LEFT JOIN entities e ON r.to_type = 'entity' AND e.id = r.to_id WHERE r.from_id = $1
       UNION ALL
       SELECT r.kind, 'to', r.from_type, r.from_id, coalesce(c.name, e.name)
         FROM relationships r LEFT JOIN clients c ON r.from_type = 'client' AND c.id = r.from_id
         LEFT JOIN entities e ON r.from_type = 'entity' AND e.id = r.from_id WHERE r.to_id = $1`,
      [clientId],
    );
  }
}
