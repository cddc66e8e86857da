// info.php?get_operator=1: decoding and the answer in every fmt, byte for byte (docs/compatibility.md "info.php").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeOperatorLookup, MAX_OPERATOR_PHONES } from '../../src/wire/operator-request.ts';
import { renderOperators } from '../../src/wire/operator-response.ts';
import type { Fmt, OperatorRecord } from '../../src/wire/types.ts';

const params = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('decodeOperatorLookup', () => {
  it('one number, a list, and a trailing comma asking for the list form', () => {
    assert.deepEqual(decodeOperatorLookup(params({ get_operator: '1', phone: '79161234567' })), { phones: ['79161234567'], multi: false });
    assert.deepEqual(decodeOperatorLookup(params({ get_operator: '1', phone: '79161234567, 380501234567' })), {
      phones: ['79161234567', '380501234567'],
      multi: true,
    });
    assert.deepEqual(decodeOperatorLookup(params({ get_operator: '1', phone: '79161234567,' })), { phones: ['79161234567'], multi: true });
  });

  it('error 1 without the flag, without phones, with an empty item or over the cap', () => {
    const tooMany = Array.from({ length: MAX_OPERATOR_PHONES + 1 }, (_, i) => `7916000${String(i).padStart(4, '0')}`).join(',');
    const bads: Record<string, string>[] = [{ phone: '79161234567' }, { get_operator: '2', phone: '7916' }, { get_operator: '1' }, { get_operator: '1', phone: '' }, { get_operator: '1', phone: '7916,,7903' }, { get_operator: '1', phone: tooMany }];
    for (const bad of bads) {
      assert.deepEqual(decodeOperatorLookup(params(bad)), { error: 'parameters' }, JSON.stringify(bad).slice(0, 60));
    }
  });
});

describe('renderOperators', () => {
  const mts: OperatorRecord = { phone: '79161234567', country: 'Россия', operator: 'МТС', region: 'г. Москва', mcc: '250', mnc: '01', tz: '0' };
  const kyiv: OperatorRecord = { phone: '380501234567', country: 'Украина', operator: 'Vodafone & <Co>', region: '', mcc: '255', mnc: '01', tz: '' };

  const single: Array<[Fmt, string]> = [
    [0, 'country = Россия, operator = МТС, region = г. Москва, mcc = 250, mnc = 01, tz = 0'],
    [1, 'Россия,МТС,г. Москва,250,01,0'],
    [2, '<result>\n<country>Россия</country>\n<operator>МТС</operator>\n<region>г. Москва</region>\n<mcc>250</mcc>\n<mnc>01</mnc>\n<tz>0</tz>\n</result>'],
    [3, '{\n"country": "Россия",\n"operator": "МТС",\n"region": "г. Москва",\n"mcc": "250",\n"mnc": "01",\n"tz": "0"\n}'],
  ];
  for (const [fmt, expected] of single) {
    it(`one number, fmt ${fmt}`, () => assert.equal(renderOperators([mts], false, fmt), expected));
  }

  const list: Array<[Fmt, string]> = [
    [
      0,
      'phone = 79161234567, country = Россия, operator = МТС, region = г. Москва, mcc = 250, mnc = 01, tz = 0\n' +
        'phone = 380501234567, country = Украина, operator = Vodafone & <Co>, region = , mcc = 255, mnc = 01, tz = ',
    ],
    [1, '79161234567,Россия,МТС,г. Москва,250,01,0\n380501234567,Украина,Vodafone & <Co>,,255,01,'],
    [
      2,
      '<list>\n<info>\n<phone>79161234567</phone>\n<country>Россия</country>\n<operator>МТС</operator>\n<region>г. Москва</region>\n<mcc>250</mcc>\n<mnc>01</mnc>\n<tz>0</tz>\n</info>\n' +
        '<info>\n<phone>380501234567</phone>\n<country>Украина</country>\n<operator>Vodafone &amp; &lt;Co&gt;</operator>\n<region></region>\n<mcc>255</mcc>\n<mnc>01</mnc>\n<tz></tz>\n</info>\n</list>',
    ],
    [
      3,
      '[{\n"phone": "79161234567",\n"country": "Россия",\n"operator": "МТС",\n"region": "г. Москва",\n"mcc": "250",\n"mnc": "01",\n"tz": "0"\n},\n' +
        '{\n"phone": "380501234567",\n"country": "Украина",\n"operator": "Vodafone & <Co>",\n"region": "",\n"mcc": "255",\n"mnc": "01",\n"tz": ""\n}]',
    ],
  ];
  for (const [fmt, expected] of list) {
    it(`a list, fmt ${fmt}`, () => assert.equal(renderOperators([mts, kyiv], true, fmt), expected));
  }
});
