import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';
import { ClientContact } from './client-contact.entity';
import { ClientName } from './client-name.entity';
import type { AlternateNameDto, ContactDto } from './dto/create-client.dto';

export interface ClientRelationshipView {
  kind: string;
  direction: 'from' | 'to';
  otherType: string;
  otherId: string;
  otherName: string;
}

/** A client's alternate names, contacts and relationships. */
@Injectable()
export class ClientDetailsRepository {
  async addNames(
    manager: EntityManager,
    firmId: string,
    clientId: string,
    names: AlternateNameDto[],
  ): Promise<void> {
    for (const name of names)
      await manager.insert(ClientName, {
        id: uuidv7(),
        firmId,
        clientId,
        name: name.name,
        nameType: name.type,
      });
  }

  async addContacts(
    manager: EntityManager,
    firmId: string,
    clientId: string,
    contacts: ContactDto[],
  ): Promise<void> {
    for (const contact of contacts) {
      await manager.insert(ClientContact, {
        id: uuidv7(),
        firmId,
        clientId,
        name: contact.name,
        email: contact.email ?? null,
        phone: contact.phone ?? null,
        role: contact.role ?? null,
      });
    }
  }

  async names(manager: EntityManager, clientId: string): Promise<AlternateNameDto[]> {
    const rows = await manager.find(ClientName, {
      where: { clientId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => ({ name: row.name, type: row.nameType }));
  }

  async contacts(manager: EntityManager, clientId: string): Promise<ContactDto[]> {
    const rows = await manager.find(ClientContact, {
      where: { clientId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    // The API has always shown absent parts as null, as the row holds them.
    return rows.map(
      (row) => ({ name: row.name, email: row.email, phone: row.phone, role: row.role }) as ContactDto,
    );
  }

  relationships(manager: EntityManager, clientId: string): Promise<ClientRelationshipView[]> {
    // Raw SQL: a UNION ALL of both directions, which TypeORM's query builder cannot express.
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
