// decodeSend: send.php parameters to a SendCommand, parameter by parameter (spec §3.1, docs/compatibility.md "send.php").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSend } from '../../src/wire/send-request.ts';
import type { SendCommand } from '../../src/wire/types.ts';

const PARAMETERS = { error: 'parameters' };

const send = (entries: Record<string, string>) => decodeSend(new Map(Object.entries(entries)));

/** The command for one text to `addresses` with every option at its default. */
function plain(addresses: string[], text: string, extra: Partial<SendCommand> = {}): SendCommand {
  return {
    batches: [{ addresses, text }],
    subject: '',
    kind: 'sms',
    translit: 0,
    schedule: { kind: 'now' },
    costMode: 0,
    details: 'none',
    ...extra,
  };
}

test('spec §3 minimal request: phones + mes with every default', () => {
  assert.deepEqual(send({ login: 'demo', psw: 'x', phones: '79991234567', mes: 'Hello' }), plain(['79991234567'], 'Hello'));
});

test('spec §3.1 phones: split on , and ;, blanks trimmed and dropped, numbers not normalised', () => {
  assert.deepEqual(
    send({ phones: ' +7 (999) 123-45-67, 89991234567;;79990000000 ; ,', mes: 'Hi' }),
    plain(['+7 (999) 123-45-67', '89991234567', '79990000000'], 'Hi'),
  );
});

test('spec §3.1: phones or mes missing or empty is error 1', () => {
  const cases: Array<Record<string, string>> = [{ mes: 'Hi' }, { phones: '79991234567' }, { phones: '', mes: 'Hi' }, { phones: '79991234567', mes: '' }, { phones: ' , ;', mes: 'Hi' }, {}];
  for (const entries of cases) {
    assert.deepEqual(send(entries), PARAMETERS, JSON.stringify(entries));
  }
});

test('spec §3.1 mes: 1000 characters pass, 1001 fail, counted in code points', () => {
  assert.deepEqual(send({ phones: '79991234567', mes: 'я'.repeat(1000) }), plain(['79991234567'], 'я'.repeat(1000)));
  assert.deepEqual(send({ phones: '79991234567', mes: '😀'.repeat(1000) }), plain(['79991234567'], '😀'.repeat(1000)), 'emoji are one character each');
  assert.deepEqual(send({ phones: '79991234567', mes: 'я'.repeat(1001) }), PARAMETERS);
});

test('docs/compatibility.md: at most 10,000 recipients a request', () => {
  const phones = (n: number) => Array.from({ length: n }, (_, i) => String(79990000000 + i));
  const ok = send({ phones: phones(10_000).join(','), mes: 'Hi' });
  assert.ok(!('error' in ok));
  assert.equal(ok.batches[0]!.addresses.length, 10_000);
  assert.deepEqual(send({ phones: phones(10_001).join(','), mes: 'Hi' }), PARAMETERS);
  const list = [`${phones(5_000).join(',')}:a`, `${phones(5_001).join(',')}:b`].join('\n');
  assert.deepEqual(send({ list }), PARAMETERS, 'the cap counts every line of list');
});

test('spec §3.1 list: phones:message lines split on the first colon, CRLF tolerated, empty lines skipped', () => {
  const list = '79991234567,79997654321:Meeting at 10:30\r\n\n  \n79990000000;79990000001:Привет: всем\n';
  assert.deepEqual(send({ list, phones: 'ignored', mes: 'ignored' }), {
    ...plain([], ''),
    batches: [
      { addresses: ['79991234567', '79997654321'], text: 'Meeting at 10:30' },
      { addresses: ['79990000000', '79990000001'], text: 'Привет: всем' },
    ],
  });
});

test('spec §3.1 list: a line without a colon, without phones or without text is error 1', () => {
  for (const list of ['79991234567 Hello', '79991234567:Hi\nno colon here', ':Hello', '79991234567:', '\n\n', `79991234567:${'x'.repeat(1001)}`]) {
    assert.deepEqual(send({ list }), PARAMETERS, JSON.stringify(list));
  }
});

