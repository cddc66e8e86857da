// send.php success answers and per-recipient details, byte for byte (docs/compatibility.md "send.php", spec §3.4–3.6).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSend } from '../../src/wire/send-response.ts';
import type { Fmt, RecipientDetail, SendOutcome } from '../../src/wire/types.ts';

/** The docs table's message: id 42, one part, cost 1.5, balance 98.50 after it. */
const doc: SendOutcome = { id: '42', parts: 1, costMinor: 150, balanceMinor: 9850, details: [] };

describe('renderSend: success shapes (docs "Success shapes", spec §3.4)', () => {
  const table: Array<[0 | 1 | 2 | 3, Fmt, string]> = [
    [0, 0, 'OK - 1 SMS, ID - 42'],
    [0, 1, '42,1'],
    [0, 2, '<result>\n<id>42</id>\n<cnt>1</cnt>\n</result>'],
    [0, 3, '{\n"id": 42,\n"cnt": 1\n}'],
    [1, 0, '1.5 (1 SMS)'],
    [1, 1, '1.5,1'],
    [1, 2, '<result>\n<cost>1.5</cost>\n<cnt>1</cnt>\n</result>'],
    [1, 3, '{\n"cost": "1.5",\n"cnt": 1\n}'],
    [2, 0, 'OK - 1 SMS, ID - 42, COST - 1.5'],
    [2, 1, '42,1,1.5'],
    [2, 2, '<result>\n<id>42</id>\n<cnt>1</cnt>\n<cost>1.5</cost>\n</result>'],
    [2, 3, '{\n"id": 42,\n"cnt": 1,\n"cost": "1.5"\n}'],
    [3, 0, 'OK - 1 SMS, ID - 42, COST - 1.5, BALANCE - 98.50'],
    [3, 1, '42,1,1.5,98.50'],
    [3, 2, '<result>\n<id>42</id>\n<cnt>1</cnt>\n<cost>1.5</cost>\n<balance>98.50</balance>\n</result>'],
    [3, 3, '{\n"id": 42,\n"cnt": 1,\n"cost": "1.5",\n"balance": "98.50"\n}'],
  ];
  for (const [cost, fmt, expected] of table) {
    it(`cost=${cost} fmt=${fmt}`, () => {
      assert.equal(renderSend(doc, cost, 'none', fmt), expected);
    });
  }

  it('recorded 2013 send answer {"id": 1, "cnt": 1} (recorded-responses-2013 3ea1b5fc…)', () => {
    assert.equal(renderSend({ ...doc, id: '1' }, 0, 'none', 3), '{\n"id": 1,\n"cnt": 1\n}');
  });

  it('recorded 2013 cost answer {"cost": "0.4", "cnt": 1} (recorded-responses-2013 d74ec433…)', () => {
    assert.equal(renderSend({ ...doc, costMinor: 40 }, 1, 'none', 3), '{\n"cost": "0.4",\n"cnt": 1\n}');
  });

  it('spec §3.4 LIB sample: OK - 2 SMS, ID - 12345, COST - 4.48', () => {
    const outcome = { ...doc, id: '12345', parts: 2, costMinor: 448 };
    assert.equal(renderSend(outcome, 2, 'none', 0), 'OK - 2 SMS, ID - 12345, COST - 4.48');
  });

  it('spec §3.4 real sample with cost=3: id 63, cost "3.8", balance "286.55"', () => {
    const outcome = { ...doc, id: '63', costMinor: 380, balanceMinor: 28655 };
    assert.equal(renderSend(outcome, 3, 'none', 3), '{\n"id": 63,\n"cnt": 1,\n"cost": "3.8",\n"balance": "286.55"\n}');
  });

  it('a client string id stays a string in every fmt (spec §3.4 JSON typing)', () => {
    const outcome = { ...doc, id: 'order-7.b' };
    assert.equal(renderSend(outcome, 0, 'none', 3), '{\n"id": "order-7.b",\n"cnt": 1\n}');
    assert.equal(renderSend(outcome, 0, 'none', 2), '<result>\n<id>order-7.b</id>\n<cnt>1</cnt>\n</result>');
    assert.equal(renderSend(outcome, 0, 'none', 1), 'order-7.b,1');
    assert.equal(renderSend(outcome, 0, 'none', 0), 'OK - 1 SMS, ID - order-7.b');
  });

  it('an integer beyond 2147483647 is a string id', () => {
    assert.equal(renderSend({ ...doc, id: '2147483648' }, 0, 'none', 3), '{\n"id": "2147483648",\n"cnt": 1\n}');
  });

  it('a free price is "0"', () => {
    assert.equal(renderSend({ ...doc, costMinor: 0 }, 2, 'none', 3), '{\n"id": 42,\n"cnt": 1,\n"cost": "0"\n}');
  });
});

