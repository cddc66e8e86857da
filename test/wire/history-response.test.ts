// get_messages answers, byte for byte: the seed page's 19 fields in its order per fmt (seed-get-messages.txt, docs/history.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBody } from '../../src/wire/format.ts';
import { renderHistory } from '../../src/wire/history-response.ts';
import type { Fmt, HistoryRecord } from '../../src/wire/types.ts';

const MOSCOW = 180;
const FMTS: Fmt[] = [0, 1, 2, 3];
const lines = (...parts: string[]) => parts.join('\n');

/** The spec §4.2 sample message (last_timestamp 1629048442 = 15.08.2021 20:27:22 MSK), as a history record. */
const delivered: HistoryRecord = {
  status: 1,
  err: 0,
  statusAt: 1629048442_000,
  sentAt: 1629048382_000,
  address: '79995190557',
  mccmnc: '25001',
  country: 'Russia',
  operator: 'MTS',
  region: 'Moscow',
  costMinor: 150,
  sender: 'SMSC.RU',
  text: 'Hello',
  kind: 'sms',
  id: '182',
  intId: 9003,
  parts: 1,
};

/** An older flash SMS that failed: status 20, err 1, free, no sender. */
const failedFlash: HistoryRecord = {
  ...delivered,
  status: 20,
  err: 1,
  statusAt: 1629048300_000,
  sentAt: 1629048240_000,
  address: '79161234567',
  mccmnc: '25002',
  operator: 'MegaFon',
  region: 'Moscow Oblast',
  costMinor: 0,
  sender: '',
  text: 'Тест',
  kind: 'flash',
  id: '181',
  intId: 9002,
};

/** The oldest: still waiting, two parts, no number intelligence yet (empty mccmnc, country, operator, region). */
const waiting: HistoryRecord = {
  ...delivered,
  status: -1,
  statusAt: 1629048000_000,
  sentAt: 1629048000_000,
  address: '79990000001',
  mccmnc: '',
  country: '',
  operator: '',
  region: '',
  costMinor: 380,
  text: 'Код 1234: никому не сообщайте',
  id: '180',
  intId: 9001,
  parts: 2,
};

// crc values are zlib.crc32 of the UTF-8 text, recorded on Node 20.20.
const CRC_HELLO = 4157704578;

/** The `delivered` record in each fmt, with its message (already escaped for the fmt) and crc as parameters. */
const DELIVERED: Record<Fmt, (message: string, crc: number) => string> = {
  0: (message, crc) =>
    'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, send_date = 15.08.2021 20:26:22, phone = 79995190557, ' +
    'mccmnc = 25001, country = Russia, operator = MTS, region = Moscow, cost = 1.5, sender_id = SMSC.RU, ' +
    `status_name = Delivered, message = ${message}, type = 0, ID = 182, int_id = 9003, sms_cnt = 1, format = 0, crc = ${crc}`,
  1: (message, crc) =>
    `1,1629048442,0,1629048382,79995190557,25001,Russia,MTS,Moscow,1.5,SMSC.RU,Delivered, ${message},0,182,9003,1,0,${crc}`,
  2: (message, crc) =>
    lines(
      '<sms>',
      '<status>1</status>',
      '<last_date>15.08.2021 20:27:22</last_date>',
      '<last_timestamp>1629048442</last_timestamp>',
      '<err>0</err>',
      '<send_date>15.08.2021 20:26:22</send_date>',
      '<send_timestamp>1629048382</send_timestamp>',
      '<phone>79995190557</phone>',
      '<cost>1.5</cost>',
      '<sender_id>SMSC.RU</sender_id>',
      '<status_name>Delivered</status_name>',
      `<message>${message}</message>`,
      '<mccmnc>25001</mccmnc>',
      '<country>Russia</country>',
      '<operator>MTS</operator>',
      '<region>Moscow</region>',
      '<type>0</type>',
      '<id>182</id>',
      '<int_id>9003</int_id>',
      '<sms_cnt>1</sms_cnt>',
      '<format>0</format>',
      `<crc>${crc}</crc>`,
      '</sms>',
    ),
  3: (message, crc) =>
    lines(
      '{',
      '"status": 1,',
      '"last_date": "15.08.2021 20:27:22",',
      '"last_timestamp": 1629048442,',
      '"err": 0,',
      '"send_date": "15.08.2021 20:26:22",',
      '"send_timestamp": 1629048382,',
      '"phone": "79995190557",',
      '"cost": "1.5",',
      '"sender_id": "SMSC.RU",',
      '"status_name": "Delivered",',
      `"message": "${message}",`,
      '"mccmnc": "25001",',
      '"country": "Russia",',
      '"operator": "MTS",',
      '"region": "Moscow",',
      '"type": 0,',
      '"id": 182,',
      '"int_id": "9003",',
      '"sms_cnt": 1,',
      '"format": 0,',
      `"crc": ${crc}`,
      '}',
    ),
};

