// decodeHistory: every get_messages parameter of the seed page, each error 1, and the six-month period (docs/history.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistory, DEFAULT_HISTORY_COUNT, sixMonthsAfter } from '../../src/wire/history-request.ts';
import type { CalendarDay } from '../../src/wire/types.ts';

const PARAMETERS = { error: 'parameters' };
const history = (entries: Record<string, string>) => decodeHistory(new Map(Object.entries(entries)));
const day = (text: string): CalendarDay => {
  const [d, m, y] = text.split('.').map(Number);
  return { year: y!, month: m!, day: d! };
};

describe('decodeHistory: defaults', () => {
  it('seed page example "the last ten outgoing SMS": cnt=10 alone', () => {
    assert.deepEqual(history({ get_messages: '1', cnt: '10' }), { channel: 'sms', addresses: [], limit: 10 });
  });

  it('no parameters: SMS history, no filter, no period, cnt 100 (docs/history.md "Parameters")', () => {
    assert.equal(DEFAULT_HISTORY_COUNT, 100);
    assert.deepEqual(history({}), { channel: 'sms', addresses: [], limit: 100 });
  });

  it('empty values count as absent', () => {
    assert.deepEqual(history({ start: '', end: '', phone: '', email: '', format: '', cnt: '', prev_id: '' }), {
      channel: 'sms',
      addresses: [],
      limit: 100,
    });
  });
});

describe('decodeHistory: start and end (seed page "start", "end")', () => {
  it('dd.mm.yyyy', () => {
    assert.deepEqual(history({ start: '15.01.2026', end: '20.02.2026' }), {
      from: day('15.01.2026'),
      to: day('20.02.2026'),
      channel: 'sms',
      addresses: [],
      limit: 100,
    });
  });

  it("the seed's spaced form 'dd. mm. yyyy', with any spaces after the dots", () => {
    for (const start of ['15. 01. 2026', '15.  01.2026', '15.01.   2026']) {
      assert.deepEqual(history({ start }), { from: day('15.01.2026'), channel: 'sms', addresses: [], limit: 100 }, start);
    }
  });

  it('start alone: everything from start (seed page "end: if omitted …")', () => {
    assert.deepEqual(history({ start: '01.03.2020' }), { from: day('01.03.2020'), channel: 'sms', addresses: [], limit: 100 });
  });

  it('real calendar days only: 29.02 in leap years, never 31.02, 31.04, 00.01 or month 13', () => {
    assert.deepEqual(history({ start: '29.02.2024' }), { from: day('29.02.2024'), channel: 'sms', addresses: [], limit: 100 });
    assert.deepEqual(history({ start: '29.02.2000' }), { from: day('29.02.2000'), channel: 'sms', addresses: [], limit: 100 });
    for (const start of ['29.02.2026', '29.02.2100', '31.02.2026', '31.04.2026', '00.01.2026', '01.13.2026', '01.00.2026']) {
      assert.deepEqual(history({ start }), PARAMETERS, start);
    }
  });

  it('malformed dates are error 1', () => {
    const bad = ['1.01.2026', '01.1.2026', '01.01.26', '2026-01-15', '15/01/2026', '15 .01.2026', ' 15.01.2026',
      '15.01.2026 ', '15.01.2026 10:00', 'today', '15.01.01970', '31.12.1969'];
    for (const start of bad) assert.deepEqual(history({ start }), PARAMETERS, start);
    assert.deepEqual(history({ start: '15.01.2026', end: '31.02.2026' }), PARAMETERS);
  });

  it('end without start is error 1 (the seed defines end as the end of a period from start)', () => {
    assert.deepEqual(history({ end: '15.01.2026' }), PARAMETERS);
  });

  it('end before start is error 1; the same day is a one-day period', () => {
    assert.deepEqual(history({ start: '15.01.2026', end: '14.01.2026' }), PARAMETERS);
    assert.deepEqual(history({ start: '01.01.2026', end: '31.12.2025' }), PARAMETERS);
    assert.deepEqual(history({ start: '15.01.2026', end: '15.01.2026' }), {
      from: day('15.01.2026'),
      to: day('15.01.2026'),
      channel: 'sms',
      addresses: [],
      limit: 100,
    });
  });
});

describe('decodeHistory: at most six months (seed page "start")', () => {
  const period = (start: string, end: string) => history({ start, end });
  const allowed = (start: string, end: string) =>
    assert.deepEqual(period(start, end), { from: day(start), to: day(end), channel: 'sms', addresses: [], limit: 100 }, `${start}–${end}`);
  const refused = (start: string, end: string) => assert.deepEqual(period(start, end), PARAMETERS, `${start}–${end}`);

  it('start 15.01.2026 allows end up to 15.07.2026 inclusive', () => {
    allowed('15.01.2026', '15.07.2026');
    refused('15.01.2026', '16.07.2026');
  });

  it('across a year: 01.09.2025 allows 01.03.2026', () => {
    allowed('01.09.2025', '01.03.2026');
    refused('01.09.2025', '02.03.2026');
  });

  it('31.08 plus six months clamps to the end of February: 28.02 in 2027, 29.02 in a leap year', () => {
    allowed('31.08.2026', '28.02.2027');
    refused('31.08.2026', '01.03.2027');
    allowed('31.08.2027', '29.02.2028');
    refused('31.08.2027', '01.03.2028');
  });

  it('31.12 plus six months clamps to 30.06; 29.02 plus six months is 29.08', () => {
    allowed('31.12.2025', '30.06.2026');
    refused('31.12.2025', '01.07.2026');
    allowed('29.02.2024', '29.08.2024');
    refused('29.02.2024', '30.08.2024');
  });

  it('sixMonthsAfter, exported for core to check a period without end against today', () => {
    const cases: Array<[string, string]> = [
      ['15.01.2026', '15.07.2026'],
      ['31.08.2026', '28.02.2027'],
      ['31.08.2027', '29.02.2028'],
      ['31.08.2099', '28.02.2100'],
      ['31.08.2399', '29.02.2400'],
      ['31.12.2025', '30.06.2026'],
      ['30.06.2026', '30.12.2026'],
      ['01.07.2026', '01.01.2027'],
      ['31.05.2026', '30.11.2026'],
    ];
    for (const [from, expected] of cases) assert.deepEqual(sixMonthsAfter(day(from)), day(expected), from);
  });
});

