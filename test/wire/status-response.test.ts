// status.php answers, byte for byte (docs/compatibility.md "status.php", spec §4.2–4.3).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { encodeBody } from '../../src/wire/format.ts';
import { renderDeleted, renderStatus, type StatusView } from '../../src/wire/status-response.ts';
import { STATUS_NAMES, statusName } from '../../src/wire/statuses.ts';
import type { Fmt, StatusRecord } from '../../src/wire/types.ts';

const MOSCOW = 180;
const lines = (...parts: string[]) => parts.join('\n');

/** Spec §4.2 multi-request sample: id 182, phone 89995190557, last_timestamp 1629048442 = 15.08.2021 20:27:22 MSK. */
const delivered: StatusRecord = {
  found: true,
  id: '182',
  address: '89995190557',
  status: 1,
  err: 0,
  statusAt: 1629048442_000,
  sentAt: 1629048382_000,
  costMinor: 150,
  sender: 'SMSC.RU',
  text: 'Hello',
  kind: 'sms',
  parts: 1,
  country: 'Russia',
  operator: 'MTS',
  region: 'Moscow',
};

/** Spec §4.2 sample of an unknown message in a multi request: {"status": -3, "id": 138, "phone": "89995190557"}. */
const unknown: StatusRecord = { found: false, id: '138', address: '89995190557' };

const single = (detail: 0 | 1 | 2): StatusView => ({ multi: false, detail, utcOffsetMinutes: MOSCOW });
const multi = (detail: 0 | 1 | 2): StatusView => ({ multi: true, detail, utcOffsetMinutes: MOSCOW });

const XML_ALL0 = [
  '<status>1</status>',
  '<last_date>15.08.2021 20:27:22</last_date>',
  '<last_timestamp>1629048442</last_timestamp>',
  '<flag>0</flag>',
  '<err>0</err>',
];
const JSON_ALL0 = [
  '"status": 1,',
  '"last_date": "15.08.2021 20:27:22",',
  '"last_timestamp": 1629048442,',
  '"flag": 0,',
  '"err": 0',
];