describe('renderHistory: one record (seed page "If the request is successful")', () => {
  const expected: Record<Fmt, string> = {
    0: DELIVERED[0]('Hello', CRC_HELLO),
    1: DELIVERED[1]('Hello', CRC_HELLO),
    2: lines('<list>', DELIVERED[2]('Hello', CRC_HELLO), '</list>'),
    3: `[${DELIVERED[3]('Hello', CRC_HELLO)}]`,
  };
  for (const fmt of FMTS) {
    it(`fmt ${fmt}`, () => assert.equal(renderHistory([delivered], MOSCOW, fmt), expected[fmt]));
  }

  it('fmt 0 spelled out in full: Status and ID capitalised, check_time carries last_date (seed page, fmt = 0)', () => {
    assert.equal(
      renderHistory([delivered], MOSCOW, 0),
      'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, send_date = 15.08.2021 20:26:22, phone = 79995190557, ' +
        'mccmnc = 25001, country = Russia, operator = MTS, region = Moscow, cost = 1.5, sender_id = SMSC.RU, ' +
        'status_name = Delivered, message = Hello, type = 0, ID = 182, int_id = 9003, sms_cnt = 1, format = 0, ' +
        'crc = 4157704578',
    );
  });

  it('fmt 1 has a space after the comma before <message>, exactly as the seed page writes it', () => {
    assert.equal(
      renderHistory([delivered], MOSCOW, 1),
      '1,1629048442,0,1629048382,79995190557,25001,Russia,MTS,Moscow,1.5,SMSC.RU,Delivered, Hello,0,182,9003,1,0,4157704578',
    );
  });

  it("dates follow the account's offset (tz=2 hours: Moscow + 2), timestamps do not", () => {
    assert.equal(
      renderHistory([delivered], MOSCOW + 120, 0),
      DELIVERED[0]('Hello', CRC_HELLO).replace('20:27:22', '22:27:22').replace('20:26:22', '22:26:22'),
    );
    assert.equal(renderHistory([delivered], MOSCOW + 120, 1), DELIVERED[1]('Hello', CRC_HELLO));
  });
});