describe('decodeHistory: phone, email and format (seed page "phone", "email", "format")', () => {
  it('seed page example: phone=79999999999', () => {
    assert.deepEqual(history({ phone: '79999999999' }), { channel: 'sms', addresses: ['79999999999'], limit: 100 });
  });

  it('a comma list: items trimmed, empty items dropped, kept as written (core normalises)', () => {
    assert.deepEqual(history({ phone: ' +7 (999) 123-45-67 ,,89991234567, ', format: '0' }), {
      channel: 'sms',
      addresses: ['+7 (999) 123-45-67', '89991234567'],
      limit: 100,
    });
    assert.deepEqual(history({ phone: ',, ,' }), { channel: 'sms', addresses: [], limit: 100 });
  });

  it('format=8 asks for e-mails, filtered by email', () => {
    assert.deepEqual(history({ format: '8' }), { channel: 'mail', addresses: [], limit: 100 });
    assert.deepEqual(history({ format: '8', email: 'a@example.com, B@Example.com' }), {
      channel: 'mail',
      addresses: ['a@example.com', 'B@Example.com'],
      limit: 100,
    });
  });

  it('format other than empty, 0 or 8 is error 1', () => {
    for (const format of ['1', '2', '3', '08', ' 8', '8 ', 'mail', '-8']) assert.deepEqual(history({ format }), PARAMETERS, format);
  });

  it('phone and email together are error 1, whatever the format', () => {
    for (const format of ['0', '8', '']) {
      assert.deepEqual(history({ phone: '79999999999', email: 'a@example.com', format }), PARAMETERS, format);
    }
  });

  it('phone with format=8, or email with format 0 or none, is error 1', () => {
    assert.deepEqual(history({ phone: '79999999999', format: '8' }), PARAMETERS);
    assert.deepEqual(history({ email: 'a@example.com', format: '0' }), PARAMETERS);
    assert.deepEqual(history({ email: 'a@example.com' }), PARAMETERS);
  });

  it('at most 100 addresses (a cap on the filter one request builds)', () => {
    const phones = Array.from({ length: 101 }, (_, i) => String(79990000000 + i));
    assert.deepEqual(history({ phone: phones.slice(0, 100).join(',') }), {
      channel: 'sms',
      addresses: phones.slice(0, 100),
      limit: 100,
    });
    assert.deepEqual(history({ phone: phones.join(',') }), PARAMETERS);
    const emails = Array.from({ length: 101 }, (_, i) => `u${i}@example.com`);
    assert.deepEqual(history({ format: '8', email: emails.join(',') }), PARAMETERS);
  });
});

describe('decodeHistory: cnt (seed page "cnt": maximum 1000)', () => {
  it('1 to 1000', () => {
    for (const [cnt, limit] of [['1', 1], ['10', 10], ['1000', 1000]] as const) {
      assert.deepEqual(history({ cnt }), { channel: 'sms', addresses: [], limit }, cnt);
    }
  });

  it('0, over 1000, signs, fractions, leading zeros and words are error 1', () => {
    for (const cnt of ['0', '1001', '99999999999999999999', '-1', '+5', '1.5', '1e3', '010', ' 10', 'ten']) {
      assert.deepEqual(history({ cnt }), PARAMETERS, cnt);
    }
  });
});

describe('decodeHistory: prev_id (seed page "prev_id": the int_id of a previous answer)', () => {
  it('a positive integer up to Number.MAX_SAFE_INTEGER', () => {
    assert.deepEqual(history({ prev_id: '42' }), { channel: 'sms', addresses: [], limit: 100, beforeIntId: 42 });
    assert.deepEqual(history({ prev_id: '9007199254740991', cnt: '5' }), {
      channel: 'sms',
      addresses: [],
      limit: 5,
      beforeIntId: Number.MAX_SAFE_INTEGER,
    });
  });

  it('0, beyond MAX_SAFE_INTEGER, signs, leading zeros and non-digits are error 1', () => {
    const bad = ['0', '9007199254740992', '12345678901234567', '1'.repeat(10_000), '-1', '+1', '042', '4.2', '4e2', 'abc', ' 42'];
    for (const prev_id of bad) assert.deepEqual(history({ prev_id }), PARAMETERS, prev_id.slice(0, 20));
  });
});

describe('decodeHistory: everything together', () => {
  it('an e-mail page: period, filter, count and paging', () => {
    assert.deepEqual(
      history({ get_messages: '1', start: '01. 02. 2026', end: '28.02.2026', format: '8', email: 'a@example.com', cnt: '50', prev_id: '1234', fmt: '3' }),
      { from: day('01.02.2026'), to: day('28.02.2026'), channel: 'mail', addresses: ['a@example.com'], limit: 50, beforeIntId: 1234 },
    );
  });
});