describe('renderStatus: one message (spec §4.2 "Single SMS")', () => {
  const all0: Array<[Fmt, string]> = [
    [0, 'Status = 1, check_time = 15.08.2021 20:27:22, err = 0'],
    [1, '1,1629048442,0'],
    [2, lines('<sms>', ...XML_ALL0, '</sms>')],
    [3, lines('{', ...JSON_ALL0, '}')],
  ];
  for (const [fmt, expected] of all0) {
    it(`all=0 fmt ${fmt}`, () => assert.equal(renderStatus([delivered], single(0), fmt), expected));
  }

  const all1: Array<[Fmt, string]> = [
    [
      0,
      'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, send_date = 15.08.2021 20:26:22, phone = 89995190557, ' +
        'cost = 1.5, sender_id = SMSC.RU, status_name = Delivered, message = Hello, comment = , type = 0',
    ],
    [1, '1,1629048442,0,1629048382,89995190557,1.5,SMSC.RU,Delivered,Hello,,0'],
    [
      2,
      lines(
        '<sms>',
        ...XML_ALL0,
        '<send_date>15.08.2021 20:26:22</send_date>',
        '<send_timestamp>1629048382</send_timestamp>',
        '<phone>89995190557</phone>',
        '<cost>1.5</cost>',
        '<sender_id>SMSC.RU</sender_id>',
        '<status_name>Delivered</status_name>',
        '<message>Hello</message>',
        '<comment></comment>',
        '<type>0</type>',
        '<sms_cnt>1</sms_cnt>',
        '</sms>',
      ),
    ],
    [
      3,
      lines(
        '{',
        ...JSON_ALL0.slice(0, -1),
        '"err": 0,',
        '"send_date": "15.08.2021 20:26:22",',
        '"send_timestamp": 1629048382,',
        '"phone": "89995190557",',
        '"cost": "1.5",',
        '"sender_id": "SMSC.RU",',
        '"status_name": "Delivered",',
        '"message": "Hello",',
        '"comment": "",',
        '"type": 0,',
        '"sms_cnt": 1',
        '}',
      ),
    ],
  ];
  for (const [fmt, expected] of all1) {
    it(`all=1 fmt ${fmt}`, () => assert.equal(renderStatus([delivered], single(1), fmt), expected));
  }

  const all2: Array<[Fmt, string]> = [
    [
      0,
      'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, send_date = 15.08.2021 20:26:22, phone = 89995190557, ' +
        'cost = 1.5, country = Russia, operator = MTS, region = Moscow, sender_id = SMSC.RU, status_name = Delivered, ' +
        'message = Hello, comment = , type = 0',
    ],
    [1, '1,1629048442,0,1629048382,89995190557,1.5,Russia,MTS,Moscow,SMSC.RU,Delivered,Hello,,0'],
    [
      2,
      lines(
        '<sms>',
        ...XML_ALL0,
        '<send_date>15.08.2021 20:26:22</send_date>',
        '<send_timestamp>1629048382</send_timestamp>',
        '<phone>89995190557</phone>',
        '<cost>1.5</cost>',
        '<country>Russia</country>',
        '<operator>MTS</operator>',
        '<region>Moscow</region>',
        '<sender_id>SMSC.RU</sender_id>',
        '<status_name>Delivered</status_name>',
        '<message>Hello</message>',
        '<comment></comment>',
        '<type>0</type>',
        '<sms_cnt>1</sms_cnt>',
        '</sms>',
      ),
    ],
    [
      3,
      lines(
        '{',
        ...JSON_ALL0.slice(0, -1),
        '"err": 0,',
        '"send_date": "15.08.2021 20:26:22",',
        '"send_timestamp": 1629048382,',
        '"phone": "89995190557",',
        '"cost": "1.5",',
        '"country": "Russia",',
        '"operator": "MTS",',
        '"region": "Moscow",',
        '"sender_id": "SMSC.RU",',
        '"status_name": "Delivered",',
        '"message": "Hello",',
        '"comment": "",',
        '"type": 0,',
        '"sms_cnt": 1',
        '}',
      ),
    ],
  ];
  for (const [fmt, expected] of all2) {
    it(`all=2 fmt ${fmt}`, () => assert.equal(renderStatus([delivered], single(2), fmt), expected));
  }

  const notFound: Array<[Fmt, string]> = [
    [0, 'Status = -3'],
    [1, '-3'],
    [2, '<sms>\n<status>-3</status>\n</sms>'],
    [3, '{\n"status": -3\n}'],
  ];
  for (const [fmt, expected] of notFound) {
    it(`unknown message fmt ${fmt}, at every all level (docs "Unknown message, single request")`, () => {
      for (const detail of [0, 1, 2] as const) assert.equal(renderStatus([unknown], single(detail), fmt), expected);
    });
  }

  it('type is the message format number: flash 1, e-mail 8 (spec §14.1)', () => {
    const flash: StatusRecord = { ...delivered, kind: 'flash', parts: 2 };
    const mail: StatusRecord = { ...delivered, kind: 'mail', address: 'a@example.com', status: 2 };
    assert.equal(
      renderStatus([flash], single(1), 1),
      '1,1629048442,0,1629048382,89995190557,1.5,SMSC.RU,Delivered,Hello,,1',
    );
    assert.equal(renderStatus([mail], single(1), 1), '2,1629048442,0,1629048382,a@example.com,1.5,SMSC.RU,Read,Hello,,8');
  });

  it("dates follow the account's offset (tz=-3 hours: UTC)", () => {
    const view = { multi: false, detail: 0 as const, utcOffsetMinutes: MOSCOW - 180 };
    assert.equal(renderStatus([delivered], view, 0), 'Status = 1, check_time = 15.08.2021 17:27:22, err = 0');
  });
});

