/** Every bad input answers a clear 400 problem+json naming the field, and nothing is stored. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  clientInput,
  createClient,
  newCaller,
  serviceClient,
  serviceTestEnv,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { IntakeConfig } from './config';

interface Problem {
  status: number;
  code: string;
  errors?: Array<{ field: string; message: string }>;
}

describe('Intake bad input', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const config = loadConfig(IntakeConfig, serviceTestEnv('intake'));
    app = await bootService('intake', (logger) => AppModule.register(config, logger));
  });

  afterAll(async () => {
    await app?.close();
  });

  function expectFieldProblem(
    response: { status: number; headers: Record<string, unknown>; body: Problem },
    field: string,
    message?: string | RegExp,
  ): void {
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, ...(message ? { message } : {}) })]),
    );
  }

  async function clientCount(firm: ReturnType<ReturnType<typeof serviceClient>['as']>): Promise<number> {
    const list = await firm.get('/v1/clients?limit=200');
    expect(list.status).toBe(200);
    return (list.body as { items: unknown[] }).items.length;
  }

  describe('NUL characters and unpaired surrogates', () => {
    it.each([
      ['a NUL character', 'Acme\u0000Ltd', 'name must not contain NUL characters'],
      ['a lone surrogate', 'Acme \uD83D Ltd', 'name must not contain unpaired UTF-16 surrogates'],
    ])('refuses a client whose name holds %s and stores nothing', async (_label, name, message) => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.post('/v1/clients', clientInput({ name }));

      expectFieldProblem(response, 'name', message);
      expect(await clientCount(firm)).toBe(0);
    });

    it('names the path of a bad string nested in an array of objects', async () => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.post('/v1/clients', {
        ...clientInput(),
        contacts: [{ name: 'Jane Roe' }, { name: 'John\u0000Doe' }],
      });

      expectFieldProblem(response, 'contacts.1.name', 'contacts.1.name must not contain NUL characters');
      expect(await clientCount(firm)).toBe(0);
    });

    it('refuses a NUL character in a PATCH body and leaves the matter as it was', async () => {
      const firm = serviceClient(app).as(newCaller());
      const client = await createClient(firm);
      const matter = await firm.post('/v1/matters', { clientId: client.id, title: 'Estate of Roe' });
      expect(matter.status).toBe(201);

      const response = await firm.patch(`/v1/matters/${matter.body.id}`, { title: 'Estate\u0000' });

      expectFieldProblem(response, 'title');
      expect((await firm.get(`/v1/matters/${matter.body.id}`)).body.title).toBe('Estate of Roe');
    });

    it('refuses a NUL character in a query string', async () => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.get('/v1/clients?cursor=%00');

      expectFieldProblem(response, 'cursor', 'cursor must not contain NUL characters');
    });
  });

  describe('forged pagination cursors', () => {
    const forged = (sortKey: unknown, id: unknown): string =>
      Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');

    it.each([
      ['/v1/clients', forged('2026-11-20T10:00:00.000Z', "' OR 1=1 --")],
      ['/v1/matters', forged('not a time', '6f1c2a0e-8a57-4a43-9a51-7b3e2f0c9d11')],
      ['/v1/leads', forged(42, '6f1c2a0e-8a57-4a43-9a51-7b3e2f0c9d11')],
      ['/v1/leads', 'definitely-not-base64-json'],
    ])('%s answers 400 "cursor is invalid" for a forged cursor', async (list, cursor) => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.get(`${list}?cursor=${cursor}`);

      expectFieldProblem(response, 'cursor', 'cursor is invalid');
    });

    it('still pages with the cursor a list returned', async () => {
      const firm = serviceClient(app).as(newCaller());
      await createClient(firm);
      await createClient(firm);

      const first = await firm.get('/v1/clients?limit=1');
      const second = await firm.get(`/v1/clients?limit=1&cursor=${first.body.nextCursor}`);

      expect(second.status).toBe(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  describe('explicit null on optional fields of NOT NULL columns', () => {
    it('refuses PATCH of a matter with title: null and keeps the title', async () => {
      const firm = serviceClient(app).as(newCaller());
      const client = await createClient(firm);
      const matter = await firm.post('/v1/matters', { clientId: client.id, title: 'Estate of Roe' });

      const response = await firm.patch(`/v1/matters/${matter.body.id}`, { title: null });

      expectFieldProblem(response, 'title', 'title must not be null');
      expect((await firm.get(`/v1/matters/${matter.body.id}`)).body.title).toBe('Estate of Roe');
    });

    it('refuses a matter whose party has kind: null and creates no matter', async () => {
      const firm = serviceClient(app).as(newCaller());
      const client = await createClient(firm);

      const response = await firm.post('/v1/matters', {
        clientId: client.id,
        title: 'Roe v. Globex',
        parties: [{ role: 'adverse', name: 'Globex Corporation', kind: null }],
      });

      expectFieldProblem(response, 'parties.0.kind', 'parties.0.kind must not be null');
      expect((await firm.get('/v1/matters')).body.items).toHaveLength(0);
    });

    it('still lets a PATCH clear a nullable field (court) with null', async () => {
      const firm = serviceClient(app).as(newCaller());
      const client = await createClient(firm);
      const matter = await firm.post('/v1/matters', {
        clientId: client.id,
        title: 'Estate of Roe',
        court: 'SDNY',
      });

      const response = await firm.patch(`/v1/matters/${matter.body.id}`, { court: null });

      expect(response.status).toBe(200);
      expect(response.body.court).toBeNull();
    });
  });

  describe('wrong shapes where objects are expected', () => {
    const party = { role: 'adverse-party', name: 'Globex Corporation', kind: 'company' };

    it.each([
      ['feeArrangement', { feeArrangement: [] }, 'feeArrangement must be an object'],
      ['feeArrangement', { feeArrangement: [[]] }, 'feeArrangement must be an object'],
      [
        'feeArrangement.contingency',
        { feeArrangement: { type: 'contingency', contingency: [] } },
        'contingency must be an object',
      ],
      [
        'feeArrangement.flatFee',
        { feeArrangement: { type: 'flat', flatFee: [[]] } },
        'flatFee must be an object',
      ],
      ['parties', { parties: [[party]] }, 'parties must be a list of objects'],
    ])('refuses a matter with a wrong shape at %s and creates no matter', async (field, shape, message) => {
      const firm = serviceClient(app).as(newCaller());
      const client = await createClient(firm);

      const response = await firm.post('/v1/matters', {
        clientId: client.id,
        title: 'Roe v. Globex',
        ...shape,
      });

      expectFieldProblem(response, field, message);
      expect((await firm.get('/v1/matters')).body.items).toHaveLength(0);
    });

    it.each([
      ['contacts', { contacts: [[{ name: 'Jane Roe' }]] }],
      ['alternateNames', { alternateNames: [[{ name: 'Acme Widgets', type: 'aka' }]] }],
    ])('refuses a client whose %s is a list of lists and stores nothing', async (field, shape) => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.post('/v1/clients', { ...clientInput(), ...shape });

      expectFieldProblem(response, field, `${field} must be a list of objects`);
      expect(await clientCount(firm)).toBe(0);
    });

    it('refuses alternate names given as a list of lists and adds none', async () => {
      const firm = serviceClient(app).as(newCaller());
      const client = await createClient(firm);

      const response = await firm.post(`/v1/clients/${client.id}/names`, {
        names: [[{ name: 'Acme Widgets', type: 'aka' }]],
      });

      expectFieldProblem(response, 'names', 'names must be a list of objects');
      expect((await firm.get(`/v1/clients/${client.id}`)).body.alternateNames ?? []).toHaveLength(0);
    });

    it('still stores a contingency fee given as an object with its terms', async () => {
      const firm = serviceClient(app).as(newCaller());
      const client = await createClient(firm);
      const contingency = { settlementPercent: 33.33, expensesDeducted: 'before-fee' };

      const response = await firm.post('/v1/matters', {
        clientId: client.id,
        title: 'Roe v. Globex',
        feeArrangement: { type: 'contingency', contingency },
      });

      expect(response.status).toBe(201);
      const fee = await firm.get(`/v1/matters/${response.body.id}/fee-arrangement`);
      expect(fee.body).toMatchObject({ type: 'contingency', contingency: { settlementPercent: 33.33 } });
    });
  });
});