describe('renderHistory: three records, newest first, as core passes them', () => {
  const flash0 =
    'Status = 20, check_time = 15.08.2021 20:25:00, err = 1, send_date = 15.08.2021 20:24:00, phone = 79161234567, ' +
    'mccmnc = 25002, country = Russia, operator = MegaFon, region = Moscow Oblast, cost = 0, sender_id = , ' +
    'status_name = Impossible to deliver, message = Тест, type = 1, ID = 181, int_id = 9002, sms_cnt = 1, format = 0, ' +
    'crc = 2627225952';
  const waiting0 =
    'Status = -1, check_time = 15.08.2021 20:20:00, err = 0, send_date = 15.08.2021 20:20:00, phone = 79990000001, ' +
    'mccmnc = , country = , operator = , region = , cost = 3.8, sender_id = SMSC.RU, status_name = Waiting to be sent, ' +
    'message = Код 1234: никому не сообщайте, type = 0, ID = 180, int_id = 9001, sms_cnt = 2, format = 0, crc = 1734765576';
  const flash1 = '20,1629048300,1,1629048240,79161234567,25002,Russia,MegaFon,Moscow Oblast,0,,Impossible to deliver, Тест,1,181,9002,1,0,2627225952';
  const waiting1 = '-1,1629048000,0,1629048000,79990000001,,,,,3.8,SMSC.RU,Waiting to be sent, Код 1234: никому не сообщайте,0,180,9001,2,0,1734765576';
  const flash2 = lines(
    '<sms>',
    '<status>20</status>',
    '<last_date>15.08.2021 20:25:00</last_date>',
    '<last_timestamp>1629048300</last_timestamp>',
    '<err>1</err>',
    '<send_date>15.08.2021 20:24:00</send_date>',
    '<send_timestamp>1629048240</send_timestamp>',
    '<phone>79161234567</phone>',
    '<cost>0</cost>',
    '<sender_id></sender_id>',
    '<status_name>Impossible to deliver</status_name>',
    '<message>Тест</message>',
    '<mccmnc>25002</mccmnc>',
    '<country>Russia</country>',
    '<operator>MegaFon</operator>',
    '<region>Moscow Oblast</region>',
    '<type>1</type>',
    '<id>181</id>',
    '<int_id>9002</int_id>',
    '<sms_cnt>1</sms_cnt>',
    '<format>0</format>',
    '<crc>2627225952</crc>',
    '</sms>',
  );
  const waiting2 = lines(
    '<sms>',
    '<status>-1</status>',
    '<last_date>15.08.2021 20:20:00</last_date>',
    '<last_timestamp>1629048000</last_timestamp>',
    '<err>0</err>',
    '<send_date>15.08.2021 20:20:00</send_date>',
    '<send_timestamp>1629048000</send_timestamp>',
    '<phone>79990000001</phone>',
    '<cost>3.8</cost>',
    '<sender_id>SMSC.RU</sender_id>',
    '<status_name>Waiting to be sent</status_name>',
    '<message>Код 1234: никому не сообщайте</message>',
    '<mccmnc></mccmnc>',
    '<country></country>',
    '<operator></operator>',
    '<region></region>',
    '<type>0</type>',
    '<id>180</id>',
    '<int_id>9001</int_id>',
    '<sms_cnt>2</sms_cnt>',
    '<format>0</format>',
    '<crc>1734765576</crc>',
    '</sms>',
  );
  const flash3 = lines(
    '{',
    '"status": 20,',
    '"last_date": "15.08.2021 20:25:00",',
    '"last_timestamp": 1629048300,',
    '"err": 1,',
    '"send_date": "15.08.2021 20:24:00",',
    '"send_timestamp": 1629048240,',
    '"phone": "79161234567",',
    '"cost": "0",',
    '"sender_id": "",',
    '"status_name": "Impossible to deliver",',
    '"message": "Тест",',
    '"mccmnc": "25002",',
    '"country": "Russia",',
    '"operator": "MegaFon",',
    '"region": "Moscow Oblast",',
    '"type": 1,',
    '"id": 181,',
    '"int_id": "9002",',
    '"sms_cnt": 1,',
    '"format": 0,',
    '"crc": 2627225952',
    '}',
  );
  const waiting3 = lines(
    '{',
    '"status": -1,',
    '"last_date": "15.08.2021 20:20:00",',
    '"last_timestamp": 1629048000,',
    '"err": 0,',
    '"send_date": "15.08.2021 20:20:00",',
    '"send_timestamp": 1629048000,',
    '"phone": "79990000001",',
    '"cost": "3.8",',
    '"sender_id": "SMSC.RU",',
    '"status_name": "Waiting to be sent",',
    '"message": "Код 1234: никому не сообщайте",',
    '"mccmnc": "",',
    '"country": "",',
    '"operator": "",',
    '"region": "",',
    '"type": 0,',
    '"id": 180,',
    '"int_id": "9001",',
    '"sms_cnt": 2,',
    '"format": 0,',
    '"crc": 1734765576',
    '}',
  );
  const expected: Record<Fmt, string> = {
    0: lines(DELIVERED[0]('Hello', CRC_HELLO), flash0, waiting0),
    1: lines(DELIVERED[1]('Hello', CRC_HELLO), flash1, waiting1),
    2: lines('<list>', DELIVERED[2]('Hello', CRC_HELLO), flash2, waiting2, '</list>'),
    3: `[${DELIVERED[3]('Hello', CRC_HELLO)},\n${flash3},\n${waiting3}]`,
  };
  for (const fmt of FMTS) {
    it(`fmt ${fmt}: one record a line (0, 1), <sms> blocks in <list> (2), an array of objects (3)`, () => {
      assert.equal(renderHistory([delivered, failedFlash, waiting], MOSCOW, fmt), expected[fmt]);
    });
  }
});