test('spec §3.1 id: an integer 1..2147483647 or 1..40 of [A-Za-z0-9._-]', () => {
  for (const id of ['1', '2147483647', 'order-17.a_B', 'x'.repeat(40)]) {
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', id }), plain(['79991234567'], 'Hi', { clientId: id }), id);
  }
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', id: '' }), plain(['79991234567'], 'Hi'), 'empty id is absent');
});

test('spec §3.1 id: out of range integers, long or foreign strings are error 1', () => {
  for (const id of ['0', '2147483648', '007', 'x'.repeat(41), 'a b', 'id#1', 'идент', '1,2']) {
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', id }), PARAMETERS, id);
  }
});

test('spec §3.1 sender: passed through raw; empty means no sender', () => {
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', sender: 'Not valid!' }), plain(['79991234567'], 'Hi', { sender: 'Not valid!' }));
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', sender: '' }), plain(['79991234567'], 'Hi', { sender: '' }));
});

test('spec §3.1 subj, mail=1 and flash=1 (mail wins)', () => {
  assert.deepEqual(
    send({ phones: 'a@example.com', mes: 'Body', subj: 'Тема', mail: '1', flash: '1' }),
    plain(['a@example.com'], 'Body', { subject: 'Тема', kind: 'mail' }),
  );
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', flash: '1' }), plain(['79991234567'], 'Hi', { kind: 'flash' }));
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', flash: '0', mail: '' }), plain(['79991234567'], 'Hi'));
});

test('docs/compatibility.md: message types this gateway does not send are error 1; 0 or empty is fine', () => {
  for (const name of ['hlr', 'ping', 'viber', 'call', 'mms', 'bin', 'push', 'soc']) {
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', [name]: '1' }), PARAMETERS, `${name}=1`);
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', [name]: 'yes' }), PARAMETERS, `${name}=yes`);
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', [name]: '0' }), plain(['79991234567'], 'Hi'), `${name}=0`);
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', [name]: '' }), plain(['79991234567'], 'Hi'), `${name}=`);
  }
});

test('spec §3.1 translit 0/1/2 and cost 0..3', () => {
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', translit: '2', cost: '3' }), plain(['79991234567'], 'Hi', { translit: 2, costMode: 3 }));
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', translit: '1', cost: '1' }), plain(['79991234567'], 'Hi', { translit: 1, costMode: 1 }));
  for (const [name, value] of [['translit', '3'], ['translit', 'yes'], ['cost', '4'], ['cost', '-1'], ['cost', ' 1']]) {
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', [name!]: value! }), PARAMETERS, `${name}=${value}`);
  }
});

test('spec §3.6: err=1 lists failed recipients, op=1 all of them (op wins)', () => {
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', err: '1' }), plain(['79991234567'], 'Hi', { details: 'errors' }));
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', op: '1' }), plain(['79991234567'], 'Hi', { details: 'all' }));
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', err: '1', op: '1' }), plain(['79991234567'], 'Hi', { details: 'all' }));
});

test('spec §3.1 maxsms: a positive integer', () => {
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', maxsms: '3' }), plain(['79991234567'], 'Hi', { maxParts: 3 }));
  for (const maxsms of ['0', '-1', '1.5', 'x', '03', '1234567890']) {
    assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', maxsms }), PARAMETERS, maxsms);
  }
});

test('spec §3.1 time, tz and valid reach the command', () => {
  assert.deepEqual(
    send({ phones: '79991234567', mes: 'Hi', time: '25.11.26 13:30', tz: '-2', valid: '02:30' }),
    plain(['79991234567'], 'Hi', {
      schedule: { kind: 'local', year: 2026, month: 11, day: 25, hour: 13, minute: 30 },
      tzOffsetHours: -2,
      validityMinutes: 150,
    }),
  );
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', time: ' 15' }), plain(['79991234567'], 'Hi', { schedule: { kind: 'relative', minutes: 15 } }));
});

test('spec §3.2 error 5 for time and tz; error 1 for valid', () => {
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', time: '31.02.26 10:00' }), { error: 'invalidTime' });
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', tz: '13' }), { error: 'invalidTime' });
  assert.deepEqual(send({ phones: '79991234567', mes: 'Hi', valid: '25' }), PARAMETERS);
});
