/**
 * A calendar feed URL through the gateway: calendar clients subscribe to a URL and send no
 * Authorization header, so the gateway forwards `GET /v1/calendar-feeds/:token/calendar.ics` without
 * a bearer token and docket checks the secret. Everything else on the path still needs a token.
 */
import { eventually } from '@lawfirm/testing';
import { signIn, type Gateway } from './support/gateway-client';
import { createFirm, startTestStack, type TestStack } from './support/test-stack';

describe('Calendar feeds through the gateway', () => {
  let env: TestStack;
  let api: Gateway;

  beforeAll(async () => {
    env = await startTestStack();
    api = await signIn(env.gatewayUrl, await createFirm());
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('serves a matter feed on its secret URL without a token, and nothing on a wrong secret', async () => {
    const client = (await api.POST('/v1/clients', { body: { kind: 'company', name: 'Feedly Holdings' } }))
      .data!;
    const matter = (await api.POST('/v1/matters', { body: { clientId: client.id, title: 'Feedly v. Cal' } }))
      .data!;
    // Docket learns of the matter from intake's event.
    const hearing = await eventually(async () => {
      const response = await api.POST('/v1/matters/{matterId}/court-events', {
        params: { path: { matterId: matter.id } },
        body: {
          kind: 'hearing',
          title: 'Hearing on the motion to dismiss',
          startsAt: '2027-01-12T10:00:00-05:00',
          endsAt: '2027-01-12T11:00:00-05:00',
          timeZone: 'America/New_York',
        },
      });
      return response.response.status === 201 ? response.data : undefined;
    });
    const created = await api.POST('/v1/calendar-feeds', { body: { scope: 'matter', matterId: matter.id } });
    expect(created.response.status).toBe(201);
    const { path, token } = created.data!;
    expect(path).toContain(token);

    const feed = await fetch(`${env.gatewayUrl}${path}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = await feed.text();
    expect(calendar).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(calendar).toContain('Hearing on the motion to dismiss');
    expect(calendar).toContain(hearing!.id);

    const wrong = await fetch(`${env.gatewayUrl}${path.replace(token, `${token.slice(0, -4)}AAAA`)}`);
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    // Only reading the feed goes without a token.
    const write = await fetch(`${env.gatewayUrl}${path}`, { method: 'POST' });
    expect(write.status).toBe(401);
    const list = await fetch(`${env.gatewayUrl}/v1/calendar-feeds`);
    expect(list.status).toBe(401);
  });
});