describe('renderStatus: several messages (spec §4.2 "Multiple request")', () => {
  const all0: Array<[Fmt, string]> = [
    [
      0,
      lines(
        'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, id = 182, phone = 89995190557',
        'Status = -3, id = 138, phone = 89995190557',
      ),
    ],
    [1, lines('1,1629048442,0,182,89995190557', '-3,138,89995190557')],
    [
      2,
      lines(
        '<list>',
        '<sms>',
        ...XML_ALL0,
        '<id>182</id>',
        '<phone>89995190557</phone>',
        '</sms>',
        '<sms>',
        '<status>-3</status>',
        '<id>138</id>',
        '<phone>89995190557</phone>',
        '</sms>',
        '</list>',
      ),
    ],
    [
      3,
      lines(
        '[{',
        ...JSON_ALL0.slice(0, -1),
        '"err": 0,',
        '"id": 182,',
        '"phone": "89995190557"',
        '},',
        '{',
        '"status": -3,',
        '"id": 138,',
        '"phone": "89995190557"',
        '}]',
      ),
    ],
  ];
  for (const [fmt, expected] of all0) {
    it(`all=0 fmt ${fmt}: each found message ends with id and phone`, () => {
      assert.equal(renderStatus([delivered, unknown], multi(0), fmt), expected);
    });
  }

  const all1: Array<[Fmt, string]> = [
    [
      0,
      lines(
        'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, send_date = 15.08.2021 20:26:22, phone = 89995190557, ' +
          'cost = 1.5, sender_id = SMSC.RU, status_name = Delivered, message = Hello, comment = , type = 0, id = 182',
        'Status = -3, id = 138, phone = 89995190557',
      ),
    ],
    [1, lines('1,1629048442,0,1629048382,89995190557,1.5,SMSC.RU,Delivered,Hello,,0,182', '-3,138,89995190557')],
    [
      2,
      lines(
        '<list>',
        '<sms>',
        ...XML_ALL0,
        '<send_date>15.08.2021 20:26:22</send_date>',
        '<send_timestamp>1629048382</send_timestamp>',
        '<phone>89995190557</phone>',
        '<cost>1.5</cost>',
        '<sender_id>SMSC.RU</sender_id>',
        '<status_name>Delivered</status_name>',
        '<message>Hello</message>',
        '<comment></comment>',
        '<type>0</type>',
        '<sms_cnt>1</sms_cnt>',
        '<id>182</id>',
        '</sms>',
        '<sms>',
        '<status>-3</status>',
        '<id>138</id>',
        '<phone>89995190557</phone>',
        '</sms>',
        '</list>',
      ),
    ],
    [
      3,
      lines(
        '[{',
        ...JSON_ALL0.slice(0, -1),
        '"err": 0,',
        '"send_date": "15.08.2021 20:26:22",',
        '"send_timestamp": 1629048382,',
        '"phone": "89995190557",',
        '"cost": "1.5",',
        '"sender_id": "SMSC.RU",',
        '"status_name": "Delivered",',
        '"message": "Hello",',
        '"comment": "",',
        '"type": 0,',
        '"sms_cnt": 1,',
        '"id": 182',
        '},',
        '{',
        '"status": -3,',
        '"id": 138,',
        '"phone": "89995190557"',
        '}]',
      ),
    ],
  ];
  for (const [fmt, expected] of all1) {
    it(`all=1 fmt ${fmt}: a found message ends with its id only, an unknown one with id and phone`, () => {
      assert.equal(renderStatus([delivered, unknown], multi(1), fmt), expected);
    });
  }

  it('all=2 fmt 1: country, operator, region after cost, then the id', () => {
    assert.equal(
      renderStatus([delivered], multi(2), 1),
      '1,1629048442,0,1629048382,89995190557,1.5,Russia,MTS,Moscow,SMSC.RU,Delivered,Hello,,0,182',
    );
  });

  it('one lookup with a trailing comma still answers a list (spec §4.1)', () => {
    assert.equal(renderStatus([unknown], multi(0), 3), '[{\n"status": -3,\n"id": 138,\n"phone": "89995190557"\n}]');
    assert.equal(renderStatus([unknown], multi(0), 2), '<list>\n<sms>\n<status>-3</status>\n<id>138</id>\n<phone>89995190557</phone>\n</sms>\n</list>');
  });

  it('a client string id stays a JSON string', () => {
    assert.equal(
      renderStatus([{ ...unknown, id: 'order-7' }], multi(0), 3),
      '[{\n"status": -3,\n"id": "order-7",\n"phone": "89995190557"\n}]',
    );
  });
});

