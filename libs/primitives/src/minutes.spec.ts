import { minutesFrom } from './minutes';

describe('minutesFrom', () => {
  it('takes whole minutes or a typed duration', () => {
    expect(minutesFrom(72, undefined)).toEqual({ ok: true, minutes: 72 });
    expect(minutesFrom(undefined, '1h 12m')).toEqual({ ok: true, minutes: 72 });
    expect(minutesFrom(null, '1.2h')).toEqual({ ok: true, minutes: 72 });
  });

  it('refuses both, neither, and amounts outside one day, naming the field', () => {
    expect(minutesFrom(72, '1h')).toMatchObject({
      ok: false,
      field: 'duration',
      message: 'give minutes or duration, not both',
    });
    expect(minutesFrom(undefined, undefined)).toMatchObject({ ok: false, field: 'minutes' });
    expect(minutesFrom(0, undefined)).toMatchObject({
      ok: false,
      field: 'minutes',
      message: 'minutes must be at least 1',
    });
    expect(minutesFrom(1441, undefined)).toMatchObject({ ok: false, field: 'minutes' });
    expect(minutesFrom(7.5, undefined)).toMatchObject({ ok: false, field: 'minutes' });
    expect(minutesFrom('72', undefined)).toMatchObject({ ok: false, field: 'minutes' });
    expect(minutesFrom(undefined, 72)).toMatchObject({ ok: false, field: 'duration' });
    expect(minutesFrom(undefined, 'x'.repeat(41))).toMatchObject({ ok: false, field: 'duration' });
    expect(minutesFrom(undefined, 'soon')).toMatchObject({ ok: false, field: 'duration' });
  });
});
