// Recipient normalisation per docs/compatibility.md (send.php → Phones) and spec §3.1 and §4.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEmail, normalizeLookupAddress, normalizePhone } from '../../src/numbering/phones.ts';

const invalid = { invalid: true };

test('compatibility send.php → Phones: 11 digits starting with 8 become 7…', () => {
  assert.deepEqual(normalizePhone('89991234567'), { address: '79991234567' });
});

test('spec §3.1: a leading + turns auto-correction off and is removed', () => {
  assert.deepEqual(normalizePhone('+89991234567'), { address: '89991234567' });
  assert.deepEqual(normalizePhone('+9991234567'), { address: '9991234567' });
  assert.deepEqual(normalizePhone('+79991234567'), { address: '79991234567' });
});

test('compatibility send.php → Phones: 10 digits starting with 9 get a leading 7', () => {
  assert.deepEqual(normalizePhone('9991234567'), { address: '79991234567' });
  assert.deepEqual(normalizePhone('4951234567'), { address: '4951234567' }, 'only 9xx is corrected');
});

test('compatibility send.php → Phones: other lengths are never corrected', () => {
  assert.deepEqual(normalizePhone('899912345678'), { address: '899912345678' });
  assert.deepEqual(normalizePhone('380501234567'), { address: '380501234567' });
});

test('compatibility send.php → Phones: spaces, -, (, ) and . inside a number are ignored', () => {
  assert.deepEqual(normalizePhone(' 8 (999) 123-45-67 '), { address: '79991234567' });
  assert.deepEqual(normalizePhone('+7 999.123.45.67'), { address: '79991234567' });
  assert.deepEqual(normalizePhone('+ 44 20 7946 0958'), { address: '442079460958' });
});

test('compatibility send.php → Phones: 10 to 15 digits are valid, anything else is not', () => {
  assert.deepEqual(normalizePhone('1234567890'), { address: '1234567890' });
  assert.deepEqual(normalizePhone('123456789012345'), { address: '123456789012345' });
  for (const raw of ['', '   ', '+', '123456789', '1234567890123456', '7999123456a', '7999I234567', '++79991234567', '7999+1234567', '７９９９１２３４５６７', 'G1', 'user@example.com']) {
    assert.deepEqual(normalizePhone(raw), invalid, `${JSON.stringify(raw)} is invalid`);
  }
});

test('spec §3.1 mail=1: e-mail addresses are trimmed and their domain lowercased', () => {
  assert.deepEqual(normalizeEmail('  Ivan.Petrov@Example.COM '), { address: 'Ivan.Petrov@example.com' });
  assert.deepEqual(normalizeEmail('a+tag@mail.co.uk'), { address: 'a+tag@mail.co.uk' });
  assert.deepEqual(normalizeEmail('info@ПОЧТА.рф'), { address: 'info@почта.рф' });
  assert.deepEqual(normalizeEmail('x@my-host.example'), { address: 'x@my-host.example' });
});

test('spec §3.1 mail=1: malformed e-mail addresses are invalid', () => {
  const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`;
  const cases = [
    '', 'plain', '@example.com', 'a@', 'a@b@example.com', 'a@localhost', 'a b@example.com', 'a@exa mple.com',
    'a\u0000@example.com', 'a@example..com', 'a@-example.com', 'a@example-.com', 'a@exa_mple.com',
    'a@10.0.0.1', `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(64)}.com`, long,
  ];
  for (const raw of cases) assert.deepEqual(normalizeEmail(raw), invalid, `${JSON.stringify(raw)} is invalid`);
  assert.ok(long.length > 254);
  assert.deepEqual(normalizeEmail(`${'a'.repeat(64)}@example.com`), { address: `${'a'.repeat(64)}@example.com` });
});

test('spec §4.1 status.php phone: lookups normalise phones and e-mails as send.php stored them', () => {
  assert.equal(normalizeLookupAddress('8 (999) 123-45-67'), '79991234567');
  assert.equal(normalizeLookupAddress('+89991234567'), '89991234567');
  assert.equal(normalizeLookupAddress(' Ivan@Example.com'), 'Ivan@example.com');
});

test('spec §4.1 status.php phone: unparseable lookups fall back to the trimmed input', () => {
  assert.equal(normalizeLookupAddress(' 12345 '), '12345');
  assert.equal(normalizeLookupAddress(' bad@host '), 'bad@host');
  assert.equal(normalizeLookupAddress(''), '');
});