describe('renderSend: per-recipient details (docs "Per-recipient details", spec §3.6)', () => {
  const delivered: RecipientDetail = { address: '79991234567', mccmnc: '25001', costMinor: 150 };
  const failed: RecipientDetail = { address: '7999', mccmnc: '', costMinor: 0, status: 22, err: 249 };
  const outcome: SendOutcome = { id: '42', parts: 1, costMinor: 150, balanceMinor: 9850, details: [delivered, failed] };

  describe("op=1 ('all') lists every recipient", () => {
    it('fmt 0', () => {
      assert.equal(
        renderSend(outcome, 0, 'all', 0),
        'OK - 1 SMS, ID - 42\n79991234567 - 1.5, 25001\n7999 - 0, , 22, 249',
      );
    });
    it('fmt 1', () => {
      assert.equal(renderSend(outcome, 0, 'all', 1), '42,1\n79991234567,25001,1.5\n7999,,0,22,249');
    });
    it('fmt 2', () => {
      assert.equal(
        renderSend(outcome, 0, 'all', 2),
        '<result>\n<id>42</id>\n<cnt>1</cnt>\n<phones>\n' +
          '<item>\n<phone>79991234567</phone>\n<mccmnc>25001</mccmnc>\n<cost>1.5</cost>\n</item>\n' +
          '<item>\n<phone>7999</phone>\n<mccmnc></mccmnc>\n<cost>0</cost>\n<status>22</status>\n<error>249</error>\n</item>\n' +
          '</phones>\n</result>',
      );
    });
    it('fmt 3', () => {
      assert.equal(
        renderSend(outcome, 0, 'all', 3),
        '{\n"id": 42,\n"cnt": 1,\n"phones": [{\n"phone": "79991234567",\n"mccmnc": "25001",\n"cost": "1.5"\n},\n' +
          '{\n"phone": "7999",\n"mccmnc": "",\n"cost": "0",\n"status": 22,\n"error": 249\n}]\n}',
      );
    });
  });

  describe("err=1 ('errors') lists only the failed ones", () => {
    it('fmt 0', () => {
      assert.equal(renderSend(outcome, 0, 'errors', 0), 'OK - 1 SMS, ID - 42\n7999 - 0, , 22, 249');
    });
    it('fmt 1', () => {
      assert.equal(renderSend(outcome, 0, 'errors', 1), '42,1\n7999,,0,22,249');
    });
    it('fmt 2', () => {
      assert.equal(
        renderSend(outcome, 0, 'errors', 2),
        '<result>\n<id>42</id>\n<cnt>1</cnt>\n<phones>\n' +
          '<item>\n<phone>7999</phone>\n<mccmnc></mccmnc>\n<cost>0</cost>\n<status>22</status>\n<error>249</error>\n</item>\n' +
          '</phones>\n</result>',
      );
    });
    it('fmt 3', () => {
      assert.equal(
        renderSend(outcome, 0, 'errors', 3),
        '{\n"id": 42,\n"cnt": 1,\n"phones": [{\n"phone": "7999",\n"mccmnc": "",\n"cost": "0",\n"status": 22,\n"error": 249\n}]\n}',
      );
    });
  });

  describe('err=1 with no failed recipient: no lines in fmt 0/1, an empty list in fmt 2/3 (choice)', () => {
    const allDelivered = { ...outcome, details: [delivered] };
    it('fmt 0', () => assert.equal(renderSend(allDelivered, 0, 'errors', 0), 'OK - 1 SMS, ID - 42'));
    it('fmt 1', () => assert.equal(renderSend(allDelivered, 0, 'errors', 1), '42,1'));
    it('fmt 2', () => {
      assert.equal(
        renderSend(allDelivered, 0, 'errors', 2),
        '<result>\n<id>42</id>\n<cnt>1</cnt>\n<phones>\n</phones>\n</result>',
      );
    });
    it('fmt 3', () => {
      assert.equal(renderSend(allDelivered, 0, 'errors', 3), '{\n"id": 42,\n"cnt": 1,\n"phones": []\n}');
    });
  });

  it("without err/op ('none') there is no block, even with failed recipients", () => {
    assert.equal(renderSend(outcome, 0, 'none', 3), '{\n"id": 42,\n"cnt": 1\n}');
    assert.equal(renderSend(outcome, 0, 'none', 2), '<result>\n<id>42</id>\n<cnt>1</cnt>\n</result>');
    assert.equal(renderSend(outcome, 0, 'none', 1), '42,1');
    assert.equal(renderSend(outcome, 0, 'none', 0), 'OK - 1 SMS, ID - 42');
  });

  it('details come after cost and balance with cost=3', () => {
    assert.equal(
      renderSend(outcome, 3, 'all', 0),
      'OK - 1 SMS, ID - 42, COST - 1.5, BALANCE - 98.50\n79991234567 - 1.5, 25001\n7999 - 0, , 22, 249',
    );
    assert.equal(
      renderSend(outcome, 3, 'errors', 3),
      '{\n"id": 42,\n"cnt": 1,\n"cost": "1.5",\n"balance": "98.50",\n"phones": [{\n"phone": "7999",\n"mccmnc": "",\n"cost": "0",\n"status": 22,\n"error": 249\n}]\n}',
    );
  });

  it('a price query (cost=1) lists recipients after cost and cnt', () => {
    assert.equal(renderSend(outcome, 1, 'all', 1), '1.5,1\n79991234567,25001,1.5\n7999,,0,22,249');
  });
});