describe('renderHistory: special records', () => {
  it('an e-mail: type 8 and format 8, the address in phone (seed page "format": 8 – e-mail messages)', () => {
    const mail: HistoryRecord = { ...delivered, kind: 'mail', address: 'a@example.com', mccmnc: '', country: '', operator: '', region: '' };
    assert.equal(
      renderHistory([mail], MOSCOW, 1),
      '1,1629048442,0,1629048382,a@example.com,,,,,1.5,SMSC.RU,Delivered, Hello,8,182,9003,1,8,4157704578',
    );
    assert.equal(
      renderHistory([mail], MOSCOW, 0),
      'Status = 1, check_time = 15.08.2021 20:27:22, err = 0, send_date = 15.08.2021 20:26:22, phone = a@example.com, ' +
        'mccmnc = , country = , operator = , region = , cost = 1.5, sender_id = SMSC.RU, status_name = Delivered, ' +
        'message = Hello, type = 8, ID = 182, int_id = 9003, sms_cnt = 1, format = 8, crc = 4157704578',
    );
    const json = renderHistory([mail], MOSCOW, 3);
    assert.ok(json.includes('\n"type": 8,\n"id": 182,\n"int_id": "9003",\n"sms_cnt": 1,\n"format": 8,\n'), json);
  });

  it('a client string id stays a string in JSON (docs/history.md: deviation from the seed\'s number)', () => {
    const record: HistoryRecord = { ...delivered, id: 'order-7', intId: 4294967296 };
    assert.equal(
      renderHistory([record], MOSCOW, 3),
      `[${DELIVERED[3]('Hello', CRC_HELLO).replace('"id": 182,', '"id": "order-7",').replace('"9003"', '"4294967296"')}]`,
    );
    assert.equal(
      renderHistory([record], MOSCOW, 1),
      '1,1629048442,0,1629048382,79995190557,25001,Russia,MTS,Moscow,1.5,SMSC.RU,Delivered, Hello,0,order-7,4294967296,1,0,4157704578',
    );
    assert.equal(
      renderHistory([record], MOSCOW, 2),
      lines('<list>', DELIVERED[2]('Hello', CRC_HELLO).replace('<id>182</id>', '<id>order-7</id>').replace('9003', '4294967296'), '</list>'),
    );
  });

  it('no records: empty text, an empty <list>, [] (the caller answers error 3 instead)', () => {
    assert.equal(renderHistory([], MOSCOW, 0), '');
    assert.equal(renderHistory([], MOSCOW, 1), '');
    assert.equal(renderHistory([], MOSCOW, 2), '<list>\n</list>');
    assert.equal(renderHistory([], MOSCOW, 3), '[]');
  });
});

describe('renderHistory: message text as is in fmt 0/1, escaped by XML and JSON, in the request charset', () => {
  const text = 'Привет, "мир" <&>\nпока';
  const record: HistoryRecord = { ...delivered, text };
  const CRC = 255749771;
  const ascii = (s: string) => {
    assert.match(s, /^[\x00-\x7f]*$/);
    return Buffer.from(s, 'latin1');
  };
  // Octets written out by hand: Привет, мир, пока.
  const WORDS = {
    'windows-1251': [[0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2], [0xec, 0xe8, 0xf0], [0xef, 0xee, 0xea, 0xe0]],
    'koi8-r': [[0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4], [0xcd, 0xc9, 0xd2], [0xd0, 0xcf, 0xcb, 0xc1]],
  } as const;
  /** The ASCII between the three words, per fmt. */
  const JOINTS: Record<Fmt, [string, string]> = {
    0: [', "', '" <&>\n'],
    1: [', "', '" <&>\n'],
    2: [', &quot;', '&quot; &lt;&amp;&gt;\n'],
    3: [', \\"', '\\" <&>\\n'],
  };
  const escaped = (fmt: Fmt) => `Привет${JOINTS[fmt][0]}мир${JOINTS[fmt][1]}пока`;
  const whole = (fmt: Fmt, message: string) =>
    fmt === 2 ? lines('<list>', DELIVERED[2](message, CRC), '</list>') : fmt === 3 ? `[${DELIVERED[3](message, CRC)}]` : DELIVERED[fmt](message, CRC);

  for (const fmt of FMTS) {
    it(`fmt ${fmt} text`, () => assert.equal(renderHistory([record], MOSCOW, fmt), whole(fmt, escaped(fmt))));

    for (const charset of ['windows-1251', 'koi8-r'] as const) {
      it(`fmt ${fmt} in ${charset}, to exact bytes`, () => {
        const [before, after] = whole(fmt, '\0').split('\0') as [string, string];
        const [privet, mir, poka] = WORDS[charset].map((octets) => Buffer.from(octets));
        assert.deepEqual(
          encodeBody(renderHistory([record], MOSCOW, fmt), fmt, charset),
          Buffer.concat([ascii(before), privet!, ascii(JOINTS[fmt][0]), mir!, ascii(JOINTS[fmt][1]), poka!, ascii(after)]),
        );
      });
    }
  }

  it('an emoji windows-1251 cannot hold: ? in fmt 0/1, &#N; in XML, a surrogate pair in JSON (docs/compatibility.md)', () => {
    const emoji: HistoryRecord = { ...delivered, text: 'Hi 👍' };
    const crc = 2412263514;
    const cases: Array<[Fmt, string]> = [
      [0, DELIVERED[0]('Hi ?', crc)],
      [1, DELIVERED[1]('Hi ?', crc)],
      [2, lines('<list>', DELIVERED[2]('Hi &#128077;', crc), '</list>')],
      [3, `[${DELIVERED[3]('Hi \\ud83d\\udc4d', crc)}]`],
    ];
    for (const [fmt, expected] of cases) {
      assert.deepEqual(encodeBody(renderHistory([emoji], MOSCOW, fmt), fmt, 'windows-1251'), ascii(expected), `fmt ${fmt}`);
    }
  });
});