describe('renderStatus: message text goes in as is, escaped only by XML and JSON', () => {
  const text = 'Привет, "мир" <&>\nпока';
  const record: StatusRecord = { ...delivered, text };
  const ascii = (s: string) => Buffer.from(s, 'latin1');
  // windows-1251 octets, written out by hand: Привет, мир, пока.
  const PRIVET = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]);
  const MIR = Buffer.from([0xec, 0xe8, 0xf0]);
  const POKA = Buffer.from([0xef, 0xee, 0xea, 0xe0]);
  const head =
    'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, send_date = 15.08.2021 20:26:22, phone = 89995190557, ' +
    'cost = 1.5, sender_id = SMSC.RU, status_name = Delivered, message = ';

  it('fmt 0 keeps commas, quotes and the newline verbatim', () => {
    assert.equal(renderStatus([record], single(1), 0), `${head}${text}, comment = , type = 0`);
  });

  it('fmt 1 keeps commas verbatim (the official parser re-joins on a fixed field count, spec §4.2)', () => {
    assert.equal(
      renderStatus([record], single(1), 1),
      `1,1629048442,0,1629048382,89995190557,1.5,SMSC.RU,Delivered,${text},,0`,
    );
  });

  it('fmt 2 in windows-1251, to exact bytes', () => {
    const xml = renderStatus([record], single(1), 2);
    const before = lines('<sms>', ...XML_ALL0, '<send_date>15.08.2021 20:26:22</send_date>',
      '<send_timestamp>1629048382</send_timestamp>', '<phone>89995190557</phone>', '<cost>1.5</cost>',
      '<sender_id>SMSC.RU</sender_id>', '<status_name>Delivered</status_name>', '<message>');
    const after = lines('</message>', '<comment></comment>', '<type>0</type>', '<sms_cnt>1</sms_cnt>', '</sms>');
    assert.equal(xml, `${before}Привет, &quot;мир&quot; &lt;&amp;&gt;\nпока${after}`);
    assert.deepEqual(
      encodeBody(xml, 2, 'windows-1251'),
      Buffer.concat([ascii(before), PRIVET, ascii(', &quot;'), MIR, ascii('&quot; &lt;&amp;&gt;\n'), POKA, ascii(after)]),
    );
  });

  it('fmt 3 in windows-1251, to exact bytes', () => {
    const json = renderStatus([record], single(1), 3);
    const before = lines('{', ...JSON_ALL0.slice(0, -1), '"err": 0,', '"send_date": "15.08.2021 20:26:22",',
      '"send_timestamp": 1629048382,', '"phone": "89995190557",', '"cost": "1.5",', '"sender_id": "SMSC.RU",',
      '"status_name": "Delivered",', '"message": "');
    const after = lines('",', '"comment": "",', '"type": 0,', '"sms_cnt": 1', '}');
    assert.equal(json, `${before}Привет, \\"мир\\" <&>\\nпока${after}`);
    assert.deepEqual(
      encodeBody(json, 3, 'windows-1251'),
      Buffer.concat([ascii(before), PRIVET, ascii(', \\"'), MIR, ascii('\\" <&>\\n'), POKA, ascii(after)]),
    );
  });
});

describe('renderDeleted (docs "del=1")', () => {
  const cases: Array<[Fmt, string]> = [
    [0, 'OK'],
    [1, 'OK'],
    [2, '<result>OK</result>'],
    [3, 'OK'], // recorded-responses-2013 0f97de40…: a bare OK under application/json
  ];
  for (const [fmt, expected] of cases) it(`fmt ${fmt}`, () => assert.equal(renderDeleted(fmt), expected));
});

describe('status_name (docs "Statuses")', () => {
  const section = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8').split(
    '## Statuses',
  )[1]!;
  const documented = new Map(Array.from(section.matchAll(/(-?\d+) `([^`]+)`/g), (m) => [Number(m[1]), m[2]!]));

  it('every documented status has its name, and no other status is named', () => {
    assert.equal(documented.size, 13);
    assert.deepEqual(new Map(Object.entries(STATUS_NAMES).map(([code, name]) => [Number(code), name])), documented);
  });

  it('a status rendered in full carries its name', () => {
    for (const [status, name] of documented) {
      assert.equal(statusName(status), name);
      assert.match(renderStatus([{ ...delivered, status }], single(1), 1), new RegExp(`,SMSC\\.RU,${name},Hello,`));
    }
  });

  it('a code outside the table has an empty name, never a made-up one', () => {
    assert.equal(statusName(21), '');
  });
});
